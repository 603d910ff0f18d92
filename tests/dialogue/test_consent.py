"""Reading a reply to the consent question: yes, no, or unclear with the reason given."""

from __future__ import annotations

import pytest

from consultbot.dialogue.consent import RECONSIDER_REASON, Consent, ConsentReading, read_consent

QUESTION = "that reads as a question; I need a yes or a no to store anything"
CONDITION = "that sounds like a yes with a condition; I can only store on a plain yes"


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        ("", ConsentReading(Consent.UNCLEAR, "I didn't catch an answer")),
        (" ... ", ConsentReading(Consent.UNCLEAR, "I didn't catch an answer")),
        ("yes?", ConsentReading(Consent.UNCLEAR, QUESTION)),
        ("yes and no", ConsentReading(Consent.UNCLEAR, "that says both yes and no")),
        ("no, wait", ConsentReading(Consent.UNCLEAR, RECONSIDER_REASON)),
        ("yes if you must", ConsentReading(Consent.UNCLEAR, CONDITION)),
        ("purple", ConsentReading(Consent.UNCLEAR, "I need a clear yes or no")),
    ],
)
def test_an_unclear_reply_says_why(text: str, reading: ConsentReading) -> None:
    assert read_consent(text) == reading


@pytest.mark.parametrize("text", ["YES.", "Yes!!", "ok", "definitely", "of course", "I agree"])
def test_a_plain_yes_in_any_case_and_punctuation_is_yes(text: str) -> None:
    assert read_consent(text) == ConsentReading(Consent.YES)


@pytest.mark.parametrize("text", ["no", "NO!", "don’t store anything", "do not", "nope."])
def test_a_plain_no_with_either_apostrophe_is_no(text: str) -> None:
    assert read_consent(text) == ConsentReading(Consent.NO)


def test_words_the_form_lists_count_in_any_case() -> None:
    assert read_consent("JA", yes_words=("ja",)).answer is Consent.YES
    assert read_consent("Nein!", no_words=("nein",)).answer is Consent.NO
    assert read_consent("ja").answer is Consent.UNCLEAR
