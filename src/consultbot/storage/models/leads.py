"""Leads with their submissions, status history and notes, and the outbox of notifications.

Choices that editors define in ``knowledge/lead_form.yaml`` (project kind, size) stay free
strings here: changing the knowledge must never need a migration.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consultbot.storage.models.base import Base, string_enum, utcnow

if TYPE_CHECKING:
    from consultbot.storage.models.conversations import Conversation


class LeadStatus(StrEnum):
    """Where a lead stands in the sales pipeline."""

    NEW = "new"
    CONTACTED = "contacted"
    QUALIFIED = "qualified"
    WON = "won"
    LOST = "lost"
    SPAM = "spam"


class Channel(StrEnum):
    """How a notification reaches sales."""

    EMAIL = "email"
    WEBHOOK = "webhook"


class DeliveryStatus(StrEnum):
    """Where an outbox notification stands."""

    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class Lead(Base):
    """A person at a company, keyed by their normalised email, gathering their submissions.

    The answer columns repeat the shown submission's (the latest genuine one from the lead's own,
    first conversation; see ``storage.lead_shown``), so the list can search, filter and sort
    without reading every submission; the submissions themselves never change.
    """

    __tablename__ = "leads"
    __table_args__ = (sa.UniqueConstraint("email_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The shown submission's conversation (its own transcript is kept on the submission).
    conversation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("conversations.id", ondelete="SET NULL"), index=True
    )
    # The address as one key per person (see dialogue.email_address.email_key): concurrent
    # completions with one address meet on this unique constraint and add to one lead.
    email_key: Mapped[str] = mapped_column(sa.String(320))
    name: Mapped[str] = mapped_column(sa.String(200))
    email: Mapped[str] = mapped_column(sa.String(254))
    company: Mapped[str | None] = mapped_column(sa.String(200))
    project_kind: Mapped[str | None] = mapped_column(sa.String(50))
    stack: Mapped[str | None] = mapped_column(sa.String(500))
    size: Mapped[str | None] = mapped_column(sa.String(50), index=True)
    timeline: Mapped[str | None] = mapped_column(sa.String(200))
    budget: Mapped[str | None] = mapped_column(sa.String(200))
    details: Mapped[str | None] = mapped_column(sa.Text)
    answers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # Out of 100, from the shown submission.
    score: Mapped[int] = mapped_column(default=0, index=True)
    score_reasons: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    status: Mapped[LeadStatus] = mapped_column(
        string_enum(LeadStatus, "lead_status"), default=LeadStatus.NEW, index=True
    )
    is_spam: Mapped[bool] = mapped_column(default=False)
    page_url: Mapped[str | None] = mapped_column(sa.String(2048))
    submission_count: Mapped[int] = mapped_column(default=0)
    # Genuine submissions with this address from another conversation: stored, never shown.
    other_conversation_submissions: Mapped[int] = mapped_column(default=0, server_default="0")
    last_submitted_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    conversation: Mapped[Conversation | None] = relationship(back_populates="leads")
    submissions: Mapped[list[LeadSubmission]] = relationship(
        back_populates="lead",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="LeadSubmission.number",
    )
    status_changes: Mapped[list[LeadStatusChange]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="LeadStatusChange.id"
    )
    notes: Mapped[list[LeadNote]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="LeadNote.id"
    )
    notifications: Mapped[list[OutboxItem]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="OutboxItem.id"
    )


class LeadSubmission(Base):
    """One completed form, as the visitor gave it; written once and never changed.

    ``display`` keeps each answer with the question's and choice's titles as they read when it
    was given; ``answers`` keeps the ids machines use. ``transcript`` is the conversation up to
    the consent, so later messages in the same chat never change what this submission shows.
    """

    __tablename__ = "lead_submissions"
    __table_args__ = (sa.UniqueConstraint("lead_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(sa.ForeignKey("leads.id", ondelete="CASCADE"))
    # 1 for the lead's first submission, then 2, 3... (the lead row is locked while numbering).
    number: Mapped[int]
    conversation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("conversations.id", ondelete="SET NULL"), index=True
    )
    answers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    display: Mapped[list[Any]] = mapped_column(sa.JSON, default=list)
    page_url: Mapped[str | None] = mapped_column(sa.String(2048))
    comparison_id: Mapped[str | None] = mapped_column(sa.String(100))
    transcript: Mapped[list[Any]] = mapped_column(sa.JSON, default=list)
    score: Mapped[int] = mapped_column(default=0)
    score_details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    is_spam: Mapped[bool] = mapped_column(default=False)
    spam_reasons: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    consent_text: Mapped[str] = mapped_column(sa.Text)
    # sha256 hex of consent_text: which wording the visitor said yes to.
    consent_version: Mapped[str] = mapped_column(sa.String(64))
    consented_at: Mapped[datetime]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    lead: Mapped[Lead] = relationship(back_populates="submissions")


@sa.event.listens_for(LeadSubmission, "before_update")
def refuse_changing_a_submission(_mapper: Any, _connection: Any, target: LeadSubmission) -> None:
    """Refuse to change a stored submission: sales must be able to trust what it says."""
    raise ValueError(f"lead submission {target.id} was stored once and is never changed")


class LeadStatusChange(Base):
    """One step in a lead's status history, made by a staff member or by a named rule."""

    __tablename__ = "lead_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(sa.ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[LeadStatus | None] = mapped_column(string_enum(LeadStatus, "from_status"))
    to_status: Mapped[LeadStatus] = mapped_column(string_enum(LeadStatus, "to_status"))
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # The rule that made the change when no staff member did ("first submission", "spam check").
    rule: Mapped[str | None] = mapped_column(sa.String(200))
    submission_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("lead_submissions.id", ondelete="SET NULL"), index=True
    )
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)


class LeadNote(Base):
    """A staff member's note on a lead."""

    __tablename__ = "lead_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(sa.ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    # Nullable so removing a staff account keeps the notes it wrote.
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class OutboxItem(Base):
    """A notification to sales, written with the lead and delivered once by the worker."""

    __tablename__ = "outbox"
    __table_args__ = (
        sa.UniqueConstraint("lead_id", "channel", "event"),
        sa.Index("ix_outbox_status_next_attempt_at", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # A lead's notification has a lead; a waiting conversation's has a conversation instead.
    lead_id: Mapped[int | None] = mapped_column(sa.ForeignKey("leads.id", ondelete="CASCADE"))
    conversation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    submission_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("lead_submissions.id", ondelete="CASCADE"), index=True
    )
    channel: Mapped[Channel] = mapped_column(string_enum(Channel, "channel"))
    event: Mapped[str] = mapped_column(sa.String(50))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[DeliveryStatus] = mapped_column(
        string_enum(DeliveryStatus, "delivery_status"), default=DeliveryStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
