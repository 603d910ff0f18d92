"""Matching a message: the winner, its confidence, fallbacks, suggestions, the explanation."""

from __future__ import annotations

from dataclasses import replace

from consultbot.knowledge.schema import KnowledgeBase
from consultbot.matching.compile import compile_index
from consultbot.matching.index import MatcherIndex
from consultbot.matching.matcher import determine_intent


def test_a_typo_ridden_question_reaches_its_criterion_and_explains_why(
    index: MatcherIndex,
) -> None:
    result = determine_intent(index, "wich is fatser djnago or fastpi")
    assert result.intent == "django-vs-fastapi/criterion/api-performance"
    assert 0 < result.confidence <= 1 and not result.fallback
    assert result.runner_up is not None
    explanation = result.explain()
    assert "fatser→faster" in explanation and "djnago→django" in explanation
    assert "rule: criterion 'faster'" in explanation
    assert "margin" in explanation


def test_structured_items_match_from_their_names_without_examples(index: MatcherIndex) -> None:
    assert determine_intent(index, "how do they compare on docs").intent.endswith("/documentation")
    assert determine_intent(index, "which has better documentation").intent.endswith(
        "/documentation"
    )


def test_out_of_scope_chatter_falls_back_with_suggestions(index: MatcherIndex) -> None:
    result = determine_intent(index, "what is the weather in paris tomorrow")
    assert result.fallback and result.intent is None
    assert 2 <= len(result.suggestions) <= 3


def test_nothing_known_falls_back_without_a_guess(index: MatcherIndex) -> None:
    result = determine_intent(index, "xqzt vbnm")
    assert result.fallback and result.best is None and result.confidence == 0
    assert "falling back" in result.explain()


def test_two_close_intents_are_flagged_with_suggestions(index: MatcherIndex) -> None:
    wide = replace(index, settings=replace(index.settings, margin=1.0))
    result = determine_intent(wide, "which is faster")
    assert result.too_close and result.suggestions


def test_a_generic_faq_knowledge_base_is_matched_from_its_examples(faq_kb: KnowledgeBase) -> None:
    index = compile_index(faq_kb)
    assert determine_intent(index, "wheres my parcell").intent == "delivery"
    assert determine_intent(index, "can i get a refund").intent == "refund"
    assert determine_intent(index, "what time do you open").intent == "opening-hours"


def test_an_empty_knowledge_base_always_falls_back() -> None:
    index = compile_index(KnowledgeBase())
    assert determine_intent(index, "hello").fallback
