"""Store what a conversation step produced: messages, state, the lead and its notifications.

Functions take the session first and never commit: the request handler does, once, so a step's
messages, lead and outbox rows land together or not at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from consultbot.dialogue.engine import StepResult
from consultbot.dialogue.replies import LEAD_COMPLETED, LEAD_STARTED, Reply
from consultbot.dialogue.state import ConversationState
from consultbot.storage import queries
from consultbot.storage.models import (
    Channel,
    Conversation,
    Lead,
    LeadStatus,
    Message,
    OutboxItem,
    Role,
)

DUPLICATE_WINDOW = timedelta(days=1)


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
    session.add(
        Message(
            conversation_id=conversation.id,
            role=Role.VISITOR,
            text=text,
            client_message_id=client_message_id,
            response=response,
            intent=result.intent,
            confidence=float(result.confidence),
            fallback=result.fallback,
            created_at=now,
        )
    )
    _add_replies(session, conversation, result.replies)
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
    return lead


def save_lead(
    session: Session,
    conversation: Conversation,
    data: dict[str, Any],
    now: datetime,
    channels: Sequence[Channel] = (),
    spam: Sequence[str] = (),
) -> Lead:
    """Store a consented lead, queueing a notification per channel.

    The same email within a day updates the earlier lead instead of adding a duplicate. A lead
    with ``spam`` reasons is stored with status spam and its reasons, and sends no notification:
    sales finds it in the dashboard, and can move it back to new.
    """
    answers: dict[str, str] = dict(data["answers"])
    lead = queries.find_recent_lead(session, answers["email"], now - DUPLICATE_WINDOW)
    event = "lead.updated" if lead is not None else "lead.created"
    if lead is None:
        lead = Lead(consented_at=now, created_at=now)
        session.add(lead)
    for column in LEAD_COLUMNS:
        setattr(lead, column, answers.get(column) or None)
    lead.name = answers.get("name", "")
    lead.email = answers["email"]
    lead.answers = answers
    lead.score = int(data["score"])
    lead.score_reasons = list(data["reasons"])
    lead.conversation_id = conversation.id
    lead.page_url = data.get("page_url") or conversation.page_url
    lead.consented_at = now
    lead.updated_at = now
    if spam:
        lead.spam_reasons = list(spam)
        lead.is_spam = True
        lead.status = LeadStatus.SPAM
    session.flush()
    messages = session.scalars(
        sa.select(Message).where(Message.conversation_id == conversation.id).order_by(Message.id)
    )
    transcript = [{"role": m.role.value, "text": m.text} for m in messages]
    payload = {
        "event": event,
        "lead_id": lead.id,
        "answers": answers,
        "score": lead.score,
        "score_reasons": lead.score_reasons,
        "page_url": lead.page_url,
        "transcript": transcript,
        "at": now.isoformat(),
    }
    # One notification per channel per change: an update gets its own, never a repeat.
    tag = f"{event}@{now.isoformat()}"
    for channel in () if spam else channels:
        session.add(OutboxItem(lead_id=lead.id, channel=channel, event=tag, payload=payload))
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


def _add_replies(session: Session, conversation: Conversation, replies: Sequence[Reply]) -> None:
    # Every column is given, as on the visitor's line, so the ORM writes a step's lines in a
    # single multi-row INSERT instead of one per set of columns.
    now = datetime.now(UTC)
    for reply in replies:
        session.add(
            Message(
                conversation_id=conversation.id,
                role=Role.ASSISTANT,
                text=reply.text,
                client_message_id=None,
                response={"quick_replies": list(reply.quick_replies)},
                intent=None,
                confidence=None,
                fallback=False,
                created_at=now,
            )
        )
