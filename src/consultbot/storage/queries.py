"""Plain query functions: each takes the session first and never commits."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from consultbot.storage.models import Conversation, Lead, Message


def lock_conversation(session: Session, public_id: str) -> Conversation | None:
    """Load a conversation by its public id, locked until the session's transaction ends.

    PostgreSQL locks the row (SELECT ... FOR UPDATE). SQLite has no row locks; there every
    transaction already holds the database's write lock from its start (BEGIN IMMEDIATE, see
    ``storage.db``), which serialises conversations just as safely.
    """
    statement = (
        sa.select(Conversation)
        .where(Conversation.public_id == public_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return session.scalars(statement).one_or_none()


def find_visitor_message(
    session: Session, conversation_id: int, client_message_id: str
) -> Message | None:
    """Return the visitor message a widget already sent with this id, if any."""
    return session.scalars(
        sa.select(Message).where(
            Message.conversation_id == conversation_id,
            Message.client_message_id == client_message_id,
        )
    ).one_or_none()


def find_recent_lead(session: Session, email: str, since: datetime) -> Lead | None:
    """Return the newest lead from this email address created at or after ``since``."""
    return session.scalars(
        sa.select(Lead)
        .where(Lead.email == email, Lead.created_at >= since)
        .order_by(Lead.created_at.desc(), Lead.id.desc())
        .limit(1)
    ).first()
