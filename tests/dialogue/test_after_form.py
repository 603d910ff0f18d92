"""After the thanks: corrections send a corrected request, "ok" is acknowledged; after a "no"."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from consultbot.dialogue.after_form import ACKNOWLEDGED, ANSWERS_GONE, HOW_TO_UPDATE
from consultbot.dialogue.replies import (
    FALLBACK,
    HANDOFF_REQUESTED,
    LEAD_COMPLETED,
    LEAD_STARTED,
    LeadCompleted,
)
from consultbot.dialogue.state import Mode
from tests.dialogue.conftest import TO_CONSENT, Chat, kinds, text_of

SENT = [*TO_CONSENT, "yes"]


def completed(chat: Chat, text: str) -> LeadCompleted:
    [event] = [e for e in chat.say(text).events if isinstance(e, LeadCompleted)]
    return event


@pytest.mark.parametrize(
    ("text", "question", "value"),
    [
        ("actually it is large", "size", "large"),
        ("oh wait I meant large", "size", "large"),
        ("actually my email is ada@corp.example", "email", "ada@corp.example"),
        ("my company is Acme Ltd", "company", "Acme Ltd"),
        ("the size is large", "size", "large"),
    ],
)
def test_a_correction_after_the_thanks_offers_a_corrected_request(
    form_chat: Callable[..., Chat], text: str, question: str, value: str
) -> None:
    chat = form_chat(SENT)
    assert chat.state.mode is Mode.DONE
    offered = chat.say(text)
    assert "corrected request" in text_of(offered)
    assert "Here is what I have:" in text_of(offered)
    state = chat.state  # read again: the reply changed it
    assert state.mode is Mode.COLLECTING and state.lead is not None
    assert state.lead.confirming and state.lead.again
    event = completed(chat, "yes")
    assert event.form.answers[question] == value
    assert event.form.answers["name"] == "Ada Lovelace"  # the rest as sent
    assert chat.state.mode is Mode.DONE


def test_a_correction_to_what_was_sent_already_sends_nothing_new(
    form_chat: Callable[..., Chat],
) -> None:
    chat = form_chat(SENT)  # sent with the size medium
    said = chat.say("actually it is medium")
    assert (
        text_of(said) == "That's what our team has: your size is Medium. Nothing to correct there."
    )
    assert chat.state.mode is Mode.DONE and chat.state.lead is None


def test_a_corrected_request_declined_keeps_the_first(form_chat: Callable[..., Chat]) -> None:
    chat = form_chat([*SENT, "actually it is large"])
    refused = chat.say("no")
    assert "your earlier request is still with our team" in text_of(refused)
    assert LEAD_COMPLETED not in kinds(refused) and chat.state.mode is Mode.DONE


@pytest.mark.parametrize("text", ["what does a large migration cost?", "we are a large team", "no"])
def test_other_messages_after_the_thanks_are_no_correction(
    form_chat: Callable[..., Chat], text: str
) -> None:
    chat = form_chat(SENT)
    said = chat.say(text)
    assert "corrected request" not in text_of(said)
    assert chat.state.mode is Mode.DONE


def test_wanting_to_update_the_details_is_told_how_then_understood(
    form_chat: Callable[..., Chat],
) -> None:
    chat = form_chat(SENT)
    told = chat.say("I want to update my details")
    assert text_of(told) == HOW_TO_UPDATE
    chat.say("the size is large")
    assert chat.state.lead is not None and chat.state.lead.answers["size"] == "large"


def test_update_my_details_with_no_request_sent_is_not_told_how(
    form_chat: Callable[..., Chat],
) -> None:
    chat = form_chat()
    assert text_of(chat.say("I want to update my details")) != HOW_TO_UPDATE


@pytest.mark.parametrize("text", ["yes", "ok", "Thanks!", "ok thank you", "great 👍"])
def test_yes_or_ok_after_the_thanks_is_acknowledged_never_a_miss(
    form_chat: Callable[..., Chat], text: str
) -> None:
    chat = form_chat(SENT)
    for _ in range(5):
        said = chat.say(text)
        assert text_of(said) == ACKNOWLEDGED
        assert FALLBACK not in kinds(said) and HANDOFF_REQUESTED not in kinds(said)
    assert chat.state.fallbacks_in_row == 0 and chat.state.mode is Mode.DONE


def test_a_plain_yes_before_any_form_is_not_acknowledged_as_after_a_request(
    form_chat: Callable[..., Chat],
) -> None:
    chat = form_chat(["which is faster?"])
    assert text_of(chat.say("yes")) != ACKNOWLEDGED


@pytest.mark.parametrize("late", ["wait, actually yes", "yes, keep it"])
def test_a_late_yes_after_a_no_says_the_answers_are_gone_and_offers_the_form(
    form_chat: Callable[..., Chat], late: str
) -> None:
    chat = form_chat([*TO_CONSENT, "no", "which is faster?"])
    said = chat.say(late)
    assert text_of(said) == ANSWERS_GONE
    assert chat.state.lead is None and LEAD_COMPLETED not in kinds(said)
    again = chat.say("Yes, start again")
    restarted = chat.state  # read again: the reply changed it
    assert LEAD_STARTED in kinds(again) and restarted.mode is Mode.COLLECTING
    assert restarted.lead is not None and not restarted.lead.answers


def test_a_yes_with_no_form_declined_is_not_told_answers_are_gone(
    form_chat: Callable[..., Chat],
) -> None:
    chat = form_chat(["which is faster?"])
    assert text_of(chat.say("yes, keep it")) != ANSWERS_GONE


def test_a_correction_right_after_a_no_brings_the_answers_back_with_it(
    form_chat: Callable[..., Chat],
) -> None:
    chat = form_chat([*TO_CONSENT, "no"])
    back = chat.say("actually the size is small")
    assert "brought your answers back with the size updated" in text_of(back)
    assert chat.state.lead is not None and chat.state.lead.answers["size"] == "small"
    assert completed(chat, "yes").form.answers["size"] == "small"


def test_a_question_right_after_a_no_brings_nothing_back(form_chat: Callable[..., Chat]) -> None:
    chat = form_chat([*TO_CONSENT, "no"])
    chat.say("what does a small migration cost?")
    assert chat.state.lead is None and chat.state.discarded is None
