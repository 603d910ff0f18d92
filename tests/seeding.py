"""Seed a database of a test's own (``migrated_database_url``) with real commits.

For tests of commands and workers that open their own connections: each helper opens its own
engine and session, commits and disposes of it. Rows come from ``tests.storage.factories``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from consultbot.storage.db import create_engine
from consultbot.storage.models import (
    Base,
    Conversation,
    Message,
    Role,
    utcnow,
)
from tests.storage.factories import (
    make_conversation,
    make_lead,
    make_message,
)


@contextmanager
def open_session(url: str) -> Iterator[Session]:
    """A session on its own engine, for setting up and checking a test's database."""
    engine = create_engine(url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            yield session
    finally:
        engine.dispose()


def count_rows(url: str) -> dict[str, int]:
    """Return the number of rows in every table of the schema."""
    with open_session(url) as session:
        return {
            table.name: session.scalar(sa.select(sa.func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
        }


def add_chat(session: Session, *lines: tuple[Role, str], **overrides: Any) -> Conversation:
    """Add a conversation with the given (role, text) lines."""
    conversation = make_conversation(session, **overrides)
    for role, text in lines:
        client_id = None if role is Role.ASSISTANT else f"m-{conversation.id}-{len(text)}-{text}"
        make_message(session, conversation, role=role, text=text, client_message_id=client_id)
    return conversation


def public_ids(url: str) -> set[str]:
    """Return the public ids of the stored conversations."""
    with open_session(url) as session:
        return set(session.scalars(sa.select(Conversation.public_id)))


@dataclass(frozen=True)
class Chats:
    """The conversations add_chats stored, by public id."""

    old_without_lead: str
    old_with_lead: str
    recent_without_lead: str
    ten_days_old: str


def add_chats(url: str) -> Chats:
    """Store old and recent conversations, with and without a lead."""
    now = utcnow()
    with open_session(url) as session:
        old = add_chat(
            session,
            (Role.VISITOR, "hello"),
            (Role.ASSISTANT, "hi"),
            (Role.VISITOR, "bye"),
            last_activity_at=now - timedelta(days=91),
        )
        with_lead = add_chat(
            session, (Role.VISITOR, "quote please"), last_activity_at=now - timedelta(days=400)
        )
        make_lead(session, conversation_id=with_lead.id)
        recent = add_chat(session, (Role.VISITOR, "hello"), last_activity_at=now)
        ten_days = add_chat(
            session, (Role.VISITOR, "hi"), last_activity_at=now - timedelta(days=10)
        )
        session.commit()
        return Chats(old.public_id, with_lead.public_id, recent.public_id, ten_days.public_id)


def add_old_chats(url: str, count: int) -> None:
    """Bulk-insert old conversations without a lead, one message each."""
    old = utcnow() - timedelta(days=200)
    with open_session(url) as session:
        ids = session.scalars(
            sa.insert(Conversation).returning(Conversation.id),
            [
                {"public_id": f"bulk-{n}", "token_hash": "0" * 64, "last_activity_at": old}
                for n in range(count)
            ],
        ).all()
        session.execute(
            sa.insert(Message),
            [{"conversation_id": id_, "role": Role.VISITOR, "text": "hi"} for id_ in ids],
        )
        session.commit()
