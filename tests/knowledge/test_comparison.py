"""A comparison's typed values: the rules each entry checks, and the lookups others use."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from consultbot.knowledge.comparison import (
    Comparison,
    Criterion,
    Money,
    ScoreAnchor,
    ScoringMethod,
    expected_winner,
)


def make_comparison(**overrides: object) -> Comparison:
    """Build a small valid comparison, with fields replaced by the overrides."""
    fields: dict[str, object] = {
        "id": "a-vs-b",
        "title": "A vs B",
        "page": "/compare/a-vs-b",
        "frameworks": ("a", "b"),
        "summary": "Short.",
        "verdicts": {"a": "Sites.", "b": "APIs."},
        "criteria": (
            {"id": "speed", "name": "Speed", "scores": {"a": 6, "b": 9}, "winner": "b", "why": "."},
            {"id": "docs", "name": "Docs", "scores": {"a": 8, "b": 8}, "winner": "tie", "why": "."},
        ),
    }
    fields.update(overrides)
    return Comparison.model_validate(fields)


def test_winner_is_checked_against_the_scores() -> None:
    with pytest.raises(ValidationError, match="which make it 'b'"):
        Criterion(id="x", name="X", scores={"a": 6, "b": 9}, winner="a", why=".")
    assert expected_winner({"a": 7, "b": 7}) == "tie"


def test_cost_range_max_below_min_is_refused() -> None:
    with pytest.raises(ValidationError, match=r"max must not be below min \(got min 5, max 1\)"):
        Money(min=5, max=1)


def test_wins_count_criteria_per_framework_and_ties() -> None:
    assert make_comparison().wins() == {"a": 0, "b": 1, "ties": 1}


def test_anchor_labels_read_as_people_say_them() -> None:
    method = ScoringMethod(
        scale="1 to 10",
        anchors=(
            ScoreAnchor(min=10, max=10, meaning="proven"),
            ScoreAnchor(min=8, max=9, meaning="reliable"),
            ScoreAnchor(min=1, max=3, meaning="avoid"),
        ),
    )

    assert [anchor.label for anchor in method.anchors] == ["10", "8-9", "below 4"]
    anchor = method.anchor_for(9)
    assert anchor is not None and anchor.meaning == "reliable"
    assert method.anchor_for(5) is None


def test_a_comparison_looks_up_its_criteria_metrics_and_tiers_by_id() -> None:
    comparison = make_comparison()
    speed = comparison.criterion("speed")
    assert speed is not None and speed.winner == "b"
    assert comparison.criterion("docs") is not None and comparison.metric("docs") is None
    assert comparison.tier("small") is None
