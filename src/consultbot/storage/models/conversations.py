"""The conversations visitors have with the assistant, and their messages."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consultbot.storage.models.base import Base, string_enum, utcnow

if TYPE_CHECKING:
    from consultbot.storage.models.leads import Lead


class ConversationMode(StrEnum):
    """What the assistant is doing in a conversation, as stored (the dialogue's ``Mode`` values).

    Storage owns its copy so it needs nothing from the dialogue; the use cases convert.
    """

    ANSWERING = "answering"
    COLLECTING = "collecting"
    DONE = "done"


class Role(StrEnum):
    """Who a message in a conversation came from."""

    VISITOR = "visitor"
    ASSISTANT = "assistant"
    # A staff member writing in the chat while they hold it (see LiveChat).
    STAFF = "staff"


class Feedback(StrEnum):
    """A visitor's verdict on one assistant answer."""

    UP = "up"
    DOWN = "down"


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
