"""A visitor who can't answer a required question twice gets a way on, not the same sentence."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from consultbot.dialogue.asking import takes_unsure
from consultbot.dialogue.leadform import parse_choice
from consultbot.dialogue.replies import LeadCompleted
from consultbot.knowledge.lead_form import Question
from consultbot.knowledge.schema import KnowledgeBase
from tests.dialogue.conftest import TO_CONSENT, Chat, choices, kinds, text_of

AT_SIZE = TO_CONSENT[:6]
AT_EMAIL = TO_CONSENT[:2]


def test_one_failed_try_at_the_size_is_asked_again_plainly(form_chat: Callable[..., Chat]) -> None:
    chat = form_chat(AT_SIZE)
    again = chat.say("purple")
    assert text_of(again).startswith("Sorry, please pick one of: small, medium, large")
    assert "Not sure" not in again.replies[-1].quick_replies


def test_two_failed_tries_at_the_size_offer_not_sure_and_it_is_taken_as_unknown(
    form_chat: Callable[..., Chat],
) -> None:
    chat = form_chat(AT_SIZE)
    first, second = chat.run(["purple", "hmm the blue one"])
    assert text_of(second) != text_of(first)
    assert 'Say "not sure"' in text_of(second)
    assert second.replies[-1].quick_replies == ("Small", "Medium", "Large", "Not sure", "Cancel")
    moved_on = chat.say("Not sure")
    assert chat.state.lead is not None and "size" not in chat.state.lead.answers
    assert "size" in chat.state.lead.skipped
    assert "When do you need it?" in text_of(moved_on)


def test_a_size_unknown_is_scored_as_not_given(form_chat: Callable[..., Chat]) -> None:
    chat = form_chat(AT_SIZE)
    chat.run(["purple", "not sure", "in 6 weeks", "skip", "skip"])
    [event] = [e for e in chat.say("yes").events if isinstance(e, LeadCompleted)]
    assert "size" not in event.form.answers
    assert "Size: not given (up to 40 points)" in event.form.score_details["missing"]


def test_a_good_answer_after_a_failed_try_is_taken_and_the_count_starts_again(
    form_chat: Callable[..., Chat],
) -> None:
    chat = form_chat(AT_SIZE)
    chat.run(["purple", "medium"])
    assert chat.state.lead is not None and chat.state.lead.answers["size"] == "medium"
    assert chat.state.lead.failed_tries == 0


@pytest.mark.parametrize("text", ["not sure", "Not sure", "dunno", "no idea", "I don't know"])
def test_not_sure_at_the_size_is_taken_the_first_time_as_not_given(
    form_chat: Callable[..., Chat], text: str
) -> None:
    chat = form_chat(AT_SIZE)
    moved_on = chat.say(text)
    assert chat.state.lead is not None and "size" not in chat.state.lead.answers
    assert "size" in chat.state.lead.skipped
    assert "Sorry" not in text_of(moved_on) and "When do you need it?" in text_of(moved_on)


def test_not_sure_that_names_a_choice_is_that_choice(form_kb: KnowledgeBase) -> None:
    other = Question(
        id="project_kind", label="Project", kind="choice", prompt="What's the project?",
        choices=choices("migration", "other", other=("not sure",)),
    )  # fmt: skip
    assert parse_choice(other, "not sure", None).value == "other"
    assert not takes_unsure(other, "not sure", None)
    assert form_kb.lead_form is not None
    size = form_kb.lead_form.question("size")
    assert size is not None and takes_unsure(size, "not sure", None)
    assert not takes_unsure(size, "purple", None)


@pytest.mark.parametrize("text", ["no", "rather not"])
def test_two_failed_tries_at_the_email_offer_cancel_or_a_person(
    form_chat: Callable[..., Chat], text: str
) -> None:
    chat = form_chat(AT_EMAIL)
    chat.say("no")
    second = chat.say(text if text == "no" else "nope")
    assert "Cancel" in second.replies[-1].quick_replies
    assert "Talk to an expert" in second.replies[-1].quick_replies
    assert "nothing is kept" in text_of(second)
    assert kinds(second) == []


def test_a_size_given_after_not_sure_is_taken_as_a_correction(
    form_chat: Callable[..., Chat],
) -> None:
    chat = form_chat(AT_SIZE)
    chat.run(["not sure", "in 6 weeks"])
    fixed = chat.say("I meant large")
    lead = chat.state.lead
    assert lead is not None and lead.answers["size"] == "large" and "size" not in lead.skipped
    assert "budget" not in lead.answers and "Do you have a budget?" in text_of(fixed)


@pytest.mark.parametrize(("amount", "size"), [("€5k", "small"), ("about $50k", "medium")])
def test_an_amount_at_the_size_is_confirmed_before_it_is_taken(
    form_chat: Callable[..., Chat], amount: str, size: str
) -> None:
    chat = form_chat(AT_SIZE)
    asked = chat.say(amount)
    assert chat.state.lead is not None and "size" not in chat.state.lead.answers
    assert f'"{amount}" sounds like a {size} project: is that right?' in text_of(asked)
    assert asked.replies[-1].quick_replies == ("Yes", "Small", "Medium", "Large", "Cancel")
    chat.say("yes")
    assert chat.state.lead is not None and chat.state.lead.answers["size"] == size


def test_an_amount_at_the_size_then_another_size_takes_that_one(
    form_chat: Callable[..., Chat],
) -> None:
    chat = form_chat(AT_SIZE)
    chat.run(["€5k", "large"])
    assert chat.state.lead is not None and chat.state.lead.answers["size"] == "large"
    assert chat.state.lead.pending_choice is None


def test_a_yes_after_an_amount_refused_is_no_size(form_chat: Callable[..., Chat]) -> None:
    chat = form_chat(AT_SIZE)
    chat.run(["€5k", "purple"])
    chat.say("yes")
    assert chat.state.lead is not None and "size" not in chat.state.lead.answers


def test_a_team_size_at_the_size_question_is_still_taken(form_chat: Callable[..., Chat]) -> None:
    chat = form_chat(AT_SIZE)
    chat.say("a team of 40")
    assert chat.state.lead is not None and chat.state.lead.answers["size"] == "large"
