"""Store a conversation's rows: the conversation, its messages and state, lead notifications.

Functions take the session first and never commit: the use case does, once, so a step's
messages, lead and outbox rows land together or not at all. What a step means (its events,
spam rules, who is notified) is decided in ``consultbot.usecases``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from consultbot.storage import together
from consultbot.storage.lead_shown import from_another_conversation
from consultbot.storage.models import (
    Conversation,
    ConversationMode,
    Lead,
    LeadSubmission,
    Message,
    Role,
)


@dataclass(frozen=True, slots=True)
class ReplyLine:
    """One assistant reply as stored: its plain text, and what the widget needs to show it again."""

    text: str
    shown: dict[str, Any]


@dataclass(frozen=True, slots=True)
class AnswerFacts:
    """How a visitor's message was understood, kept on its row for the dashboard."""

    intent: str | None = None
    confidence: float | None = None
    fallback: bool = False
    margin: float | None = None


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


TOKEN_HASH = sa.select(Conversation.token_hash).where(
    Conversation.public_id == sa.bindparam("public_id")
)


def token_hash_of(session: Session, public_id: str) -> str | None:
    """Return a conversation's token hash in one round trip: one SELECT in autocommit.

    The check before a message's body is read needs no transaction of its own (no BEGIN and
    ROLLBACK around it); the message's own transaction locks and re-reads the row. On
    PostgreSQL the SELECT runs on the session's connection in autocommit, which the message's
    transaction then begins on (``together.own_connection``).
    """
    params = {"public_id": public_id}
    if together.own_connection(session) is not None:
        rows = together.fetch(session, TOKEN_HASH, params)
        return rows[0][0] if rows else None
    bind = session.get_bind()
    if isinstance(bind, sa.Engine):
        with bind.connect() as connection:
            quick = connection.execution_options(isolation_level="AUTOCOMMIT")
            return quick.execute(TOKEN_HASH, params).scalar_one_or_none()
    # A session bound to one connection (a test's transaction) reads through that connection.
    found = session.execute(TOKEN_HASH, params).scalar_one_or_none()
    session.rollback()
    return found


def open_conversation(
    session: Session,
    public_id: str,
    token_hash: str,
    page_url: str | None,
    comparison_id: str | None,
    mode: ConversationMode,
    state: dict[str, Any],
    greeting: Sequence[ReplyLine],
) -> Conversation:
    """Add a new conversation with its greeting."""
    conversation = Conversation(
        public_id=public_id,
        token_hash=token_hash,
        page_url=page_url,
        comparison_id=comparison_id,
        mode=mode,
        state=state,
    )
    session.add(conversation)
    session.flush()
    add_replies(session, conversation, greeting)
    return conversation


def add_visitor_message(
    session: Session,
    conversation: Conversation,
    text: str,
    client_message_id: str,
    response: dict[str, Any],
    answer: AnswerFacts,
    now: datetime,
) -> Message:
    """Add the visitor's message with the response it got and how it was understood."""
    visitor = Message(
        conversation_id=conversation.id,
        role=Role.VISITOR,
        text=text,
        client_message_id=client_message_id,
        response=response,
        intent=answer.intent,
        confidence=answer.confidence,
        fallback=answer.fallback,
        created_at=now,
        margin=answer.margin,
    )
    session.add(visitor)
    return visitor


def save_state(
    conversation: Conversation,
    state: dict[str, Any],
    mode: ConversationMode,
    comparison_id: str | None,
    now: datetime,
) -> None:
    """Keep the dialogue state the next message continues from, and count the message."""
    conversation.state = state
    conversation.mode = mode
    conversation.comparison_id = comparison_id
    conversation.message_count += 1
    conversation.last_activity_at = now


def number_replies(visitor: Message, response: dict[str, Any], replies: list[Message]) -> None:
    """Give each reply in ``response`` its message's id (feedback names it), and store that."""
    for shown, line in zip(response.get("replies", []), replies, strict=False):
        shown["message_id"] = line.id
    # Changed in place, which a JSON column does not notice by itself.
    flag_modified(visitor, "response")


def show_latest(lead: Lead, submission: LeadSubmission, reasons: Sequence[str]) -> None:
    """Copy a submission's answers onto the lead's columns the list shows and searches."""
    answers = submission.answers
    for column in LEAD_COLUMNS:
        setattr(lead, column, answers.get(column) or None)
    lead.name = answers.get("name", "")
    lead.email = answers["email"]
    lead.answers = answers
    lead.score = submission.score
    lead.score_reasons = list(reasons)
    lead.conversation_id = submission.conversation_id
    lead.page_url = submission.page_url


def transcript(session: Session, conversation: Conversation) -> list[dict[str, str | bool | None]]:
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
    """Build what sales receive: ids for machines, titles and labels for people.

    ``previous`` is the submission the lead showed before this one (``lead_shown``).
    """
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
        "from_another_conversation": from_another_conversation(previous, submission),
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


def add_replies(
    session: Session, conversation: Conversation, replies: Sequence[ReplyLine]
) -> list[Message]:
    """Add the assistant's replies to a step, in order."""
    # Every column is given, as on the visitor's line, so the ORM writes a step's lines in a
    # single multi-row INSERT instead of one per set of columns.
    now = datetime.now(UTC)
    lines = [
        Message(
            conversation_id=conversation.id,
            role=Role.ASSISTANT,
            text=reply.text,
            client_message_id=None,
            response=reply.shown,
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
