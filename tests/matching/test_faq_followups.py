"""Follow-ups to a plain FAQ answer: "it" right after an entry's answer is the entry's topic."""

from __future__ import annotations

import pytest

from consultbot.knowledge.schema import KnowledgeBase
from consultbot.matching.evidence import MatchContext
from consultbot.matching.index import MatcherIndex, compile_index
from consultbot.matching.matcher import determine_intent
from tests.matching.conftest import CUES, tiny_comparison

PAGE = "django-vs-fastapi"


@pytest.mark.parametrize(
    ("last", "text", "expected"),
    [
        ("consultation-info", "and is it really without charge?", "consultation-info"),
        ("consultation", "what happens in it exactly", "consultation-info"),
        ("privacy", "can you delete it for me later", "privacy"),
    ],
)
def test_a_pointer_after_an_faq_answer_is_that_answers_topic(
    index: MatcherIndex, last: str, text: str, expected: str
) -> None:
    read = determine_intent(index, text, MatchContext(PAGE, faq=last))
    assert read.intent == expected
    assert any(r.rule == "the last answer's topic" for r in read.reasons)


def test_the_same_words_without_that_answer_before_are_not_read_so(index: MatcherIndex) -> None:
    read = determine_intent(index, "and is it really without charge?", MatchContext(PAGE))
    assert not any(r.rule == "the last answer's topic" for r in read.reasons)


def test_a_message_naming_its_own_subject_keeps_it(index: MatcherIndex) -> None:
    after = MatchContext(PAGE, faq="consultation-info")
    read = determine_intent(index, "is it faster than django?", after)
    assert not any(r.rule == "the last answer's topic" for r in read.reasons)
    assert read.intent != "consultation-info"


def test_an_entry_without_a_topic_reads_pointers_as_usual() -> None:
    data = {
        "frameworks": [{"id": "alpha", "name": "Alpha"}, {"id": "beta", "name": "Beta"}],
        "comparisons": [tiny_comparison("alpha-vs-beta", "alpha", "beta")],
        "cues": CUES,
        "intents": [
            {"id": "hours", "examples": ["opening hours"], "answer": "Nine to five."},
            {"id": "office", "examples": ["where is the office"], "answer": "Leeds.",
             "topic": "the office"},
        ],
    }  # fmt: skip
    index = compile_index(KnowledgeBase.model_validate(data))
    plain = determine_intent(
        index, "is it open on sundays", MatchContext("alpha-vs-beta", faq="hours")
    )
    assert not any(r.rule == "the last answer's topic" for r in plain.reasons)
    office = determine_intent(index, "is it open", MatchContext("alpha-vs-beta", faq="office"))
    assert any(r.words == "it → the office" for r in office.reasons)


def test_a_pointer_inside_one_of_our_phrases_stays(index: MatcherIndex) -> None:
    read = determine_intent(
        index, "can you build this for us", MatchContext(PAGE, faq="consultation")
    )
    assert read.intent == "consultation"
    assert not any(r.rule == "the last answer's topic" for r in read.reasons)
