"""What the visitor is told when a person is brought in, is not free, or does not come (pure)."""

from __future__ import annotations

import pytest

from consultbot.dialogue.engine import start, step
from consultbot.dialogue.form_step import CALL_YOU
from consultbot.dialogue.handoff import (
    LEFT,
    LEFT_MID_FORM,
    LEFT_WITH_LEAD,
    STOP_WAITING,
    STOPPED,
    bring_in,
    nobody_free,
    person_requested,
    step_while_waiting,
    timed_out,
)
from consultbot.dialogue.repeats import IN_SHORT
from consultbot.dialogue.replies import WAIT_WITHDRAWN, StepResult
from consultbot.dialogue.state import ConversationState, LeadDraft, Mode
from consultbot.knowledge.schema import KnowledgeBase, Site
from consultbot.matching.index import MatcherIndex
from tests.dialogue.conftest import PAGE, Chat


def test_asking_for_a_person_is_reported_to_the_shell(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    result = step(ConversationState(), "let me talk to a person", kb, index)
    assert person_requested(result) == "asked for a person"
    assert result.state.mode is Mode.COLLECTING  # the form, unless the shell brings someone in


def test_a_question_asks_for_no_person(kb: KnowledgeBase, index: MatcherIndex) -> None:
    assert person_requested(step(ConversationState(), "which is faster?", kb, index)) is None


def test_bringing_a_person_in_keeps_the_state_before_the_request(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    before = ConversationState()
    result = bring_in(before, step(before, "contact sales", kb, index), kb)
    assert result.state == before
    assert [r.text for r in result.replies] == [kb.site.live_chat.bringing_in]
    assert result.replies[0].quick_replies == (STOP_WAITING,)
    assert person_requested(result) == "asked for a person"


def test_nobody_free_says_so_before_the_form_with_the_booking_link(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    booking = kb.model_copy(update={"site": Site(booking_url="https://example.com/book")})
    form = step(ConversationState(), "let me talk to a person", booking, index)
    told = nobody_free(form, booking)
    assert told.replies[0].text == (
        "None of our engineers is free to chat right now. "
        "You can also book a call at a time that suits you: https://example.com/book"
    )
    assert told.replies[1:] == form.replies and told.state == form.state


def test_a_wait_that_ran_out_offers_the_form(kb: KnowledgeBase) -> None:
    reply = timed_out(kb)
    assert "none of our engineers could join" in reply.text
    assert reply.quick_replies == ("Talk to an expert",)


def test_a_wait_that_ran_out_offers_a_booking_only_with_a_booking_page(
    kb: KnowledgeBase,
) -> None:
    assert not kb.site.booking_url
    assert "book" not in timed_out(kb).text.lower()
    booking = kb.model_copy(update={"site": Site(booking_url="https://example.com/book")})
    assert timed_out(booking).text.endswith(
        "You can also book a call at a time that suits you: https://example.com/book"
    )


def test_while_waiting_for_a_person_questions_are_still_answered(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    before = ConversationState()
    result = step_while_waiting(before, "which is faster?", kb, index)
    assert result.intent == "django-vs-fastapi/criterion/api-performance"
    assert "FastAPI wins" in result.replies[0].text
    assert result.state.mode is Mode.ANSWERING and not result.events
    # Its chips would ask for the person again, who is already on the way.
    assert not {"Talk to an expert", "Get a cost estimate"} & set(result.replies[0].quick_replies)


def test_while_waiting_anything_else_is_acknowledged_and_starts_nothing(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    before = ConversationState(fallbacks_in_row=1)
    statements = ("hello? my name is Bob", "We run Django 3.2 with 40 models", "asdf qwer")
    for text in (*statements, "book a call", "Talk to an expert", "yes", "can you call me?"):
        result = step_while_waiting(before, text, kb, index)
        assert [r.text for r in result.replies] == [kb.site.live_chat.while_waiting], text
        assert result.state == before and not result.events and result.intent is None, text


def test_while_waiting_a_form_under_way_is_left_as_it_was(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    draft = LeadDraft(answers={"name": "Ada"}, asking="email")
    before = ConversationState(mode=Mode.COLLECTING, lead=draft)
    answered = step_while_waiting(before, "which is faster?", kb, index)
    assert "FastAPI wins" in answered.replies[0].text
    assert "Back to the form" not in " ".join(r.text for r in answered.replies)
    assert answered.state.mode is Mode.COLLECTING and answered.state.lead == draft
    typed = step_while_waiting(before, "ada@example.com", kb, index)
    assert typed.state == before  # not taken as the form's answer while a person is coming


def kinds_of(result: StepResult) -> list[str]:
    return [event.kind for event in result.events]


def test_while_waiting_only_chips_that_are_answered_are_offered_and_a_way_to_stop(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    # "Small" or "Feature completeness" is no question: sent now, it would go to the person.
    costs = step_while_waiting(ConversationState(), "What does a migration cost?", kb, index)
    assert costs.replies[-1].quick_replies == (STOP_WAITING,)
    litestar = step_while_waiting(ConversationState(), "What is Litestar?", kb, index)
    assert litestar.replies[-1].quick_replies == (
        "Is Litestar a good alternative?",
        "What are the alternatives?",
        STOP_WAITING,
    )
    noted = step_while_waiting(ConversationState(), "We run Django 3.2", kb, index)
    assert noted.replies[-1].quick_replies == (STOP_WAITING,)
    # The same long answer twice does not offer the form a person is already coming for.
    again = step_while_waiting(litestar.state, "Which is faster?", kb, index)
    again = step_while_waiting(again.state, "Which is faster?", kb, index)
    [short] = again.replies
    assert short.text.startswith(IN_SHORT) and short.quick_replies[-1] == STOP_WAITING


def test_a_goodbye_while_waiting_withdraws_the_request(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    before = ConversationState()
    for text in ("bye", "Goodbye!", "thanks, bye", "gotta go"):
        left = step_while_waiting(before, text, kb, index)
        assert kinds_of(left) == [WAIT_WITHDRAWN], text
        assert [r.text for r in left.replies] == [LEFT], text
        # Leaving details is the way to be called back: the wait is over, so the form may start.
        assert left.replies[0].quick_replies == ("Talk to an expert",)
        assert left.state == before
    # With a request stored, it stays with the team; a form under way waits for their return.
    done = step_while_waiting(ConversationState(mode=Mode.DONE), "bye", kb, index)
    assert [r.text for r in done.replies] == [LEFT_WITH_LEAD] and done.replies[
        0
    ].quick_replies == ()
    draft = LeadDraft(answers={"name": "Ada"}, asking="email")
    filling = ConversationState(mode=Mode.COLLECTING, lead=draft)
    mid_form = step_while_waiting(filling, "bye", kb, index)
    assert [r.text for r in mid_form.replies] == [LEFT_MID_FORM]
    assert mid_form.state == filling and kinds_of(mid_form) == [WAIT_WITHDRAWN]


def test_stop_waiting_withdraws_the_request_and_goes_back_to_a_form_under_way(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    for text in (STOP_WAITING, "cancel", "never mind", "Forget it."):
        stopped = step_while_waiting(ConversationState(), text, kb, index)
        assert kinds_of(stopped) == [WAIT_WITHDRAWN], text
        assert stopped.replies[0].text == STOPPED
    # Its chips lead on: not to what was answered before.
    answered = step(ConversationState(), "Which is faster?", kb, index).state
    after = step_while_waiting(answered, STOP_WAITING, kb, index)
    assert "Which is faster?" not in after.replies[0].quick_replies
    assert "Talk to an expert" in after.replies[0].quick_replies
    draft = LeadDraft(answers={"name": "Ada"}, asking="email")
    filling = ConversationState(mode=Mode.COLLECTING, lead=draft)
    resumed = step_while_waiting(filling, STOP_WAITING, kb, index)
    assert resumed.replies[1].text.startswith("Back to the form: ")
    assert resumed.state == filling


def test_what_only_mentions_leaving_or_stopping_keeps_the_request(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    for text in (
        "bye the way, which is faster?",
        "we need to stop using Django 3.2",
        "cancel culture aside, is FastAPI mature?",
        "Our CTO says goodbye to Django next year and wants a plan for the migration",
    ):
        kept = step_while_waiting(ConversationState(), text, kb, index)
        assert WAIT_WITHDRAWN not in kinds_of(kept), text


@pytest.mark.parametrize(
    "text", ["we need a quote", "I would like a quote", "please quote our project",
             "Get a cost estimate", "have an engineer estimate our project"],
)  # fmt: skip
def test_asking_for_a_quote_starts_the_form_without_asking_for_a_person(
    kb: KnowledgeBase, index: MatcherIndex, text: str
) -> None:
    result = step(start(kb, PAGE).state, text, kb, index)
    assert result.state.mode is Mode.COLLECTING
    assert person_requested(result) is None


@pytest.mark.parametrize(
    "text", ["let me talk to a person", "Talk to an expert", "connect me with an expert",
             "please have someone contact me", "can I speak to a human for a quote"],
)  # fmt: skip
def test_asking_for_a_person_still_asks_for_one(
    kb: KnowledgeBase, index: MatcherIndex, text: str
) -> None:
    result = step(start(kb, PAGE).state, text, kb, index)
    assert person_requested(result) == "asked for a person"


@pytest.mark.parametrize("text", ["I need help migrating", "we need some help with our migration"])
def test_needing_help_offers_the_form_and_a_yes_starts_it(
    kb: KnowledgeBase, index: MatcherIndex, text: str
) -> None:
    chat = Chat(kb, index)
    offered = chat.say(text)
    assert offered.replies[-1].text.endswith(kb.site.offer)
    assert chat.state.offer_pending and chat.state.mode is Mode.ANSWERING
    assert chat.say("yes").state.mode is Mode.COLLECTING


@pytest.mark.parametrize("text", ["can someone call me", "call me back please"])
def test_asking_for_a_call_starts_the_form_saying_so_and_asks_for_no_chat(
    kb: KnowledgeBase, index: MatcherIndex, text: str
) -> None:
    result = step(start(kb, PAGE).state, text, kb, index)
    assert result.state.mode is Mode.COLLECTING
    assert person_requested(result) is None  # so the shell never says nobody is free to chat
    assert result.replies[0].text.startswith(CALL_YOU)


@pytest.mark.parametrize("text", ["can I chat with someone now", "let me talk to a person"])
def test_asking_for_a_chat_still_asks_for_a_person_without_the_call_line(
    kb: KnowledgeBase, index: MatcherIndex, text: str
) -> None:
    result = step(start(kb, PAGE).state, text, kb, index)
    assert person_requested(result) == "asked for a person"
    assert not result.replies[0].text.startswith(CALL_YOU)


def test_a_yes_to_the_consultation_offer_starts_the_form_without_a_chat(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    chat = Chat(kb, index)
    chat.say("I need help migrating")
    started = chat.say("yes")
    assert chat.state.mode is Mode.COLLECTING
    assert person_requested(started) is None
