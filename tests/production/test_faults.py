"""Faults made to happen: the database goes away and comes back; a worker dies mid-request.

(Notification receivers that are down for a while are covered in tests/notify.)
"""

from __future__ import annotations

import os
import signal
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy.engine import make_url
from werkzeug.serving import make_server

from consultbot.storage import db
from consultbot.storage.models import Conversation, Lead, Message, Role
from tests.production.conftest import Gunicorn, call, link_to
from tests.production.test_scale_out import PAGE, lead_answers


def require_postgres(url: str) -> None:
    if not url.startswith("postgresql"):
        pytest.skip("fault tests cut a PostgreSQL connection; SQLite is a local file")


@pytest.fixture
def served(make_app: Callable[..., Flask]) -> Iterator[Callable[[str], str]]:
    """Serve an app over HTTP with threads; return its base URL."""
    servers = []

    def serve(database_url: str) -> str:
        app = make_app(DATABASE_URL=database_url, RATE_LIMITS="0")
        http = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=http.serve_forever, daemon=True).start()
        servers.append(http)
        return f"http://127.0.0.1:{http.server_port}"

    yield serve
    for http in servers:
        http.shutdown()
        http.server_close()


def say(
    base: str, conversation: tuple[str, str], text: str, message_id: str | None = None
) -> tuple[int, dict[str, Any], dict[str, str]]:
    conversation_id, token = conversation
    return call(
        "POST",
        f"{base}/api/v1/conversations/{conversation_id}/messages",
        {"text": text, "client_message_id": message_id or str(uuid.uuid4())},
        token,
    )


def count(url: str, statement: sa.Select[int]) -> int:
    engine = db.create_engine(url)
    try:
        with engine.connect() as connection:
            return int(connection.scalar(statement) or 0)
    finally:
        engine.dispose()


def test_a_database_outage_gives_503_then_recovers_and_loses_nothing(
    migrated_database_url: str, served: Callable[[str], str]
) -> None:
    require_postgres(migrated_database_url)
    real = make_url(migrated_database_url)
    with link_to(real.host or "127.0.0.1", real.port or 5432) as link:
        through_link = real.set(host="127.0.0.1", port=link.port).render_as_string(
            hide_password=False
        )
        base = served(through_link)
        status, body, _ = call("POST", f"{base}/api/v1/conversations", {"page_url": PAGE})
        assert status == 201
        first = (body["conversation_id"], body["token"])
        answers = ["I'd like a consultation", *lead_answers(1)]
        for text in answers:
            assert say(base, first, text)[0] == 200
        assert count(migrated_database_url, sa.select(sa.func.count()).select_from(Lead)) == 1

        status, body, _ = call("POST", f"{base}/api/v1/conversations", {"page_url": PAGE})
        second = (body["conversation_id"], body["token"])
        pending = str(uuid.uuid4())

        link.cut()
        status, body, _ = say(base, second, "which is faster?", pending)
        assert status == 503
        assert body["error"]["code"] == "unavailable"
        assert "try again shortly" in body["error"]["message"]
        assert call("POST", f"{base}/api/v1/conversations", {})[0] == 503
        assert call("GET", f"{base}/readyz")[0] == 503

        link.start()
        # The visitor's retry, with the same id, completes; nothing was stored twice.
        status, body, _ = say(base, second, "which is faster?", pending)
        assert status == 200 and "FastAPI" in body["replies"][0]["text"]
        assert call("GET", f"{base}/readyz")[0] == 200
        assert call("POST", f"{base}/api/v1/conversations", {})[0] == 201
    assert count(migrated_database_url, sa.select(sa.func.count()).select_from(Lead)) == 1
    assert (
        count(
            migrated_database_url,
            sa.select(sa.func.count()).where(Message.client_message_id == pending),
        )
        == 1
    )


def wait_for_lock_waiter(url: str, timeout: float = 20) -> None:
    """Wait until some session of the test database is blocked on a row lock."""
    engine = db.create_engine(url)
    name = make_url(url).database
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            with engine.connect() as connection:
                waiting = connection.scalar(
                    sa.text(
                        "SELECT count(*) FROM pg_stat_activity "
                        "WHERE datname = :name AND wait_event_type = 'Lock'"
                    ),
                    {"name": name},
                )
            if waiting:
                return
            time.sleep(0.05)
    finally:
        engine.dispose()
    pytest.fail("the request never reached the conversation lock")


def test_a_worker_killed_mid_request_leaves_a_consistent_conversation(
    start_gunicorn: Callable[..., Gunicorn], migrated_database_url: str
) -> None:
    require_postgres(migrated_database_url)
    instance = start_gunicorn(migrated_database_url, workers=1, CONSULTBOT_RATE_LIMITS="0")
    instance.wait_ready()
    status, body, _ = call("POST", f"{instance.url}/api/v1/conversations", {"page_url": PAGE})
    conversation = (body["conversation_id"], body["token"])
    assert say(instance.url, conversation, "which is faster?")[0] == 200

    # Hold the conversation's row so the next message waits inside the worker, then kill it.
    engine = db.create_engine(migrated_database_url)
    holder = engine.connect()
    transaction = holder.begin()
    holder.execute(
        sa.select(Conversation.id)
        .where(Conversation.public_id == conversation[0])
        .with_for_update()
    )
    message_id = str(uuid.uuid4())
    outcome: list[object] = []

    def send() -> None:
        try:
            outcome.append(
                say(instance.url, conversation, "what does a migration cost", message_id)
            )
        except OSError as error:
            outcome.append(error)

    sender = threading.Thread(target=send)
    sender.start()
    wait_for_lock_waiter(migrated_database_url)
    [worker] = instance.worker_pids()
    os.kill(worker, signal.SIGKILL)
    sender.join(timeout=30)
    transaction.rollback()
    holder.close()
    assert outcome and isinstance(outcome[0], OSError), outcome  # the client saw the failure

    instance.wait_ready()  # the master starts a new worker
    assert instance.worker_pids() and instance.worker_pids() != [worker]
    with engine.connect() as connection:
        row = connection.execute(
            sa.select(Conversation.id, Conversation.message_count).where(
                Conversation.public_id == conversation[0]
            )
        ).one()
        assert row.message_count == 1  # the killed request left nothing half-done
    # The widget's retry with the same id completes the message, once.
    status, body, _ = say(instance.url, conversation, "what does a migration cost", message_id)
    assert status == 200 and "$" in body["replies"][0]["text"]
    with engine.connect() as connection:
        visitor = connection.scalars(
            sa.select(Message.client_message_id).where(
                Message.conversation_id == row.id, Message.role == Role.VISITOR
            )
        ).all()
        final = connection.scalar(
            sa.select(Conversation.message_count).where(Conversation.id == row.id)
        )
    engine.dispose()
    assert visitor.count(message_id) == 1 and len(visitor) == 2 and final == 2
