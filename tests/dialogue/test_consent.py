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


TAKEN_BACK = "that takes the yes back"


@pytest.mark.parametrize(
    "text", ["yes lol jk", "yes just kidding", "Yes, JK!", "ok j/k", "sure, kidding"]
)
def test_a_yes_taken_back_as_a_joke_is_asked_again(text: str) -> None:
    assert read_consent(text) == ConsentReading(Consent.UNCLEAR, TAKEN_BACK)


@pytest.mark.parametrize("text", ["yes 🙅", "yes 👎", "ok 🙅‍♂️", "yes 🚫"])
def test_a_yes_with_a_refusal_emoji_says_both(text: str) -> None:
    assert read_consent(text) == ConsentReading(Consent.UNCLEAR, "that says both yes and no")


@pytest.mark.parametrize(
    "text",
    ["i do not consent", "I don't agree", "I dont accept", "not agreed", "🙅", "I do not consent."],
)
def test_a_negated_yes_word_is_a_clear_no(text: str) -> None:
    assert read_consent(text) == ConsentReading(Consent.NO)


@pytest.mark.parametrize("text", ["yess", "ye", "jk"])
def test_a_typo_or_a_lone_joke_is_still_asked_again(text: str) -> None:
    assert read_consent(text).answer is Consent.UNCLEAR


@pytest.mark.parametrize(
    ("text", "answer"),
    [("yeah no", Consent.UNCLEAR), ("yes but don't store it", Consent.UNCLEAR),
     ("yes if you must", Consent.UNCLEAR), ("no thanks, yes", Consent.UNCLEAR),
     ("yes. actually no", Consent.UNCLEAR), ("i do", Consent.YES),
     ("I don't mind", Consent.YES), ("i agree", Consent.YES)],
)  # fmt: skip
def test_what_worked_before_still_reads_the_same(text: str, answer: Consent) -> None:
    assert read_consent(text).answer is answer
