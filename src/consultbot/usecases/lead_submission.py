"""A lead submission: a completed form becomes a submission under the person's lead.

Decides whether it looks automated (the spam rules), records the first status, and queues a
notification per channel; spam is stored but notifies no one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from consultbot.dialogue.email_address import email_key
from consultbot.dialogue.replies import CompletedForm
from consultbot.storage import chat, lead_shown, pipeline, queries
from consultbot.storage.models import (
    Channel,
    Conversation,
    Lead,
    LeadStatus,
    LeadSubmission,
    OutboxItem,
)


@dataclass(frozen=True, slots=True)
class SpamRules:
    """What marks a lead as spam: the honeypot, or a form finished faster than a person types."""

    min_form_seconds: float = 0.0


NO_SPAM_RULES = SpamRules()  # only the honeypot counts

FIRST_SUBMISSION_RULE = "first submission"
SPAM_RULE = "spam check on the first submission"


def save_lead(
    session: Session,
    conversation: Conversation,
    form: CompletedForm,
    now: datetime,
    channels: Sequence[Channel] = (),
    spam: Sequence[str] = (),
) -> Lead:
    """Store a completed form as a new submission under the person's lead; return the lead.

    The lead is found or created by the normalised email, on the database's unique key, so
    concurrent completions with one address add to one lead. A submission never changes once
    stored. The first submission creates the lead as new (or as spam, when it looks automated),
    recorded in the status history with the rule that did it; later submissions change no
    status: only sales do. A genuine submission from the lead's own conversation (a visitor
    correcting themselves) updates the lead's shown answers and score; one from another
    conversation with the same address is stored and counted on the lead, never shown as its
    answers (anyone may type an address). Both queue a notification per channel ("new lead" or
    "new submission from an existing lead", what changed since the answers the lead showed, and
    whether it came from another conversation); a spam one is marked on the submission, changes
    nothing else and notifies no one.
    """
    answers = dict(form.answers)
    email = answers["email"]
    lead, created = queries.lock_or_create_lead(session, email_key(email), now)
    # What sales saw last: a spam submission in between never became the lead's answers.
    previous = lead_shown.shown_submission(lead.submissions)
    submission = LeadSubmission(
        lead_id=lead.id,
        number=lead.submission_count + 1,
        conversation_id=conversation.id,
        answers=answers,
        display=[dict(item) for item in form.display],
        page_url=form.page_url or conversation.page_url,
        comparison_id=form.comparison_id,
        transcript=chat.transcript(session, conversation),
        score=form.score,
        score_details=dict(form.score_details),
        is_spam=bool(spam),
        spam_reasons=list(spam),
        consent_text=form.consent.text,
        consent_version=form.consent.version,
        consented_at=now,
        created_at=now,
    )
    session.add(submission)
    lead.submission_count += 1
    lead.last_submitted_at = now
    lead.updated_at = now
    elsewhere = lead_shown.from_another_conversation(previous, submission)
    if created or not (spam or elsewhere):
        chat.show_latest(lead, submission, form.reasons)
    elif elsewhere and not spam:
        lead.other_conversation_submissions += 1
    session.flush()
    if created:
        status = LeadStatus.SPAM if spam else LeadStatus.NEW
        rule = SPAM_RULE if spam else FIRST_SUBMISSION_RULE
        pipeline.record_first_status(session, lead, status, rule, submission, now)
    if spam:
        return lead
    payload = chat.notification_payload(lead, submission, previous, created, now)
    for channel in channels:
        session.add(
            OutboxItem(
                lead_id=lead.id,
                submission_id=submission.id,
                channel=channel,
                event=f"{payload['event']}#{submission.id}",
                payload=payload,
            )
        )
    return lead


def spam_reasons(conversation: Conversation, now: datetime, rules: SpamRules) -> list[str]:
    """Say why a lead completed now in this conversation looks automated (empty: it does not)."""
    reasons = []
    if conversation.honeypot_at is not None:
        reasons.append("the hidden honeypot field was filled in")
    started = conversation.lead_started_at
    if started is not None and rules.min_form_seconds > 0:
        taken = (now - started).total_seconds()
        if taken < rules.min_form_seconds:
            reasons.append(
                f"the form was finished {taken:.1f} s after it started "
                f"(a person takes at least {rules.min_form_seconds:g} s)"
            )
    return reasons
