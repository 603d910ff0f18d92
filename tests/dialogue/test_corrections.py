"""Correcting an answer at the consent step, and taking back a "no" to the consent."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from consultbot.dialogue.leadform import find_correction
from consultbot.dialogue.replies import LEAD_COMPLETED
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
