"""Editor wording for validation errors."""

from __future__ import annotations

from consultbot.knowledge.comparison import Comparison, CostTier, Criterion, Money
from consultbot.knowledge.errors_text import model_at, show, suggest


def test_suggest_offers_a_close_name_only() -> None:
    assert suggest("winer", ["winner", "why"]) == "; did you mean 'winner'?"
    assert suggest("colour", ["winner", "why"]) == ""


def test_model_at_walks_lists_mappings_and_optional_fields() -> None:
    assert model_at(Comparison, ("criteria", 0)) is Criterion
    assert model_at(Comparison, ("migration", "tiers", 1)) is CostTier
    assert model_at(Comparison, ("migration", "tiers", 1, "cost")) is Money
    assert model_at(Comparison, ("criteria", 0, "scores")) is None
    assert model_at(Comparison, ("nothing",)) is None


def test_show_writes_values_as_editors_recognise_them() -> None:
    assert show(True) == "yes"
    assert show(None) == "nothing"
    assert show([]) == "an empty list"
    assert show(["django"]) == "['django']"
    assert show({"a": 1}) == "a group of fields"
    assert show("x" * 100).endswith("...")
