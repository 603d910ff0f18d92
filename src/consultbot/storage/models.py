"""The tables: conversations and their messages, leads with history and notes, staff, outbox."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """Return the current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Declarative base whose constraints get stable names Alembic can alter."""

    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: sa.JSON, datetime: sa.DateTime(timezone=True)}


class Role(StrEnum):
    """Who a message in a conversation came from."""

    VISITOR = "visitor"
    ASSISTANT = "assistant"


class LeadStatus(StrEnum):
    """Where a lead stands in the sales pipeline."""

    NEW = "new"
    CONTACTED = "contacted"
    QUALIFIED = "qualified"
    WON = "won"
    LOST = "lost"
    SPAM = "spam"


class StaffRole(StrEnum):
    """What a staff account may do in the dashboard."""

    SALES = "sales"
    EDITOR = "editor"
    ADMIN = "admin"


class Channel(StrEnum):
    """How a notification reaches sales."""

    EMAIL = "email"
    WEBHOOK = "webhook"


class DeliveryStatus(StrEnum):
    """Where an outbox notification stands."""

    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


def _enum(enum: type[StrEnum], name: str) -> sa.Enum:
    return sa.Enum(
        enum,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=16,
        values_callable=lambda members: [member.value for member in members],
    )


class Conversation(Base):
    """One visitor's chat, with the dialogue state the next message continues from."""

    __tablename__ = "conversations"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(sa.String(36), unique=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64))
    page_url: Mapped[str | None] = mapped_column(sa.String(2048))
    comparison_id: Mapped[str | None] = mapped_column(sa.String(100))
    mode: Mapped[str] = mapped_column(sa.String(20), default="answering")
    state: Mapped[dict[str, Any]] = mapped_column(default=dict)
    message_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_activity_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    messages: Mapped[list[Message]] = relationship(
        back_populates="conversation",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Message.id",
    )


class Message(Base):
    """One line of a transcript; a visitor's message keeps the response it was given."""

    __tablename__ = "messages"
    __table_args__ = (sa.UniqueConstraint("conversation_id", "client_message_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[Role] = mapped_column(_enum(Role, "message_role"))
    text: Mapped[str] = mapped_column(sa.Text)
    client_message_id: Mapped[str | None] = mapped_column(sa.String(64))
    response: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    intent: Mapped[str | None] = mapped_column(sa.String(200))
    confidence: Mapped[float | None]
    fallback: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    conversation: Mapped[Conversation] = relationship(back_populates="messages")


class User(Base):
    """A staff account for the dashboard."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[StaffRole] = mapped_column(_enum(StaffRole, "staff_role"))
    active: Mapped[bool] = mapped_column(default=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]


class Lead(Base):
    """A consultation request a visitor consented to, qualified with a score."""

    __tablename__ = "leads"
    __table_args__ = (sa.Index("ix_leads_email_created_at", "email", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("conversations.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(200))
    email: Mapped[str] = mapped_column(sa.String(254))
    company: Mapped[str | None] = mapped_column(sa.String(200))
    project_kind: Mapped[str | None] = mapped_column(sa.String(50))
    stack: Mapped[str | None] = mapped_column(sa.String(500))
    size: Mapped[str | None] = mapped_column(sa.String(20), index=True)
    timeline: Mapped[str | None] = mapped_column(sa.String(200))
    budget: Mapped[str | None] = mapped_column(sa.String(200))
    details: Mapped[str | None] = mapped_column(sa.Text)
    answers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    score: Mapped[int] = mapped_column(default=0, index=True)
    score_reasons: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    status: Mapped[LeadStatus] = mapped_column(
        _enum(LeadStatus, "lead_status"), default=LeadStatus.NEW, index=True
    )
    is_spam: Mapped[bool] = mapped_column(default=False)
    page_url: Mapped[str | None] = mapped_column(sa.String(2048))
    consented_at: Mapped[datetime]
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    status_changes: Mapped[list[LeadStatusChange]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="LeadStatusChange.id"
    )
    notes: Mapped[list[LeadNote]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="LeadNote.id"
    )


class LeadStatusChange(Base):
    """One step in a lead's status history."""

    __tablename__ = "lead_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(sa.ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[LeadStatus | None] = mapped_column(_enum(LeadStatus, "from_status"))
    to_status: Mapped[LeadStatus] = mapped_column(_enum(LeadStatus, "to_status"))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)


class LeadNote(Base):
    """A staff member's note on a lead."""

    __tablename__ = "lead_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(sa.ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class OutboxItem(Base):
    """A notification to sales, written with the lead and delivered by the worker."""

    __tablename__ = "outbox"
    __table_args__ = (sa.UniqueConstraint("lead_id", "channel", "event"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(sa.ForeignKey("leads.id", ondelete="CASCADE"))
    channel: Mapped[Channel] = mapped_column(_enum(Channel, "channel"))
    event: Mapped[str] = mapped_column(sa.String(50))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[DeliveryStatus] = mapped_column(
        _enum(DeliveryStatus, "delivery_status"), default=DeliveryStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
