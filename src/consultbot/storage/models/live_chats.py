"""The live handoff's tables: a visitor's request for a person, and what the widget is told.

Registered on ``Base.metadata`` like every table (``consultbot.storage.models`` imports it).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from consultbot.storage.models.base import Base, string_enum, utcnow


class LiveStatus(StrEnum):
    """Where a visitor's request for a person stands."""

    WAITING = "waiting"
    HELD = "held"
    # Nobody claimed it in time: the visitor was offered the form; kept for sales.
    MISSED = "missed"
    HANDED_BACK = "handed_back"
    CLOSED = "closed"
    # The visitor said goodbye or stopped waiting before anyone joined: nobody is to join;
    # shown to sales among the chats that ended unattended.
    WITHDRAWN = "withdrawn"


OPEN_LIVE_STATUSES = (LiveStatus.WAITING, LiveStatus.HELD)


class LiveChat(Base):
    """A visitor's request for a person, from waiting through a staff member holding it.

    The claim is a conditional UPDATE (``... WHERE status = 'waiting'``), so of two staff
    members claiming at once exactly one wins, on any number of workers and hosts.
    """

    __tablename__ = "live_chats"
    __table_args__ = (sa.Index("ix_live_chats_status_requested_at", "status", "requested_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[LiveStatus] = mapped_column(
        string_enum(LiveStatus, "live_status"), default=LiveStatus.WAITING
    )
    # Why a person was brought in ("asked for a person").
    reason: Mapped[str] = mapped_column(sa.String(200))
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Unclaimed past this moment, the visitor is told and offered the form.
    deadline_at: Mapped[datetime]
    claimed_by: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    claimed_name: Mapped[str | None] = mapped_column(sa.String(100))
    claimed_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]


class EventKind(StrEnum):
    """What the widget is told through the events endpoint."""

    WAITING = "waiting"
    CLAIMED = "claimed"
    STAFF_MESSAGE = "staff_message"
    HANDED_BACK = "handed_back"
    CLOSED = "closed"
    TIMED_OUT = "timed_out"


class ConversationEvent(Base):
    """One thing the visitor's widget must show, numbered so the widget can ask for what is new."""

    __tablename__ = "conversation_events"
    __table_args__ = (
        sa.Index("ix_conversation_events_conversation_id_id", "conversation_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("conversations.id", ondelete="CASCADE")
    )
    kind: Mapped[EventKind] = mapped_column(string_enum(EventKind, "event_kind"))
    text: Mapped[str] = mapped_column(sa.Text, default="")
    author_name: Mapped[str | None] = mapped_column(sa.String(100))
    quick_replies: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
