"""A staff member's side of a live chat: each action is committed on its own, or refused whole."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from consultbot.knowledge.schema import KnowledgeBase
from consultbot.storage import live
from consultbot.storage.models import (
    ConversationEvent,
    EventKind,
    LiveChat,
    LiveStatus,
    Message,
    Role,
    User,
    utcnow,
)
from consultbot.usecases import live_staff
from consultbot.usecases.live_handoff import timeout_outcome
from tests.storage.factories import make_conversation, make_user


def waiting_chat(session: Session, kb: KnowledgeBase, **changes: object) -> LiveChat:
    chat = live.request_person(
        session, make_conversation(session), kb.site.live_chat, "asked for a person", utcnow()
    )
    for name, value in changes.items():
        setattr(chat, name, value)
    session.commit()
    return chat


def events(session: Session, chat: LiveChat) -> list[tuple[EventKind, str]]:
    rows = session.execute(
        sa.select(ConversationEvent.kind, ConversationEvent.text)
        .where(ConversationEvent.conversation_id == chat.conversation_id)
        .order_by(ConversationEvent.id)
    )
    return [(kind, text) for kind, text in rows]


def test_checking_in_keeps_a_staff_member_present(db_session: Session) -> None:
    user = make_user(db_session)
    before = utcnow()
    assert live_staff.check_in(db_session, user.id) is user
    db_session.rollback()  # what was committed survives a rollback of what was not
    db_session.refresh(user)
    assert user.chat_seen_at is not None and user.chat_seen_at >= before


def test_availability_is_set_under_a_name_stripped_of_bidi_controls(
    db_session: Session,
) -> None:
    user = make_user(db_session)
    assert live_staff.set_availability(db_session, user.id, "  Ada \u202eecalovoL\u202c ", True)
    db_session.rollback()
    db_session.refresh(user)
    assert (user.display_name, user.chat_available) == ("Ada ecalovoL", True)
    assert user.chat_seen_at is not None
    assert not live_staff.set_availability(db_session, user.id, "Ada", False)
    assert db_session.get_one(User, user.id).chat_available is False


def test_waits_that_ran_out_are_ended_and_the_visitors_told(
    db_session: Session, kb: KnowledgeBase
) -> None:
    due = waiting_chat(db_session, kb, deadline_at=utcnow() - timedelta(seconds=1))
    not_yet = waiting_chat(db_session, kb)
    live_staff.expire_due(db_session, kb, utcnow())
    db_session.rollback()
    db_session.refresh(due)
    db_session.refresh(not_yet)
    assert (due.status, not_yet.status) == (LiveStatus.MISSED, LiveStatus.WAITING)
    assert events(db_session, due)[-1] == (EventKind.TIMED_OUT, timeout_outcome(kb).text)


def test_a_claim_is_committed_and_announced_under_the_staff_members_name(
    db_session: Session, kb: KnowledgeBase
) -> None:
    chat = waiting_chat(db_session, kb)
    user = make_user(db_session, display_name="Ada")
    live_staff.act(db_session, chat.id, user.id, "claim", kb)
    db_session.rollback()
    db_session.refresh(chat)
    assert (chat.status, chat.claimed_by, chat.claimed_name) == (LiveStatus.HELD, user.id, "Ada")
    assert events(db_session, chat)[-1] == (EventKind.CLAIMED, "Ada has joined the chat.")


def test_a_second_claim_is_refused_with_who_holds_the_chat(
    db_session: Session, kb: KnowledgeBase
) -> None:
    chat = waiting_chat(db_session, kb)
    first = make_user(db_session, display_name="Ada")
    second = make_user(db_session, display_name="Bo")
    live_staff.act(db_session, chat.id, first.id, "claim", kb)
    with pytest.raises(live_staff.LiveChatError, match="Ada has already taken this chat"):
        live_staff.act(db_session, chat.id, second.id, "claim", kb)
    db_session.refresh(chat)
    assert chat.claimed_by == first.id


@pytest.mark.parametrize(
    ("action", "status", "kind"),
    [
        ("hand_back", LiveStatus.HANDED_BACK, EventKind.HANDED_BACK),
        ("close", LiveStatus.CLOSED, EventKind.CLOSED),
    ],
)
def test_handing_back_or_closing_ends_the_chat_with_the_sites_words(
    db_session: Session, kb: KnowledgeBase, action: str, status: LiveStatus, kind: EventKind
) -> None:
    chat = waiting_chat(db_session, kb)
    user = make_user(db_session)
    live_staff.act(db_session, chat.id, user.id, "claim", kb)
    live_staff.act(db_session, chat.id, user.id, action, kb)
    db_session.rollback()
    db_session.refresh(chat)
    assert chat.status is status and chat.ended_at is not None
    words = {"hand_back": kb.site.live_chat.handed_back, "close": kb.site.live_chat.closed}
    assert events(db_session, chat)[-1] == (kind, words[action])


def test_an_action_on_an_ended_chat_is_refused_and_changes_nothing(
    db_session: Session, kb: KnowledgeBase
) -> None:
    chat = waiting_chat(db_session, kb)
    user = make_user(db_session)
    live_staff.act(db_session, chat.id, user.id, "close", kb)
    told = events(db_session, chat)
    with pytest.raises(live_staff.LiveChatError, match="already ended"):
        live_staff.act(db_session, chat.id, user.id, "hand_back", kb)
    db_session.refresh(chat)
    assert chat.status is LiveStatus.CLOSED
    assert events(db_session, chat) == told


def test_a_reply_is_committed_as_a_staff_line_without_bidi_controls(
    db_session: Session, kb: KnowledgeBase
) -> None:
    chat = waiting_chat(db_session, kb)
    user = make_user(db_session, display_name="Ada")
    live_staff.act(db_session, chat.id, user.id, "claim", kb)
    live_staff.reply(db_session, chat.id, user.id, "  Hello \u2066there\u2069  ")
    db_session.rollback()
    [line] = db_session.scalars(sa.select(Message)).all()
    assert (line.role, line.text, line.author_id, line.author_name) == (
        Role.STAFF,
        "Hello there",
        user.id,
        "Ada",
    )
    assert events(db_session, chat)[-1] == (EventKind.STAFF_MESSAGE, "Hello there")


def test_a_reply_in_a_chat_someone_else_holds_is_refused_and_stores_nothing(
    db_session: Session, kb: KnowledgeBase
) -> None:
    chat = waiting_chat(db_session, kb)
    holder = make_user(db_session, display_name="Ada")
    other = make_user(db_session, display_name="Bo")
    live_staff.act(db_session, chat.id, holder.id, "claim", kb)
    with pytest.raises(live_staff.LiveChatError, match="Ada holds this chat, not you"):
        live_staff.reply(db_session, chat.id, other.id, "Hi, Bo here")
    assert db_session.scalars(sa.select(Message)).all() == []
