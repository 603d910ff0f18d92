"""Correcting an answer at the consent step, and taking back a "no" to the consent."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from consultbot.dialogue.leadform import find_correction, parse_choice
from consultbot.dialogue.replies import LEAD_CANCELLED, LEAD_COMPLETED, LeadCompleted
from consultbot.dialogue.state import Mode
from tests.dialogue.conftest import TO_CONSENT, Chat, kinds, small_form, text_of

FORM = small_form()
ANSWERED = {"name", "company", "size"}


@pytest.mark.parametrize(
    ("text", "question", "answer"),
    [
        ("my name is wrong, it's Ivan Petrov", "name", "Ivan Petrov"),
        ("my name is wrong: Ivan Petrov", "name", "Ivan Petrov"),
        ("actually my name is wrong, it should be Ivan Petrov", "name", "Ivan Petrov"),
        ("my name was misspelt, it is Ivan Petrov", "name", "Ivan Petrov"),
        ("actually the company is incorrect, should be Acme", "company", "Acme"),
        ("actually the size is large", "size", "large"),
        ("my name is Ivan Petrov", "name", "Ivan Petrov"),
        ("my name is Wrongway Corrigan", "name", "Wrongway Corrigan"),
    ],
)
def test_a_correction_saying_the_answer_was_wrong_keeps_only_the_new_answer(
    text: str, question: str, answer: str
) -> None:
    found = find_correction(FORM, text, ANSWERED)
    assert found is not None and (found[0].id, found[1]) == (question, answer)


def test_my_name_is_wrong_at_consent_updates_the_name_to_the_new_one(
    form_chat: Callable[..., Chat],
) -> None:
    chat = form_chat(TO_CONSENT)
    corrected = chat.say("my name is wrong, it's Ivan Petrov")
    assert "updated your name" in text_of(corrected)
    assert "Name: Ivan Petrov" in text_of(corrected)
    assert LEAD_COMPLETED in kinds(chat.say("yes"))
    assert chat.state.mode is Mode.DONE


def test_my_name_is_wrong_with_no_new_name_keeps_the_old_one_and_says_so(
    form_chat: Callable[..., Chat],
) -> None:
    chat = form_chat(TO_CONSENT)
    reply = text_of(chat.say("my name is wrong"))
    assert chat.state.lead is not None and chat.state.lead.answers["name"] == "Ada Lovelace"
    assert "I kept the name you gave before" in reply, reply


@pytest.mark.parametrize("taken_back", ["wait, actually yes", "yes, keep it", "undo"])
def test_a_no_taken_back_on_the_next_message_restores_the_answers_and_asks_again(
    form_chat: Callable[..., Chat], taken_back: str
) -> None:
    chat = form_chat(TO_CONSENT)
    refused = chat.say("no")
    assert LEAD_CANCELLED in kinds(refused) and chat.state.lead is None
    assert "haven't stored anything" in text_of(refused)
    restored = chat.say(taken_back)
    assert LEAD_COMPLETED not in kinds(restored)  # consent is asked again, never assumed
    assert "Name: Ada Lovelace" in text_of(restored) and "Budget: $60k" in text_of(restored)
    assert restored.replies[-1].quick_replies == ("Yes", "No")
    assert restored.state.mode is Mode.COLLECTING
    assert restored.state.lead is not None and restored.state.lead.confirming
    stored = chat.say("yes")
    [completed] = [event for event in stored.events if isinstance(event, LeadCompleted)]
    assert completed.form.answers["name"] == "Ada Lovelace"


def test_the_discarded_answers_last_one_message_then_are_gone_for_good(
    form_chat: Callable[..., Chat],
) -> None:
    chat = form_chat(TO_CONSENT)
    chat.say("no")
    assert chat.state.to_json()["discarded"]["answers"]["name"] == "Ada Lovelace"
    chat.say("which is faster?")
    assert chat.state.to_json()["discarded"] is None
    late = chat.say("wait, actually yes")
    assert "Ada Lovelace" not in text_of(late) and LEAD_COMPLETED not in kinds(late)
    assert chat.state.lead is None or not chat.state.lead.answers


def test_a_yes_with_nothing_discarded_restores_nothing(form_chat: Callable[..., Chat]) -> None:
    chat = form_chat(["which is faster?"])
    assert chat.state.to_json()["discarded"] is None
    chat.say("yes, keep it")
    assert chat.state.lead is None or "name" not in chat.state.lead.answers


@pytest.mark.parametrize(
    ("text", "question", "choice"),
    [
        ("oh wait it's actually a new build, not a migration", "project_kind", "new-build"),
        ("it's a migration, not a new build", "project_kind", "migration"),
        ("not a new build, a migration", "project_kind", "migration"),
        ("I meant large", "size", "large"),
        ("sorry, I meant enterprise", "size", "large"),
        ("oops, small", "size", "small"),
    ],
)
def test_a_correction_naming_a_choice_of_an_earlier_question_finds_it(
    text: str, question: str, choice: str
) -> None:
    found = find_correction(FORM, text, {"project_kind", "size"})
    assert found is not None and found[0].id == question
    assert found[0].kind == "choice" and found[0].choices
    assert parse_choice(found[0], found[1], None).value == choice


@pytest.mark.parametrize(
    "text",
    ["actually we migrate from Django 3.2", "large parts are async", "I meant it", "a migration"],
)
def test_an_answer_that_only_mentions_a_choice_is_no_correction(text: str) -> None:
    assert find_correction(FORM, text, {"project_kind", "size"}) is None


def test_a_new_build_said_at_the_size_question_updates_the_project_and_asks_the_size_again(
    form_chat: Callable[..., Chat],
) -> None:
    chat = form_chat(TO_CONSENT[:6])  # project "a migration", stack "Django"; asking the size
    fixed = chat.say("oh wait it's actually a new build, not a migration")
    assert chat.state.lead is not None
    assert chat.state.lead.answers["project_kind"] == "new-build"
    assert "updated your project" in text_of(fixed) and "How big is it?" in text_of(fixed)
    chat.say("medium")
    assert chat.state.lead.answers["size"] == "medium"


def test_i_meant_large_at_the_consent_updates_the_size_and_shows_the_summary(
    form_chat: Callable[..., Chat],
) -> None:
    chat = form_chat(TO_CONSENT)
    fixed = chat.say("I meant large")
    assert chat.state.lead is not None and chat.state.lead.answers["size"] == "large"
    assert "Size: Large" in text_of(fixed)


@pytest.mark.parametrize(
    "text",
    [
        "and my email is actually quinn@corp.example",
        "sorry wrong email: quinn@corp.example",
        "email: quinn@corp.example",
        "actually my email is quinn@corp.example",
        "quinn@corp.example",
        "oops, use quinn@corp.example instead",
    ],
)
@pytest.mark.parametrize("step", ["budget", "details", "timeline", "stack"])
def test_a_new_email_given_at_a_free_text_step_corrects_the_email(
    form_chat: Callable[..., Chat], text: str, step: str
) -> None:
    upto = {"stack": 5, "timeline": 7, "budget": 8, "details": 9}[step]
    chat = form_chat(TO_CONSENT[:upto])
    assert chat.state.lead is not None and chat.state.lead.asking == step
    said = text_of(chat.say(text))
    assert "updated your email" in said
    assert chat.state.lead is not None
    assert chat.state.lead.answers["email"] == "quinn@corp.example"
    assert step not in chat.state.lead.answers  # never stored as the step's answer
    assert chat.state.lead.asking == step


@pytest.mark.parametrize(
    "text", ["please also cc bob@corp.example", "our CTO bob@corp.example should be in copy too"]
)
def test_a_second_address_at_the_details_step_is_a_detail_not_a_correction(
    form_chat: Callable[..., Chat], text: str
) -> None:
    chat = form_chat(TO_CONSENT[:9])
    chat.say(text)
    assert chat.state.lead is not None and chat.state.lead.answers["email"] == "ada@example.com"
    assert chat.state.lead.answers["details"] == text
