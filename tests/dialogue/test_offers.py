"""The assistant's own offers: its chips and a yes to a consultation it offered start the form."""

from __future__ import annotations

import pytest

from consultbot.dialogue.replies import LEAD_STARTED
from consultbot.dialogue.state import ConversationState, Mode
from consultbot.knowledge.schema import KnowledgeBase
from consultbot.matching.index import MatcherIndex
from tests.dialogue.conftest import Chat, kinds, text_of

TWO_MISSES = ["what's the weather like in paris", "asdf qwer zxcv"]


def started_form(chat: Chat) -> bool:
    return chat.state.mode is Mode.COLLECTING and chat.state.lead is not None


@pytest.mark.parametrize(
    "chip",
    ["Get a cost estimate", "get a COST estimate ", "Talk to an expert", "talk  to an expert"],
)
def test_the_assistant_s_own_chips_start_the_form(
    kb: KnowledgeBase, index: MatcherIndex, chip: str
) -> None:
    chat = Chat(kb, index)
    assert (
        "Get a cost estimate" in chat.say("which has better documentation").replies[0].quick_replies
    )
    result = chat.say(chip)
    assert LEAD_STARTED in kinds(result)
    assert started_form(chat)


def test_words_near_a_chip_are_still_read_by_the_matcher(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    chat = Chat(kb, index)
    result = chat.say("what would a cost estimate be for a small app")
    assert LEAD_STARTED not in kinds(result)
    assert result.intent == "django-vs-fastapi/tier/small"


@pytest.mark.parametrize(
    "text", ["Book a free consultation", "book a consultation", "book a call", "book me", "book it"]
)
def test_asking_to_book_starts_the_form(kb: KnowledgeBase, index: MatcherIndex, text: str) -> None:
    chat = Chat(kb, index)
    result = chat.say(text)
    assert result.intent == "consultation"
    assert started_form(chat)


def test_the_consultation_answer_s_chip_starts_the_form(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    chat = Chat(kb, index)
    info = chat.say("how much is the consultation")
    assert info.intent == "consultation-info"
    chip = info.replies[0].quick_replies[0]
    assert chip == "Book a free consultation"
    assert LEAD_STARTED in kinds(chat.say(chip))


def test_questions_about_the_consultation_are_still_answered(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    for text in ("how much is the consultation", "is the consultation free", "how do I set it up"):
        chat = Chat(kb, index)
        assert LEAD_STARTED not in kinds(chat.say(text)), text
        assert not started_form(chat)


@pytest.mark.parametrize("yes", ["yes", "sure", "yes please", "ok book it", "Yes!", "set it up"])
def test_a_yes_to_the_offer_after_two_misses_starts_the_form(
    kb: KnowledgeBase, index: MatcherIndex, yes: str
) -> None:
    chat = Chat(kb, index)
    offered = chat.run(TWO_MISSES)[-1]
    assert offered.replies[-1].text == kb.site.offer
    assert chat.state.offer_pending
    result = chat.say(yes)
    assert LEAD_STARTED in kinds(result)
    assert started_form(chat)


@pytest.mark.parametrize("yes", ["yes", "sure thing", "yes please"])
def test_a_yes_to_the_consultation_answer_starts_the_form(
    kb: KnowledgeBase, index: MatcherIndex, yes: str
) -> None:
    chat = Chat(kb, index)
    chat.say("is the consultation free?")
    assert LEAD_STARTED in kinds(chat.say(yes))


@pytest.mark.parametrize("no", ["no", "no thanks", "not now", "nope"])
def test_a_no_to_the_offer_does_not_start_the_form(
    kb: KnowledgeBase, index: MatcherIndex, no: str
) -> None:
    chat = Chat(kb, index)
    chat.run(TWO_MISSES)
    result = chat.say(no)
    assert LEAD_STARTED not in kinds(result)
    assert not started_form(chat)
    assert "No problem" in text_of(result)
    assert not chat.state.offer_pending and chat.state.fallbacks_in_row == 0
    # The offer is over: a yes now is not a yes to it.
    assert LEAD_STARTED not in kinds(chat.say("yes"))


def test_a_no_with_a_question_gets_the_question_answered(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    chat = Chat(kb, index)
    chat.run(TWO_MISSES)
    result = chat.say("no, but which one is faster")
    assert not started_form(chat)
    assert result.intent == "django-vs-fastapi/criterion/api-performance"


@pytest.mark.parametrize("yes", ["yes", "sure", "ok"])
def test_a_yes_that_answers_no_offer_starts_nothing(
    kb: KnowledgeBase, index: MatcherIndex, yes: str
) -> None:
    for opening in ([], ["which one is faster?"], ["what's the weather like in paris"]):
        chat = Chat(kb, index)
        chat.run(opening)
        assert not chat.state.offer_pending
        assert LEAD_STARTED not in kinds(chat.say(yes)), (opening, yes)
        assert not started_form(chat)


def test_the_offer_lapses_after_another_message(kb: KnowledgeBase, index: MatcherIndex) -> None:
    chat = Chat(kb, index)
    chat.say("is the consultation free?")
    chat.say("which one is faster?")
    assert not chat.state.offer_pending
    assert LEAD_STARTED not in kinds(chat.say("yes"))


def test_an_offer_answered_mid_form_does_not_outlive_the_form(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    chat = Chat(kb, index)
    chat.run(["talk to a human", "Grace"])
    chat.say("is the consultation free?")
    chat.say("cancel")
    assert chat.state.mode is Mode.ANSWERING and not chat.state.offer_pending
    assert LEAD_STARTED not in kinds(chat.say("yes"))


def test_a_state_stored_before_offers_were_remembered_still_loads() -> None:
    stored = ConversationState(fallbacks_in_row=2).to_json()
    del stored["offer_pending"]
    loaded = ConversationState.from_json(stored)
    assert loaded == ConversationState(fallbacks_in_row=2)
    assert not loaded.offer_pending
    pending = ConversationState(offer_pending=True)
    assert ConversationState.from_json(pending.to_json()) == pending
