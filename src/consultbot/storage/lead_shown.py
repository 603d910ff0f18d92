"""Which of a lead's submissions sales see, and which came from another conversation.

Nobody proves they own an address, so the lead's own conversation (the one its first
submission came from) decides what the lead shows; a submission from any other conversation
with the same address is stored under the lead and flagged, never shown as its answers.
"""

from __future__ import annotations

from collections.abc import Sequence

from consultbot.storage.models import LeadSubmission


def shown_submission(submissions: Sequence[LeadSubmission]) -> LeadSubmission | None:
    """Return the submission whose answers a lead shows.

    That is the latest genuine one from the lead's own conversation (a visitor who corrected
    themselves), else the first. Spam never replaces a lead's answers and notifies no one, so
    this is also what sales saw: a new submission is compared with it.
    """
    if not submissions:
        return None
    first = submissions[0]
    for submission in reversed(submissions):
        if not submission.is_spam and not from_another_conversation(first, submission):
            return submission
    return first


def from_another_conversation(first: LeadSubmission | None, later: LeadSubmission) -> bool:
    """Say whether ``later`` came from another conversation than ``first`` (nothing proves then
    that the same person sent both: the address is all the two share)."""
    return first is not None and first.conversation_id != later.conversation_id
