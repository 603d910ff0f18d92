"""What the Live page and the widget's polls read: the board, the events, the waiting count.

Read-only; functions take the session first. ``storage.live`` holds the changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from consultbot.storage.models import (
    OPEN_LIVE_STATUSES,
    Conversation,
    ConversationEvent,
    Lead,
    LiveChat,
    LiveStatus,
    Message,
)

EVENTS_PER_READ = 100


def events_after(
    session: Session, conversation_id: int, after: int, limit: int = EVENTS_PER_READ
) -> list[ConversationEvent]:
    """The conversation's events numbered above ``after``, oldest first."""
    return list(
        session.scalars(
            sa.select(ConversationEvent)
            .where(
                ConversationEvent.conversation_id == conversation_id, ConversationEvent.id > after
            )
            .order_by(ConversationEvent.id)
            .limit(limit)
        )
    )


def last_event_id(session: Session, conversation_id: int) -> int:
    """The newest event's number, 0 when there is none (where a new widget starts reading)."""
    return (
        session.scalar(
            sa.select(sa.func.max(ConversationEvent.id)).where(
                ConversationEvent.conversation_id == conversation_id
            )
        )
        or 0
    )


def count_waiting(session: Session) -> int:
    """How many visitors are waiting for a person (the navigation's badge)."""
    return (
        session.scalar(
            sa.select(sa.func.count())
            .select_from(LiveChat)
            .where(LiveChat.status == LiveStatus.WAITING)
        )
        or 0
    )


@dataclass(frozen=True, slots=True)
class BoardEntry:
    """One live chat as the Live page shows it, with the visitor's conversation so far."""

    chat: LiveChat
    conversation: Conversation
    messages: list[Message]


MISSED_SHOWN = 20
LINES_SHOWN = 40


def board(session: Session) -> list[BoardEntry]:
    """Waiting chats oldest first, then held ones, then the latest that ended unattended.

    Unattended: nobody joined in time, or the visitor left (or stopped waiting) first.
    """
    open_chats = session.scalars(
        sa.select(LiveChat)
        .where(LiveChat.status.in_(OPEN_LIVE_STATUSES))
        .order_by(LiveChat.status.desc(), LiveChat.requested_at)
    ).all()
    missed = session.scalars(
        sa.select(LiveChat)
        .where(LiveChat.status.in_((LiveStatus.MISSED, LiveStatus.WITHDRAWN)))
        .order_by(LiveChat.requested_at.desc())
        .limit(MISSED_SHOWN)
    ).all()
    entries = []
    for chat in [*open_chats, *missed]:
        conversation = session.get_one(Conversation, chat.conversation_id)
        lines = session.scalars(
            sa.select(Message)
            .where(Message.conversation_id == chat.conversation_id)
            .order_by(Message.id.desc())
            .limit(LINES_SHOWN)
        ).all()
        entries.append(BoardEntry(chat, conversation, list(reversed(lines))))
    return entries


def lead_of(session: Session, conversation_id: int) -> Lead | None:
    """The lead whose latest submission came from this conversation, if any."""
    return session.scalars(
        sa.select(Lead).where(Lead.conversation_id == conversation_id).limit(1)
    ).first()


@dataclass(frozen=True, slots=True)
class PollView:
    """What one events poll needs, read in a single query: the token, the chat, the cursor."""

    conversation_id: int
    token_hash: str
    status: LiveStatus | None
    deadline_at: datetime | None
    claimed_at: datetime | None
    last_event_id: int


def _poll_statement() -> sa.Select[Any]:
    newest = (
        sa.select(sa.func.coalesce(sa.func.max(ConversationEvent.id), 0))
        .where(ConversationEvent.conversation_id == Conversation.id)
        .scalar_subquery()
    )
    return (
        sa.select(
            Conversation.id,
            Conversation.token_hash,
            LiveChat.status,
            LiveChat.deadline_at,
            LiveChat.claimed_at,
            newest,
        )
        .outerjoin(
            LiveChat,
            sa.and_(
                LiveChat.conversation_id == Conversation.id,
                LiveChat.status.in_(OPEN_LIVE_STATUSES),
            ),
        )
        .where(Conversation.public_id == sa.bindparam("public_id"))
        .limit(1)
    )


# Built once: a poll only binds the id (building the statement cost more than running it).
_POLL = _poll_statement()


def poll_view(session: Session, public_id: str) -> PollView | None:
    """Read a conversation's token, open live chat and newest event number in one round trip.

    The widget polls every 1.5 s while a person is involved; most polls find nothing new, so
    they cost this one query (at most one chat per conversation is open at a time).
    """
    row = session.execute(_POLL, {"public_id": public_id}).first()
    if row is None:
        return None
    return PollView(row[0], row[1], row[2], row[3], row[4], int(row[5] or 0))


def live_lines(session: Session, conversation_id: int | None) -> list[Message]:
    """The conversation's lines since a person was first asked for (none: no live chat)."""
    if conversation_id is None:
        return []
    first = session.scalar(
        sa.select(sa.func.min(LiveChat.requested_at)).where(
            LiveChat.conversation_id == conversation_id
        )
    )
    if first is None:
        return []
    return list(
        session.scalars(
            sa.select(Message)
            .where(Message.conversation_id == conversation_id, Message.created_at >= first)
            .order_by(Message.id)
        )
    )
