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
    Channel,
    Conversation,
    Lead,
    LeadNote,
    LeadStatus,
    LeadStatusChange,
    Message,
    OutboxItem,
    Role,
    utcnow,
)
from tests.storage.factories import (
    make_conversation,
    make_lead,
    make_message,
    make_submission,
    make_user,
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


ADA = "ada@example.com"
GRACE = "grace@example.com"


def add_history(session: Session, lead: Lead, note: str, user_id: int) -> None:
    """Give a lead a note, a status change and a notification per channel."""
    session.add(LeadNote(lead_id=lead.id, author_id=user_id, body=note))
    session.add(
        LeadStatusChange(
            lead_id=lead.id,
            from_status=LeadStatus.NEW,
            to_status=LeadStatus.CONTACTED,
            user_id=user_id,
        )
    )
    for channel in Channel:
        session.add(
            OutboxItem(lead_id=lead.id, channel=channel, event="lead.created", payload={"x": 1})
        )
    session.flush()


@dataclass(frozen=True)
class People:
    """What add_people stored: conversation public ids by name, and Grace's lead id."""

    ada_chat: str
    ada_cancelled_chat: str
    assistant_only_chat: str
    near_miss_chat: str
    grace_chat: str
    grace_lead: int


def add_people(url: str) -> People:
    """Store Ada's and Grace's data, and conversations that only look like Ada's."""
    with open_session(url) as session:
        staff = make_user(session)
        ada_chat = add_chat(
            session,
            (Role.ASSISTANT, "Hi! Ask me anything."),
            (Role.VISITOR, "I'd like a consultation"),
            (Role.VISITOR, "Ada@Example.com"),
            (Role.ASSISTANT, "Thanks, we'll be in touch."),
        )
        # One person, one lead: her address in any case is one email key, and each form she
        # completed is a submission under it.
        ada = make_lead(
            session,
            email="Ada@Example.COM",
            conversation_id=ada_chat.id,
            score_reasons=["big team"],
        )
        make_submission(session, ada, conversation_id=ada_chat.id)
        make_submission(
            session, ada, conversation_id=None, answers={"name": "Ada L.", "email": ADA}
        )
        add_history(session, ada, "Called Ada, wants a quote", staff.id)
        session.add(LeadNote(lead_id=ada.id, author_id=staff.id, body="Second request"))
        cancelled = add_chat(
            session,
            (Role.VISITOR, "my email is ADA@EXAMPLE.COM."),
            (Role.VISITOR, "cancel"),
        )
        assistant_only = add_chat(session, (Role.ASSISTANT, "Write to ada@example.com"))
        near_miss = add_chat(
            session,
            (Role.VISITOR, "reach me at bada@example.com or ada@example.community"),
            (Role.VISITOR, "or sada.ada@example.com"),
        )
        grace_chat = add_chat(session, (Role.VISITOR, "grace@example.com, Django please"))
        grace = make_lead(session, name="Grace", email=GRACE, conversation_id=grace_chat.id)
        add_history(session, grace, "Grace is a good fit", staff.id)
        session.commit()
        return People(
            ada_chat=ada_chat.public_id,
            ada_cancelled_chat=cancelled.public_id,
            assistant_only_chat=assistant_only.public_id,
            near_miss_chat=near_miss.public_id,
            grace_chat=grace_chat.public_id,
            grace_lead=grace.id,
        )
