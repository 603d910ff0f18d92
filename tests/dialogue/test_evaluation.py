"""Scoring labelled cases and choosing the threshold."""

from __future__ import annotations

import pytest

from consultbot.dialogue.evaluation import (
    Case,
    Outcome,
    choose_threshold,
    run_cases,
    summarise,
    threshold_curve,
)
from consultbot.errors import ConsultbotError
from consultbot.knowledge.schema import KnowledgeBase
from consultbot.matching.index import MatcherIndex


def outcome(intent: str | None, best: str, confidence: float) -> Outcome:
    return Outcome(Case("text", intent), best, confidence, 0.001)


def test_a_conversation_case_is_scored_in_the_context_of_its_earlier_turns(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    page = "/compare/django-vs-fastapi"
    follow_up = Case("how long would that take?", "x", page, ("how much for a large app?",))
    alone = Case("how long would that take?", "x", page)
    first, second = run_cases(kb, index, [follow_up, alone])
    assert first.best == "django-vs-fastapi/tier/large"
    assert second.best == "django-vs-fastapi/migration"


def test_summary_counts_fallbacks_against_in_scope_and_for_out_of_scope() -> None:
    outcomes = [
        outcome("a", "a", 0.9),
        outcome("a", "b", 0.9),
        outcome("a", "a", 0.2),
        outcome(None, "a", 0.1),
        outcome(None, "a", 0.8),
    ]
    report = summarise(outcomes, threshold=0.5)
    assert report.in_scope_accuracy == pytest.approx(1 / 3)
    assert report.oos_recall == pytest.approx(1 / 2)
    assert report.oos_precision == pytest.approx(1 / 2)
    assert ("a", "b", 1) in report.confused


def test_threshold_separates_in_scope_from_out_of_scope() -> None:
    outcomes = [outcome("a", "a", c) for c in (0.9, 0.8, 0.7)]
    outcomes += [outcome(None, "a", c) for c in (0.3, 0.2)]
    threshold = choose_threshold(outcomes)
    assert 0.3 < threshold <= 0.7


def test_the_default_objective_keeps_accuracy_once_half_the_off_topic_falls_back() -> None:
    # Balanced accuracy would pick 0.6 here (all off-topic out, two right answers lost); the
    # default objective only asks half the off-topic cases to fall back, so it keeps them.
    outcomes = [outcome("a", "a", c) for c in (0.9, 0.8, 0.55, 0.5)]
    outcomes += [outcome(None, "a", c) for c in (0.58, 0.3)]
    threshold = choose_threshold(outcomes)
    assert threshold <= 0.5
    assert summarise(outcomes, threshold).in_scope_accuracy == 1.0
    strict = choose_threshold(outcomes, oos_target=1.0)
    assert summarise(outcomes, strict).oos_recall == 1.0


def test_the_curve_shows_accuracy_and_recall_at_each_threshold() -> None:
    outcomes = [outcome("a", "a", 0.9), outcome(None, "a", 0.4)]
    curve = {point.threshold: point for point in threshold_curve(outcomes)}
    assert curve[0.0].in_scope_accuracy == 1.0 and curve[0.0].oos_recall == 0.0
    assert curve[0.9].in_scope_accuracy == 1.0 and curve[0.9].oos_recall == 1.0


def test_without_out_of_scope_cases_the_threshold_costs_little_accuracy() -> None:
    outcomes = [outcome("a", "a", c / 100) for c in range(50, 100)]
    threshold = choose_threshold(outcomes)
    report = summarise(outcomes, threshold)
    assert report.in_scope_accuracy >= 0.95 and threshold > 0.5


def test_calibration_needs_in_scope_cases() -> None:
    with pytest.raises(ConsultbotError, match="needs in-scope cases"):
        choose_threshold([outcome(None, "a", 0.5)])
