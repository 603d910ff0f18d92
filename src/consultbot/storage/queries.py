"""Plain query functions: each takes the session first and never commits."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from consultbot.storage.models import Conversation, Lead, LeadStatus, Message


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


def stored_response(
    session: Session, public_id: str, client_message_id: str
) -> tuple[str, str, dict[str, Any]] | None:
    """Return the conversation's token hash, and the text and response of its message with
    this id.

    One SELECT, for a retry the rate limit refused: the caller checks the token and the text
    before answering with the response. None when no such message was stored (or answered).
    """
    row = session.execute(
        sa.select(Conversation.token_hash, Message.text, Message.response)
        .join(Message, Message.conversation_id == Conversation.id)
        .where(
            Conversation.public_id == public_id,
            Message.client_message_id == client_message_id,
        )
    ).one_or_none()
    if row is None or row.response is None:
        return None
    return row.token_hash, row.text, row.response


def lock_or_create_lead(session: Session, key: str, now: datetime) -> tuple[Lead, bool]:
    """Return the lead with this email key, locked, creating it if need be; say if it was new.

    INSERT ... ON CONFLICT DO NOTHING on the unique email key: of concurrent transactions with
    one key, one inserts and the others wait for it, find the row taken and use it. The row is
    then locked (FOR UPDATE on PostgreSQL; SQLite's write lock is held already), so numbering
    submissions and updating the lead happen one transaction at a time.
    """
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    values = {
        "email_key": key,
        "email": key[:254],
        "name": "",
        "answers": {},
        "score": 0,
        "score_reasons": [],
        "status": LeadStatus.NEW.value,
        "is_spam": False,
        "submission_count": 0,
        "last_submitted_at": now,
        "created_at": now,
        "updated_at": now,
    }
    statement = (
        insert(Lead)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["email_key"])
        .returning(Lead.id)
    )
    inserted = session.execute(statement).scalar_one_or_none()
    lead = session.scalars(
        sa.select(Lead)
        .where(Lead.email_key == key)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    return lead, inserted is not None
