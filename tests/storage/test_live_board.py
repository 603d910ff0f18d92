"""What the Live page and the widget's polls read: events, the waiting count, the board."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from consultbot.knowledge.live_chat import LiveChat as LiveSettings
from consultbot.storage import live, live_board
from consultbot.storage.models import (
    Conversation,
    EventKind,
    LiveChat,
    LiveStatus,
    User,
    utcnow,
)
from tests.storage.factories import make_conversation, make_lead, make_message, make_user

SETTINGS = LiveSettings(wait_seconds=60)
OUTCOME = live.Outcome("Sorry, nobody could join.", ("Talk to an expert",))


def ask_for_person(
    session: Session, conversation: Conversation, at: datetime | None = None
) -> LiveChat:
    return live.request_person(
        session, conversation, SETTINGS, "asked for a person", at or utcnow()
    )


def held_chat(session: Session, user: User, at: datetime | None = None) -> LiveChat:
    chat = ask_for_person(session, make_conversation(session), at)
    live.claim(session, chat.id, user, utcnow())
    return chat


def test_events_after_a_cursor_come_oldest_first(db_session: Session) -> None:
    user = make_user(db_session, display_name="Ada")
    chat = held_chat(db_session, user)
    for text in ("Hello", "How can I help?"):
        live.reply(db_session, chat.id, user, text, utcnow())
    events = live_board.events_after(db_session, chat.conversation_id, 0)
    kinds = [(e.kind, e.text) for e in events]
    assert kinds == [
        (EventKind.WAITING, SETTINGS.bringing_in),
        (EventKind.CLAIMED, "Ada has joined the chat."),
        (EventKind.STAFF_MESSAGE, "Hello"),
        (EventKind.STAFF_MESSAGE, "How can I help?"),
    ]
    after_claim = live_board.events_after(db_session, chat.conversation_id, events[1].id)
    assert [e.text for e in after_claim] == ["Hello", "How can I help?"]
    assert [e.text for e in live_board.events_after(db_session, chat.conversation_id, 0, 1)] == [
        SETTINGS.bringing_in
    ]


def test_events_of_another_conversation_are_not_read(db_session: Session) -> None:
    mine, theirs = make_conversation(db_session), make_conversation(db_session)
    ask_for_person(db_session, theirs)
    db_session.flush()
    assert live_board.events_after(db_session, mine.id, 0) == []
    assert live_board.last_event_id(db_session, mine.id) == 0


def test_the_last_event_id_is_where_a_new_widget_starts_reading(db_session: Session) -> None:
    user = make_user(db_session)
    chat = held_chat(db_session, user)
    db_session.flush()
    newest = live_board.last_event_id(db_session, chat.conversation_id)
    assert newest == live_board.events_after(db_session, chat.conversation_id, 0)[-1].id
    assert live_board.events_after(db_session, chat.conversation_id, newest) == []


def test_only_chats_nobody_has_claimed_are_waiting(db_session: Session) -> None:
    assert live_board.count_waiting(db_session) == 0
    ask_for_person(db_session, make_conversation(db_session))
    ask_for_person(db_session, make_conversation(db_session))
    held_chat(db_session, make_user(db_session))
    assert live_board.count_waiting(db_session) == 2


def test_the_board_shows_waiting_oldest_first_then_held_then_unattended(
    db_session: Session,
) -> None:
    now = utcnow()
    user = make_user(db_session)
    # Asked for earlier than the waiting ones: held chats still come after them.
    held = held_chat(db_session, user, now - timedelta(minutes=10))
    newer = ask_for_person(db_session, make_conversation(db_session), now - timedelta(seconds=5))
    older = ask_for_person(db_session, make_conversation(db_session), now - timedelta(seconds=30))
    missed = ask_for_person(db_session, make_conversation(db_session), now - timedelta(hours=1))
    live.expire_if_due(db_session, missed.conversation_id, OUTCOME, now)
    withdrawn = ask_for_person(db_session, make_conversation(db_session), now - timedelta(hours=2))
    live.withdraw(db_session, withdrawn.conversation_id, now)
    closed = held_chat(db_session, user)
    live.end(db_session, closed.id, user, LiveStatus.CLOSED, "Bye", now)
    db_session.expire_all()
    entries = live_board.board(db_session)
    assert [entry.chat.id for entry in entries] == [
        older.id,
        newer.id,
        held.id,
        missed.id,
        withdrawn.id,
    ]
    assert [entry.chat.status for entry in entries[-2:]] == [
        LiveStatus.MISSED,
        LiveStatus.WITHDRAWN,
    ]


def test_a_board_entry_carries_the_conversations_latest_lines_in_order(
    db_session: Session,
) -> None:
    conversation = make_conversation(db_session)
    texts = [f"line {n}" for n in range(live_board.LINES_SHOWN + 3)]
    for text in texts:
        make_message(db_session, conversation, text=text)
    ask_for_person(db_session, conversation)
    [entry] = live_board.board(db_session)
    assert entry.conversation.id == conversation.id
    assert [m.text for m in entry.messages] == texts[-live_board.LINES_SHOWN :]


def test_the_lead_of_a_conversation_is_the_one_shown_for_it(db_session: Session) -> None:
    conversation = make_conversation(db_session)
    assert live_board.lead_of(db_session, conversation.id) is None
    lead = make_lead(db_session, conversation_id=conversation.id)
    make_lead(db_session, email="bo@example.com", conversation_id=make_conversation(db_session).id)
    assert live_board.lead_of(db_session, conversation.id) is lead


def test_a_poll_reads_the_token_the_open_chat_and_the_cursor(db_session: Session) -> None:
    user = make_user(db_session, display_name="Ada")
    chat = held_chat(db_session, user)
    db_session.flush()
    conversation = db_session.get_one(Conversation, chat.conversation_id)
    view = live_board.poll_view(db_session, conversation.public_id)
    assert view is not None
    assert (view.conversation_id, view.token_hash) == (conversation.id, conversation.token_hash)
    assert (view.status, view.deadline_at, view.claimed_at) == (
        LiveStatus.HELD,
        chat.deadline_at,
        chat.claimed_at,
    )
    assert view.last_event_id == live_board.last_event_id(db_session, conversation.id)


def test_a_poll_without_an_open_chat_reads_no_status(db_session: Session) -> None:
    conversation = make_conversation(db_session)
    view = live_board.poll_view(db_session, conversation.public_id)
    assert view is not None
    assert (view.status, view.deadline_at, view.claimed_at, view.last_event_id) == (
        None,
        None,
        None,
        0,
    )
    ended = ask_for_person(db_session, conversation)
    live.withdraw(db_session, conversation.id, utcnow())
    after = live_board.poll_view(db_session, conversation.public_id)
    assert after is not None and after.status is None
    assert after.last_event_id == live_board.last_event_id(db_session, ended.conversation_id) > 0


def test_a_poll_for_an_unknown_conversation_reads_nothing(db_session: Session) -> None:
    assert live_board.poll_view(db_session, "00000000-0000-4000-8000-000000000000") is None


def test_live_lines_start_when_a_person_was_first_asked_for(db_session: Session) -> None:
    now = utcnow()
    conversation = make_conversation(db_session)
    make_message(db_session, conversation, text="before", created_at=now - timedelta(minutes=5))
    ask_for_person(db_session, conversation, now - timedelta(minutes=1))
    make_message(db_session, conversation, text="while waiting", created_at=now)
    assert [m.text for m in live_board.live_lines(db_session, conversation.id)] == ["while waiting"]


def test_without_a_live_chat_there_are_no_live_lines(db_session: Session) -> None:
    conversation = make_conversation(db_session)
    make_message(db_session, conversation)
    assert live_board.live_lines(db_session, conversation.id) == []
    assert live_board.live_lines(db_session, None) == []
