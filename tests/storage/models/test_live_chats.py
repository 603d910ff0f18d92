"""Live chats and conversation events: defaults, cascades and closed sets, in the database."""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from consultbot.storage.models import (
    OPEN_LIVE_STATUSES,
    Conversation,
    ConversationEvent,
    EventKind,
    LiveChat,
    LiveStatus,
    User,
    utcnow,
)
from tests.storage.factories import make_conversation, make_user
from tests.storage.models.conftest import assert_closed_set, count


def add_chat(session: Session, conversation: Conversation, **overrides: object) -> LiveChat:
    values: dict[str, object] = {
        "conversation_id": conversation.id,
        "reason": "asked for a person",
        "deadline_at": utcnow() + timedelta(minutes=2),
    }
    chat = LiveChat(**{**values, **overrides})
    session.add(chat)
    session.flush()
    return chat


def test_a_new_request_is_waiting_from_now(db_session: Session) -> None:
    chat = add_chat(db_session, make_conversation(db_session))
    db_session.expire_all()
    assert chat.status is LiveStatus.WAITING
    assert chat.status in OPEN_LIVE_STATUSES
    assert abs(utcnow() - chat.requested_at) < timedelta(minutes=1)
    assert (chat.claimed_by, chat.claimed_at, chat.ended_at) == (None, None, None)


def test_a_request_needs_a_deadline(db_session: Session) -> None:
    db_session.add(LiveChat(conversation_id=make_conversation(db_session).id, reason="asked"))
    with pytest.raises(IntegrityError):
        db_session.flush()


def test_only_waiting_and_held_chats_are_open() -> None:
    assert set(OPEN_LIVE_STATUSES) == {LiveStatus.WAITING, LiveStatus.HELD}


def test_a_new_event_has_no_text_and_no_quick_replies(db_session: Session) -> None:
    conversation = make_conversation(db_session)
    event = ConversationEvent(conversation_id=conversation.id, kind=EventKind.CLAIMED)
    db_session.add(event)
    db_session.flush()
    db_session.expire_all()
    assert (event.text, event.quick_replies, event.author_name) == ("", [], None)


def test_events_are_numbered_in_the_order_they_are_written(db_session: Session) -> None:
    conversation = make_conversation(db_session)
    kinds = [EventKind.WAITING, EventKind.CLAIMED, EventKind.STAFF_MESSAGE, EventKind.CLOSED]
    for kind in kinds:
        db_session.add(ConversationEvent(conversation_id=conversation.id, kind=kind))
        db_session.flush()
    stored = db_session.scalars(
        sa.select(ConversationEvent.kind).order_by(ConversationEvent.id)
    ).all()
    assert stored == kinds


def test_deleting_a_conversation_deletes_its_live_chats_and_events(db_session: Session) -> None:
    conversation = make_conversation(db_session)
    add_chat(db_session, conversation)
    db_session.add(ConversationEvent(conversation_id=conversation.id, kind=EventKind.WAITING))
    db_session.flush()
    db_session.execute(sa.delete(Conversation).where(Conversation.id == conversation.id))
    assert (count(db_session, LiveChat), count(db_session, ConversationEvent)) == (0, 0)


def test_removing_a_staff_account_keeps_the_name_on_the_chats_it_held(
    db_session: Session,
) -> None:
    user = make_user(db_session)
    chat = add_chat(
        db_session,
        make_conversation(db_session),
        status=LiveStatus.HELD,
        claimed_by=user.id,
        claimed_name="Ada",
        claimed_at=utcnow(),
    )
    db_session.execute(sa.delete(User).where(User.id == user.id))
    db_session.expire_all()
    assert (chat.status, chat.claimed_by, chat.claimed_name) == (LiveStatus.HELD, None, "Ada")


@pytest.mark.parametrize(
    ("table", "column", "enum"),
    [("live_chats", "status", LiveStatus), ("conversation_events", "kind", EventKind)],
)
def test_closed_sets_refuse_unknown_values_in_the_database(
    db_session: Session, table: str, column: str, enum: type[StrEnum]
) -> None:
    conversation = make_conversation(db_session)
    add_chat(db_session, conversation)
    db_session.add(ConversationEvent(conversation_id=conversation.id, kind=EventKind.WAITING))
    db_session.flush()
    assert_closed_set(db_session, table, column, enum)
