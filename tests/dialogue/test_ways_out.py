"""A "no" that means "nothing to add" or "don't cancel", read as the visitor meant it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from consultbot.dialogue.replies import LEAD_CANCELLED
from consultbot.dialogue.state import Mode
from tests.dialogue.conftest import TO_CONSENT, Chat, kinds, text_of

AT_DETAILS = TO_CONSENT[:-1]  # every answer up to "Anything else our engineer should know?"


@pytest.mark.parametrize("text", ["nope", "no", "nah", "nothing", "nothing else", "that's all"])
def test_no_to_anything_else_skips_the_details_instead_of_storing_the_word(
    form_chat: Callable[..., Chat], text: str
) -> None:
    chat = form_chat(AT_DETAILS)
    summary = chat.say(text)
    assert chat.state.lead is not None and chat.state.lead.confirming
    assert "details" not in chat.state.lead.answers and "details" in chat.state.lead.skipped
    assert "Details:" not in text_of(summary)


def test_a_real_detail_is_still_kept(form_chat: Callable[..., Chat]) -> None:
    chat = form_chat(AT_DETAILS)
    chat.say("no downtime allowed")
    assert chat.state.lead is not None
    assert chat.state.lead.answers["details"] == "no downtime allowed"


@pytest.mark.parametrize("text", ["no thanks", "no", "nope, let's go on"])
def test_no_to_shall_i_cancel_goes_back_to_the_question(
    form_chat: Callable[..., Chat], text: str
) -> None:
    chat = form_chat(TO_CONSENT[:2])  # asking for the email
    chat.say("nevermind")
    back = chat.say(text)
    assert "Shall I cancel" not in text_of(back) and not text_of(back).startswith("Sorry")
    assert "What's your work email?" in text_of(back)
    assert chat.state.lead is not None and not chat.state.lead.exit_offered
    assert chat.state.mode is Mode.COLLECTING


def test_yes_to_shall_i_cancel_cancels(form_chat: Callable[..., Chat]) -> None:
    chat = form_chat(TO_CONSENT[:2])
    chat.say("nevermind")
    cancelled = chat.say("yes please")
    assert kinds(cancelled) == [LEAD_CANCELLED] and chat.state.mode is Mode.ANSWERING


def test_no_to_shall_i_skip_or_cancel_goes_back_to_the_optional_question(
    form_chat: Callable[..., Chat],
) -> None:
    chat = form_chat(TO_CONSENT[:3])  # asking for the company, which may be skipped
    chat.say("no thanks")
    back = chat.say("no")
    assert "Which company are you with?" in text_of(back)
    assert chat.state.lead is not None and "company" not in chat.state.lead.skipped


def test_a_second_form_in_a_chat_that_stored_one_says_so_and_its_cancel_keeps_the_first(
    form_chat: Callable[..., Chat],
) -> None:
    chat = form_chat([*TO_CONSENT, "yes", "which is faster?"])
    again = chat.say("Talk to an expert")
    assert "We already have your request" in text_of(again)
    assert chat.state.mode is Mode.COLLECTING
    cancelled = chat.say("cancel")
    assert "kept nothing" not in text_of(cancelled)
    assert "your earlier request is still with our team" in text_of(cancelled)
    assert kinds(cancelled) == [LEAD_CANCELLED] and cancelled.state.mode is Mode.DONE
    # ...and a third form, after the cancel, still knows about the first.
    assert "We already have your request" in text_of(chat.say("Talk to an expert"))


def test_a_first_form_says_nothing_of_an_earlier_request(form_chat: Callable[..., Chat]) -> None:
    chat = form_chat(["which is faster?"])
    assert "already have your request" not in text_of(chat.say("Talk to an expert"))
    assert "kept nothing" in text_of(chat.say("cancel"))
    assert chat.state.mode is Mode.ANSWERING


def test_no_to_the_consent_of_a_second_form_keeps_the_first_and_can_be_taken_back(
    form_chat: Callable[..., Chat],
) -> None:
    chat = form_chat([*TO_CONSENT, "yes", "Talk to an expert", *TO_CONSENT[1:]])
    refused = chat.say("no")
    assert "your earlier request is still with our team" in text_of(refused)
    assert chat.state.mode is Mode.DONE
    restored = chat.say("wait, actually yes")
    assert "Name: Ada Lovelace" in text_of(restored) and restored.state.mode is Mode.COLLECTING


GIVE_UP = ["ugh forget it", "I'll come back later", "not now", "bye", "later", "screw this",
           "n/a", "none of your business", "rather not say", "dunno",
           "Not now, thanks"]  # fmt: skip


@pytest.mark.parametrize("text", GIVE_UP)
def test_giving_up_at_the_name_is_never_the_name_and_offers_to_cancel(
    form_chat: Callable[..., Chat], text: str
) -> None:
    chat = form_chat(TO_CONSENT[:1])  # asking for the name
    offer = chat.say(text)
    assert chat.state.lead is not None and "name" not in chat.state.lead.answers
    assert "Shall I cancel the form?" in text_of(offer)
    assert offer.replies[-1].quick_replies == ("Cancel", "Continue")


@pytest.mark.parametrize("text", GIVE_UP)
def test_giving_up_at_the_company_is_never_the_company(
    form_chat: Callable[..., Chat], text: str
) -> None:
    chat = form_chat(TO_CONSENT[:3])  # asking for the company, which may be skipped
    reply = chat.say(text)
    lead = chat.state.lead
    assert lead is not None and "company" not in lead.answers
    skipped = "company" in lead.skipped and "What's the project?" in text_of(reply)
    offered = "Shall I skip this question" in text_of(reply)
    assert skipped or offered


@pytest.mark.parametrize("text", ["later", "not now", "maybe later"])
def test_later_is_still_an_answer_to_when(form_chat: Callable[..., Chat], text: str) -> None:
    chat = form_chat(TO_CONSENT[:7])  # asking when they need it
    chat.say(text)
    assert chat.state.lead is not None and chat.state.lead.answers["timeline"] == text


@pytest.mark.parametrize("text", ["cancel pls", "please cancel", "Cancel please!", "cancel it"])
def test_a_polite_cancel_cancels_like_cancel(form_chat: Callable[..., Chat], text: str) -> None:
    chat = form_chat(TO_CONSENT[:2])
    cancelled = chat.say(text)
    assert kinds(cancelled) == [LEAD_CANCELLED] and chat.state.mode is Mode.ANSWERING


@pytest.mark.parametrize("text", ["yes", "No", "ok", "nope"])
def test_a_yes_or_no_is_refused_as_a_name_saying_why(
    form_chat: Callable[..., Chat], text: str
) -> None:
    chat = form_chat(TO_CONSENT[:1])
    again = chat.say(text)
    assert chat.state.lead is not None and "name" not in chat.state.lead.answers
    assert f'"{text}" doesn\'t look like a name' in text_of(again)


@pytest.mark.parametrize("text", ["Ada Lovelace", "Noel", "Yesenia", "Byeong-ho Kim", "Nate"])
def test_real_names_near_those_words_are_kept(form_chat: Callable[..., Chat], text: str) -> None:
    chat = form_chat(TO_CONSENT[:1])
    chat.say(text)
    assert chat.state.lead is not None and chat.state.lead.answers["name"] == text
