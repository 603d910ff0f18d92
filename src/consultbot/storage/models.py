"""The tables: conversations and messages, leads with submissions, history and notes, staff, outbox.

Closed sets are ``StrEnum`` values stored as short strings with a named CHECK constraint, so
they behave the same on SQLite and PostgreSQL. Every timestamp is timezone-aware UTC on both.
Choices that editors define in ``knowledge/lead_form.yaml`` (project kind, size) stay free
strings here: changing the knowledge must never need a migration.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class ConversationMode(StrEnum):
    """What the assistant is doing in a conversation, as stored (the dialogue's ``Mode`` values).

    Storage owns its copy so it needs nothing from the dialogue; the use cases convert.
    """

    ANSWERING = "answering"
    COLLECTING = "collecting"
    DONE = "done"


def utcnow() -> datetime:
    """Return the current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class UTCDateTime(sa.TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware.

    PostgreSQL keeps the zone (``timestamptz``); SQLite keeps none, so values are converted to
    UTC on the way in and labelled UTC on the way out. Naive datetimes are refused: they are
    the bug this type exists to prevent.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Convert an aware datetime to UTC; refuse a naive one."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: use consultbot.storage.models.utcnow()")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Return the stored value as an aware datetime in UTC."""
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base whose constraints get stable names Alembic can alter."""

    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: sa.JSON, datetime: UTCDateTime}


class Role(StrEnum):
    """Who a message in a conversation came from."""

    VISITOR = "visitor"
    ASSISTANT = "assistant"
    # A staff member writing in the chat while they hold it (see LiveChat).
    STAFF = "staff"


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


class Feedback(StrEnum):
    """A visitor's verdict on one assistant answer."""

    UP = "up"
    DOWN = "down"


class InboxList(StrEnum):
    """The editors' inbox lists a wording can be taken off."""

    UNANSWERED = "unanswered"
    DISLIKED = "disliked"
    LIKELY_WRONG = "likely_wrong"


class EditAction(StrEnum):
    """What an editor did with a group of wordings."""

    EXAMPLE = "example"
    RELATED = "related"
    ALIAS = "alias"
    CUE = "cue"
    DISMISS = "dismiss"


class Channel(StrEnum):
    """How a notification reaches sales."""

    EMAIL = "email"
    WEBHOOK = "webhook"


class DeliveryStatus(StrEnum):
    """Where an outbox notification stands."""

    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


ENUM_LENGTH = 16


def string_enum(enum: type[StrEnum], name: str) -> sa.Enum:
    """Store an enum's values as a short string with a CHECK constraint named ``name``."""
    return sa.Enum(
        enum,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=ENUM_LENGTH,
        values_callable=lambda members: [member.value for member in members],
    )


class Conversation(Base):
    """One visitor's chat, with the dialogue state the next message continues from."""

    __tablename__ = "conversations"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(sa.String(36), unique=True)
    # sha256 hex of the visitor's bearer token; the token itself is never stored.
    token_hash: Mapped[str] = mapped_column(sa.String(64))
    page_url: Mapped[str | None] = mapped_column(sa.String(2048))
    comparison_id: Mapped[str | None] = mapped_column(sa.String(100))
    mode: Mapped[ConversationMode] = mapped_column(
        string_enum(ConversationMode, "conversation_mode"), default=ConversationMode.ANSWERING
    )
    state: Mapped[dict[str, Any]] = mapped_column(default=dict)
    message_count: Mapped[int] = mapped_column(default=0)
    lead_started_at: Mapped[datetime | None]
    # When the widget's hidden honeypot field first came back filled in (only bots fill it).
    honeypot_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    last_activity_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    messages: Mapped[list[Message]] = relationship(
        back_populates="conversation",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Message.id",
    )
    leads: Mapped[list[Lead]] = relationship(back_populates="conversation", passive_deletes=True)


class Message(Base):
    """One line of a transcript; a visitor's message keeps the response it was given."""

    __tablename__ = "messages"
    __table_args__ = (
        sa.UniqueConstraint("conversation_id", "client_message_id"),
        sa.Index("ix_messages_conversation_id_id", "conversation_id", "id"),
        sa.Index("ix_messages_fallback_created_at", "fallback", "created_at"),
        sa.Index("ix_messages_feedback_created_at", "feedback", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("conversations.id", ondelete="CASCADE")
    )
    role: Mapped[Role] = mapped_column(string_enum(Role, "message_role"))
    text: Mapped[str] = mapped_column(sa.Text)
    # The widget's id for a visitor message; NULL on assistant lines (NULLs never collide).
    client_message_id: Mapped[str | None] = mapped_column(sa.String(64))
    response: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    intent: Mapped[str | None] = mapped_column(sa.String(200))
    confidence: Mapped[float | None] = mapped_column(sa.Double)
    fallback: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # On a visitor's answered message: the winner's confidence minus the runner-up's.
    margin: Mapped[float | None] = mapped_column(sa.Double)
    # On an assistant line: the visitor's thumbs up or down, changeable, with a short comment.
    feedback: Mapped[Feedback | None] = mapped_column(string_enum(Feedback, "feedback"))
    feedback_comment: Mapped[str | None] = mapped_column(sa.String(500))
    feedback_at: Mapped[datetime | None]
    # On a staff line: who wrote it (the name stays when the account is removed).
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    author_name: Mapped[str | None] = mapped_column(sa.String(100))

    conversation: Mapped[Conversation] = relationship(back_populates="messages")


class User(Base):
    """A staff account for the dashboard."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[StaffRole] = mapped_column(string_enum(StaffRole, "staff_role"))
    active: Mapped[bool] = mapped_column(default=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    # Bumped on logout, password change and switch-off: every session signed in under an
    # older value (a copied cookie included) is no longer valid.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    # The name visitors see when this person replies in a chat.
    display_name: Mapped[str | None] = mapped_column(sa.String(100))
    # Set in the Live page; counts only while that page keeps polling (chat_seen_at).
    chat_available: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    chat_seen_at: Mapped[datetime | None]


class Lead(Base):
    """A person at a company, keyed by their normalised email, gathering their submissions.

    The answer columns repeat the latest genuine submission's, so the list can search, filter
    and sort without reading every submission; the submissions themselves never change.
    """

    __tablename__ = "leads"
    __table_args__ = (sa.UniqueConstraint("email_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The latest submission's conversation (its own transcript is kept on the submission).
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
    # Out of 100, from the latest genuine submission.
    score: Mapped[int] = mapped_column(default=0, index=True)
    score_reasons: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    status: Mapped[LeadStatus] = mapped_column(
        string_enum(LeadStatus, "lead_status"), default=LeadStatus.NEW, index=True
    )
    is_spam: Mapped[bool] = mapped_column(default=False)
    page_url: Mapped[str | None] = mapped_column(sa.String(2048))
    submission_count: Mapped[int] = mapped_column(default=0)
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


class KnowledgeEdit(Base):
    """One change an editor made from the inbox: a phrasing added to an item, or a dismissal."""

    __tablename__ = "knowledge_edits"

    id: Mapped[int] = mapped_column(primary_key=True)
    action: Mapped[EditAction] = mapped_column(string_enum(EditAction, "edit_action"))
    inbox: Mapped[InboxList] = mapped_column(string_enum(InboxList, "inbox_list"))
    # The group's leading wording, as the editor saw it.
    wording: Mapped[str] = mapped_column(sa.Text)
    # What was added where (NULL for a dismissal): the item's id, the phrase, the file.
    item_id: Mapped[str | None] = mapped_column(sa.String(300))
    phrase: Mapped[str | None] = mapped_column(sa.String(300))
    file: Mapped[str | None] = mapped_column(sa.String(1000))
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # Kept when the account is removed: who made a change must stay readable.
    user_email: Mapped[str] = mapped_column(sa.String(254))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class InboxResolution(Base):
    """A wording taken off an inbox list by an edit; later messages so worded show again."""

    __tablename__ = "inbox_resolutions"
    __table_args__ = (
        sa.Index("ix_inbox_resolutions_wording_resolved_at", "wording", "resolved_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edit_id: Mapped[int] = mapped_column(
        sa.ForeignKey("knowledge_edits.id", ondelete="CASCADE"), index=True
    )
    inbox: Mapped[InboxList] = mapped_column(string_enum(InboxList, "resolution_inbox"))
    # The first WORDING_CHARS characters of the messages, as the inbox counts them.
    wording: Mapped[str] = mapped_column(sa.String(300))
    resolved_at: Mapped[datetime] = mapped_column(default=utcnow)


# The live handoff's tables live in their own module; importing it here registers them on
# Base.metadata wherever the models are imported (the app, Alembic, the tests).
from consultbot.storage import live_models  # noqa: E402, F401
