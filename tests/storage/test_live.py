"""Live chats under real concurrency: one claim wins, no visitor line is lost, one timeout."""

from __future__ import annotations

import json
import threading
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker
from werkzeug.serving import make_server

from consultbot.knowledge.live_chat import LiveChat as LiveSettings
from consultbot.storage import db, live
from consultbot.storage.models import (
    ConversationEvent,
    EventKind,
    LiveChat,
    LiveStatus,
    Message,
    User,
)
from tests.storage.factories import make_conversation, make_user

ROUNDS = 5
OUTCOME = live.Outcome("Sorry, nobody could join.", ("Talk to an expert",))


@pytest.fixture
def sessions(migrated_database_url: str) -> Iterator[sessionmaker[Session]]:
    """Sessions on a database of the test's own, each on its own connection (real commits)."""
    engine: Engine = db.create_engine(migrated_database_url)
    yield sessionmaker(bind=engine, expire_on_commit=False)
    engine.dispose()


def waiting_chat(factory: sessionmaker[Session], staff: int = 2) -> tuple[int, list[int]]:
    with factory() as session:
        conversation = make_conversation(session)
        users = [make_user(session, display_name=f"Staff {n}") for n in range(staff)]
        chat = live.request_person(
            session, conversation, LiveSettings(), "asked for a person", datetime.now(UTC)
        )
        session.commit()
        return chat.id, [user.id for user in users]


def at_once(count: int, work: Callable[[int], object]) -> list[object]:
    """Run ``work(i)`` in ``count`` threads released together; return results or exceptions."""
    barrier = threading.Barrier(count)

    def run(i: int) -> object:
        barrier.wait()
        try:
            return work(i)
        except Exception as error:  # noqa: BLE001 - the test inspects what each thread got
            return error

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(run, range(count)))


def test_two_staff_claiming_one_chat_at_once_leave_one_holder(
    sessions: sessionmaker[Session],
) -> None:
    for _ in range(ROUNDS):
        chat_id, users = waiting_chat(sessions)

        def claim(i: int, chat_id: int = chat_id, users: list[int] = users) -> str:
            with sessions() as session:
                live.claim(session, chat_id, session.get_one(User, users[i]), datetime.now(UTC))
                session.commit()
                return "won"

        results = at_once(2, claim)
        assert results.count("won") == 1, results
        (refused,) = [r for r in results if r != "won"]
        assert isinstance(refused, live.LiveChatError)
        with sessions() as session:
            chat = session.get_one(LiveChat, chat_id)
            winner = users[results.index("won")]
            assert chat.status is LiveStatus.HELD and chat.claimed_by == winner
            assert str(refused) == f"{chat.claimed_name} has already taken this chat."
            claimed = session.scalars(
                sa.select(ConversationEvent)
                .where(ConversationEvent.kind == EventKind.CLAIMED)
                .where(ConversationEvent.conversation_id == chat.conversation_id)
            ).all()
            assert len(claimed) == 1


def test_a_claim_racing_the_timeout_leaves_one_outcome(sessions: sessionmaker[Session]) -> None:
    for _ in range(ROUNDS):
        chat_id, users = waiting_chat(sessions, staff=1)
        with sessions() as session:
            session.execute(
                sa.update(LiveChat)
                .where(LiveChat.id == chat_id)
                .values(deadline_at=datetime.now(UTC) - timedelta(seconds=1))
            )
            session.commit()
            conversation_id = session.get_one(LiveChat, chat_id).conversation_id

        def race(
            i: int,
            chat_id: int = chat_id,
            users: list[int] = users,
            conversation_id: int = conversation_id,
        ) -> object:
            with sessions() as session:
                if i == 0:
                    live.claim(session, chat_id, session.get_one(User, users[0]), datetime.now(UTC))
                    session.commit()
                    return "claimed"
                expired = live.expire_if_due(session, conversation_id, OUTCOME, datetime.now(UTC))
                session.commit()
                return "expired" if expired else "too late"

        results = at_once(2, race)
        with sessions() as session:
            status = session.get_one(LiveChat, chat_id).status
        if results[0] == "claimed":
            assert results[1] == "too late" and status is LiveStatus.HELD
        else:
            assert isinstance(results[0], live.LiveChatError) and results[1] == "expired"
            assert status is LiveStatus.MISSED


# A visitor typing while a person replies: both lines are kept, over real HTTP and threads.


@pytest.fixture
def served(make_app: Callable[..., Flask], migrated_database_url: str) -> Iterator[str]:
    app = make_app(DATABASE_URL=migrated_database_url, RATE_LIMITS=False)
    http = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{http.server_port}"
    http.shutdown()
    http.server_close()


def post(url: str, body: dict[str, object], token: str | None = None) -> dict[str, object]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, json.dumps(body).encode(), headers, method="POST")
    with urllib.request.urlopen(request, timeout=30) as response:
        answer: dict[str, object] = json.loads(response.read())
        return answer


def test_visitor_messages_while_a_person_replies_are_never_lost(
    served: str, sessions: sessionmaker[Session]
) -> None:
    opened = post(f"{served}/api/v1/conversations", {"page_url": "/compare/django-vs-fastapi"})
    conversation_public_id, token = str(opened["conversation_id"]), str(opened["token"])
    with sessions() as session:
        user = make_user(session, display_name="Ada", chat_available=True)
        user.chat_seen_at = datetime.now(UTC)
        session.commit()
        user_id = user.id
    url = f"{served}/api/v1/conversations/{conversation_public_id}/messages"
    asked = post(url, {"text": "let me talk to a person", "client_message_id": "ask"}, token)
    assert asked["live"] == {"status": "waiting"}
    with sessions() as session:
        chat_id = session.scalars(sa.select(LiveChat.id)).one()
        live.claim(session, chat_id, session.get_one(User, user_id), datetime.now(UTC))
        session.commit()

    def visitor(i: int) -> object:
        return post(
            url, {"text": f"visitor line {i}", "client_message_id": str(uuid.uuid4())}, token
        )

    def person(i: int) -> object:
        with sessions() as session:
            live.reply(
                session,
                chat_id,
                session.get_one(User, user_id),
                f"staff line {i}",
                datetime.now(UTC),
            )
            session.commit()
        return "sent"

    results = at_once(8, lambda i: visitor(i) if i % 2 else person(i))
    assert not [r for r in results if isinstance(r, Exception)], results
    with sessions() as session:
        lines = session.scalars(sa.select(Message.text).order_by(Message.id)).all()
        events = session.scalars(
            sa.select(ConversationEvent.text).where(
                ConversationEvent.kind == EventKind.STAFF_MESSAGE
            )
        ).all()
    assert {f"visitor line {i}" for i in (1, 3, 5, 7)} <= set(lines)
    assert {f"staff line {i}" for i in (0, 2, 4, 6)} <= set(lines)
    assert sorted(events) == sorted(f"staff line {i}" for i in (0, 2, 4, 6))
    assert all(r["replies"] == [] for r in results if isinstance(r, dict))


def test_purging_a_conversation_removes_its_live_chat_events_and_notifications(
    sessions: sessionmaker[Session],
) -> None:
    from consultbot.storage.models import Channel, Conversation, OutboxItem
    from consultbot.storage.retention import purge_batch

    with sessions() as session:
        old = datetime.now(UTC) - timedelta(days=400)
        conversation = make_conversation(session, last_activity_at=old, created_at=old)
        user = make_user(session, display_name="Ada")
        chat = live.request_person(
            session, conversation, LiveSettings(), "asked for a person", old, (Channel.EMAIL,)
        )
        session.flush()
        live.claim(session, chat.id, user, old)
        live.reply(session, chat.id, user, "Hello from Ada", old)
        session.commit()
        purged = purge_batch(session, datetime.now(UTC) - timedelta(days=30))
        session.commit()
        assert purged.conversations == 1
        for model in (Conversation, LiveChat, ConversationEvent, OutboxItem, Message):
            assert session.scalar(sa.select(sa.func.count()).select_from(model)) == 0, model
