"""How the plain FAQ entries are scored: own words, cue words, kinds, small talk, the learner.

Each rule leaves a reason in the match's explanation; the tests read the winner and those
reasons, on a small FAQ built in memory and on the shipped knowledge (``index``).
"""

from __future__ import annotations

import pytest

from consultbot.knowledge.schema import KnowledgeBase
from consultbot.matching.compile import compile_index
from consultbot.matching.evidence import MatchContext, Reason
from consultbot.matching.faq_rules import EXACT_POINTS, NEAR_MIN_CHARS
from consultbot.matching.index import MatcherIndex
from consultbot.matching.matcher import determine_intent

ON_PAGE = MatchContext("django-vs-fastapi")


def intent(index: MatcherIndex, text: str) -> str | None:
    return determine_intent(index, text, ON_PAGE).intent


@pytest.fixture(scope="module")
def faq_index(faq_kb: KnowledgeBase) -> MatcherIndex:
    """The index of the generic FAQ of tests/matching/conftest.py (no cues, no pages)."""
    return compile_index(faq_kb)


def rules(index: MatcherIndex, text: str) -> list[str]:
    return [reason.rule for reason in determine_intent(index, text).reasons]


def test_an_examples_own_words_are_decisive(faq_index: MatcherIndex) -> None:
    result = determine_intent(faq_index, "Refund please!")
    assert result.intent == "refund"
    assert Reason("same words as an example", "", EXACT_POINTS) in result.reasons


def test_the_learned_reason_names_the_entrys_own_words(faq_index: MatcherIndex) -> None:
    result = determine_intent(faq_index, "can you track my parcel please")
    assert result.intent == "delivery"
    [learned] = [r for r in result.reasons if r.rule.startswith("learned from examples")]
    assert learned.rule == "learned from examples (parcel, track)" and learned.points > 0
    assert "same words as an example" not in rules(faq_index, "can you track my parcel please")


def test_a_message_sharing_no_word_with_any_example_is_no_entry(faq_index: MatcherIndex) -> None:
    result = determine_intent(faq_index, "zxqv blorp")
    assert result.intent is None and result.fallback
    assert not any(r.rule.startswith("learned from examples") for r in result.reasons)


def test_a_short_message_is_never_worded_like_an_example(index: MatcherIndex) -> None:
    short = "what can u?"
    assert len(short) < NEAR_MIN_CHARS
    assert "worded like an example" not in [r.rule for r in determine_intent(index, short).reasons]


def test_a_named_topic_makes_the_which_to_choose_entry_step_back(index: MatcherIndex) -> None:
    assert intent(index, "which should i choose") == "which-to-choose"
    named = determine_intent(index, "which should i choose for an admin panel", ON_PAGE)
    assert named.intent == "django-vs-fastapi/metric/built-in-admin"
    assert named.runner_up is not None and named.runner_up.intent_id == "which-to-choose"


def test_an_entrys_topic_named_with_a_kind_is_that_entry_not_the_kinds_overview(
    index: MatcherIndex,
) -> None:
    read = determine_intent(index, "how long is the consultation?", ON_PAGE)
    assert read.intent == "consultation-info"
    assert "cue duration about it" in [r.rule for r in read.reasons]
    assert intent(index, "how long does a migration take?") == "django-vs-fastapi/migration"


def test_a_question_worded_like_an_faq_example_is_that_entry(index: MatcherIndex) -> None:
    result = determine_intent(index, "what can you help me with?", ON_PAGE)
    assert result.intent == "capabilities"
    assert "worded like an example" in result.explain()
    # A few shared words are not a wording: this is not "what can you help with".
    assert determine_intent(index, "what can you cook with", ON_PAGE).intent is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Many thanks, that's been useful. Goodbye.", "goodbye"), ("bye, and thanks!", "thanks")],
)
def test_of_two_pieces_of_small_talk_the_one_said_last_answers(
    index: MatcherIndex, text: str, expected: str
) -> None:
    result = determine_intent(index, text, ON_PAGE)
    assert result.intent == expected
    assert "said last" in result.explain()


def test_an_entry_asked_with_two_of_its_kinds_outweighs_the_overview_of_both(
    index: MatcherIndex,
) -> None:
    read = determine_intent(index, "how long is the consult call and does it cost anything")
    assert read.intent == "consultation-info"
    assert "cost and duration about it" in read.explain()
    # Without the entry's own word, the same kinds ask about a migration.
    assert intent(index, "how long does it take and what does it cost") == (
        "django-vs-fastapi/migration"
    )
