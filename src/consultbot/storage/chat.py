"""Store what a conversation step produced: messages, state, a lead submission, notifications.

Functions take the session first and never commit: the request handler does, once, so a step's
messages, lead and outbox rows land together or not at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from consultbot.dialogue.email_address import email_key
from consultbot.dialogue.engine import StepResult
from consultbot.dialogue.replies import LEAD_COMPLETED, LEAD_STARTED, Reply
from consultbot.dialogue.state import ConversationState
from consultbot.storage import pipeline, queries
from consultbot.storage.models import (
    Channel,
    Conversation,
    Lead,
    LeadStatus,
    LeadSubmission,
    Message,
    OutboxItem,
    Role,
)


@dataclass(frozen=True, slots=True)
class SpamRules:
    """What marks a lead as spam: the honeypot, or a form finished faster than a person types."""

    min_form_seconds: float = 0.0


LEAD_COLUMNS = (
    "name",
    "email",
    "company",
    "project_kind",
    "stack",
    "size",
    "timeline",
    "budget",
    "details",
)


def get_conversation(session: Session, public_id: str) -> Conversation | None:
    """Return a conversation by its public id, without locking it."""
    return session.scalars(
        sa.select(Conversation).where(Conversation.public_id == public_id)
    ).one_or_none()


def open_conversation(
    session: Session,
    public_id: str,
    token_hash: str,
    page_url: str | None,
    state: ConversationState,
    greeting: Sequence[Reply],
) -> Conversation:
    """Add a new conversation with its greeting."""
    conversation = Conversation(
        public_id=public_id,
        token_hash=token_hash,
        page_url=page_url,
        comparison_id=state.context.comparison_id,
        mode=state.mode.value,
        state=state.to_json(),
    )
    session.add(conversation)
    session.flush()
    _add_replies(session, conversation, greeting)
    return conversation


def record_step(
    session: Session,
    conversation: Conversation,
    text: str,
    client_message_id: str,
    result: StepResult,
    response: dict[str, Any],
    channels: Sequence[Channel] = (),
    honeypot: bool = False,
    spam_rules: SpamRules = SpamRules(),
) -> Lead | None:
    """Store the visitor's message with its response, the replies, the new state, any lead.

    ``honeypot`` says the widget's hidden field came back filled in; the conversation keeps
    that, and a lead it produces is marked as spam (stored, never dropped).
    """
    now = datetime.now(UTC)
    if honeypot and conversation.honeypot_at is None:
        conversation.honeypot_at = now
    visitor = Message(
        conversation_id=conversation.id,
        role=Role.VISITOR,
        text=text,
        client_message_id=client_message_id,
        response=response,
        intent=result.intent,
        confidence=float(result.confidence),
        fallback=result.fallback,
        created_at=now,
        margin=result.margin,
    )
    session.add(visitor)
    replies = _add_replies(session, conversation, result.replies)
    conversation.state = result.state.to_json()
    conversation.mode = result.state.mode.value
    conversation.comparison_id = result.state.context.comparison_id
    conversation.message_count += 1
    conversation.last_activity_at = now
    lead = None
    for event in result.events:
        if event.kind == LEAD_STARTED and conversation.lead_started_at is None:
            conversation.lead_started_at = now
        if event.kind == LEAD_COMPLETED:
            reasons = spam_reasons(conversation, now, spam_rules)
            lead = save_lead(session, conversation, event.data, now, channels, reasons)
    session.flush()
    _number_replies(visitor, response, replies)
    return lead


def _number_replies(visitor: Message, response: dict[str, Any], replies: list[Message]) -> None:
    """Give each reply in ``response`` its message's id (feedback names it), and store that."""
    for shown, line in zip(response.get("replies", []), replies, strict=False):
        shown["message_id"] = line.id
    # Changed in place, which a JSON column does not notice by itself.
    flag_modified(visitor, "response")


def save_lead(
    session: Session,
    conversation: Conversation,
    data: dict[str, Any],
    now: datetime,
    channels: Sequence[Channel] = (),
    spam: Sequence[str] = (),
) -> Lead:
    """Store a completed form as a new submission under the person's lead; return the lead.

    The lead is found or created by the normalised email, on the database's unique key, so
    concurrent completions with one address add to one lead. A submission never changes once
    stored. The first submission creates the lead as new (or as spam, when it looks automated),
    recorded in the status history with the rule that did it; later submissions change no
    status: only sales do. A genuine submission updates the lead's latest answers and score and
    queues a notification per channel ("new lead" or "new submission from an existing lead");
    a spam one is marked on the submission, changes nothing else and notifies no one.
    """
    answers: dict[str, str] = {str(k): str(v) for k, v in data["answers"].items()}
    email = answers["email"]
    lead, created = queries.lock_or_create_lead(session, email_key(email), now)
    previous = lead.submissions[-1] if lead.submissions else None
    submission = LeadSubmission(
        lead_id=lead.id,
        number=lead.submission_count + 1,
        conversation_id=conversation.id,
        answers=answers,
        display=list(data.get("display") or []),
        page_url=data.get("page_url") or conversation.page_url,
        comparison_id=data.get("comparison_id"),
        transcript=_transcript(session, conversation),
        score=int(data["score"]),
        score_details=dict(data.get("score_details") or {}),
        is_spam=bool(spam),
        spam_reasons=list(spam),
        consent_text=str(data["consent"]["text"]),
        consent_version=str(data["consent"]["version"]),
        consented_at=now,
        created_at=now,
    )
    session.add(submission)
    lead.submission_count += 1
    lead.last_submitted_at = now
    lead.updated_at = now
    if created or not spam:
        _show_latest(lead, submission, data)
    session.flush()
    if created:
        status = LeadStatus.SPAM if spam else LeadStatus.NEW
        rule = SPAM_RULE if spam else FIRST_SUBMISSION_RULE
        pipeline.record_first_status(session, lead, status, rule, submission, now)
    if spam:
        return lead
    payload = notification_payload(lead, submission, previous, created, now)
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


FIRST_SUBMISSION_RULE = "first submission"
SPAM_RULE = "spam check on the first submission"


def _show_latest(lead: Lead, submission: LeadSubmission, data: dict[str, Any]) -> None:
    """Copy a submission's answers onto the lead's columns the list shows and searches."""
    answers = submission.answers
    for column in LEAD_COLUMNS:
        setattr(lead, column, answers.get(column) or None)
    lead.name = answers.get("name", "")
    lead.email = answers["email"]
    lead.answers = answers
    lead.score = submission.score
    lead.score_reasons = list(data.get("reasons") or [])
    lead.conversation_id = submission.conversation_id
    lead.page_url = submission.page_url


def _transcript(session: Session, conversation: Conversation) -> list[dict[str, str]]:
    session.flush()
    messages = session.scalars(
        sa.select(Message).where(Message.conversation_id == conversation.id).order_by(Message.id)
    )
    return [
        {
            "role": m.role.value,
            "text": m.text,
            "at": m.created_at.isoformat(),
            "not_understood": bool(m.fallback),
            **({"author": m.author_name} if m.role is Role.STAFF else {}),
        }
        for m in messages
    ]


def changed_answers(
    before: LeadSubmission | None, after: LeadSubmission
) -> list[dict[str, str | None]]:
    """Return the answers that differ from the previous submission, with their titles."""
    if before is None:
        return []
    titles = {item["id"]: item for item in [*before.display, *after.display]}
    keys = list(dict.fromkeys([*before.answers, *after.answers]))
    changes = []
    for key in keys:
        old, new = before.answers.get(key), after.answers.get(key)
        if old != new:
            shown = titles.get(key, {})
            changes.append(
                {
                    "id": key,
                    "question": shown.get("question") or key.replace("_", " ").capitalize(),
                    "before": _label(before, key),
                    "after": _label(after, key),
                }
            )
    return changes


def _label(submission: LeadSubmission, key: str) -> str | None:
    for item in submission.display:
        if item.get("id") == key:
            return str(item.get("label") or item.get("value"))
    value = submission.answers.get(key)
    return None if value is None else str(value)


def notification_payload(
    lead: Lead,
    submission: LeadSubmission,
    previous: LeadSubmission | None,
    created: bool,
    now: datetime,
) -> dict[str, Any]:
    """Build what sales receive: ids for machines, titles and labels for people."""
    return {
        "event": LEAD_CREATED if created else SUBMISSION_ADDED,
        "new_lead": created,
        "lead_id": lead.id,
        "lead_status": lead.status.value,
        "submission_id": submission.id,
        "submission_number": submission.number,
        "answers": dict(submission.answers),
        "display": list(submission.display),
        "changes": changed_answers(previous, submission),
        "score": submission.score,
        "score_out_of": 100,
        "score_reasons": list(lead.score_reasons),
        "score_details": dict(submission.score_details),
        "page_url": submission.page_url,
        "transcript": [
            {"role": line["role"], "text": line["text"]} for line in submission.transcript
        ],
        "at": now.isoformat(),
    }


LEAD_CREATED = "lead.created"
SUBMISSION_ADDED = "lead.submission_added"


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


def _shown(reply: Reply) -> dict[str, Any]:
    """What the widget needs to show a stored reply again: its blocks and buttons."""
    shown = reply.to_json()
    del shown["text"]  # stored once, as the message's plain text
    return shown


def _add_replies(
    session: Session, conversation: Conversation, replies: Sequence[Reply]
) -> list[Message]:
    # Every column is given, as on the visitor's line, so the ORM writes a step's lines in a
    # single multi-row INSERT instead of one per set of columns.
    now = datetime.now(UTC)
    lines = [
        Message(
            conversation_id=conversation.id,
            role=Role.ASSISTANT,
            text=reply.plain_text,
            client_message_id=None,
            response=_shown(reply),
            intent=None,
            confidence=None,
            fallback=False,
            created_at=now,
            margin=None,
        )
        for reply in replies
    ]
    session.add_all(lines)
    return lines
