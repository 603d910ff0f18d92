"""A lead shows its own conversation's latest genuine submission, never another's."""

from __future__ import annotations

from consultbot.storage.lead_shown import from_another_conversation, shown_submission
from consultbot.storage.models import LeadSubmission


def submission(number: int, conversation_id: int | None, is_spam: bool = False) -> LeadSubmission:
    return LeadSubmission(number=number, conversation_id=conversation_id, is_spam=is_spam)


def test_the_latest_genuine_one_from_the_leads_own_conversation_is_shown() -> None:
    first, corrected = submission(1, 7), submission(2, 7)
    assert shown_submission([first]) is first
    assert shown_submission([first, corrected]) is corrected


def test_spam_and_other_conversations_never_replace_the_shown_answers() -> None:
    first, corrected = submission(1, 7), submission(2, 7)
    spam, elsewhere = submission(3, 7, is_spam=True), submission(4, 8)
    assert shown_submission([first, corrected, spam, elsewhere]) is corrected
    assert shown_submission([first, elsewhere]) is first


def test_a_spam_first_submission_is_still_what_the_lead_shows() -> None:
    first = submission(1, 7, is_spam=True)
    assert shown_submission([first, submission(2, 8)]) is first


def test_no_submission_shows_nothing() -> None:
    assert shown_submission([]) is None


def test_another_conversation_is_told_apart_from_the_same_one() -> None:
    first = submission(1, 7)
    assert not from_another_conversation(first, submission(2, 7))
    assert from_another_conversation(first, submission(2, 8))
    assert not from_another_conversation(None, submission(1, 8))
    # A submission with no conversation (its conversation was deleted) is not the own one.
    assert from_another_conversation(first, submission(2, None))
