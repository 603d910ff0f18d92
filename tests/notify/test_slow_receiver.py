"""A receiver that never answers must not hold up anything else, and leases survive crashes.

Delivery leases a notification and commits before it sends, so no transaction is open while
a receiver takes its time: on SQLite (the default set-up, delivering from the web process)
an open write transaction would make every chat message wait for it.
"""

from __future__ import annotations

import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from consultbot.notify.outbox import LEASE, claim_due, deliver_due, deliver_one, record_outcome
from consultbot.storage import db
from consultbot.storage.models import DeliveryStatus, Lead, OutboxItem
from tests.conftest import free_port
from tests.notify.conftest import WebhookReceiver, complete_lead


class HangingReceiver:
    """Accepts connections and reads requests, but never answers until released."""

    def __init__(self) -> None:
        self.port = free_port()
        self.accepted = threading.Event()
        self._held: list[socket.socket] = []
        self._listener = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/leads"

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self._listener.accept()
            except OSError:
                return
            self._held.append(connection)
            self.accepted.set()

    def release(self) -> None:
        """Hang up on every held connection and stop listening."""
        for connection in self._held:
            connection.close()
        self._listener.close()


@pytest.fixture
def hanging_receiver() -> Iterator[HangingReceiver]:
    receiver = HangingReceiver()
    yield receiver
    receiver.release()


def test_chat_goes_on_while_a_webhook_receiver_hangs(
    make_app: Callable[..., Flask], migrated_database_url: str, hanging_receiver: HangingReceiver
) -> None:
    app = make_app(
        DATABASE_URL=migrated_database_url,
        DELIVER_IN_PROCESS="0",
        RATE_LIMITS="0",
        WEBHOOK_URL=hanging_receiver.url,
        WEBHOOK_SECRET="shared-secret",
    )
    client = app.test_client()
    complete_lead(client)
    sessions = db.get_database(app).sessionmaker

    def deliver() -> None:
        with sessions() as session:
            deliver_one(session, app.config)

    delivery = threading.Thread(target=deliver)
    delivery.start()
    assert hanging_receiver.accepted.wait(10), "the webhook was never sent"

    opened = client.post("/api/v1/conversations", json={})
    assert opened.status_code == 201
    headers = {"Authorization": f"Bearer {opened.get_json()['token']}"}
    url = f"/api/v1/conversations/{opened.get_json()['conversation_id']}/messages"
    for text in ("which is faster?", "and for async?", "what does a migration cost?"):
        started = time.monotonic()
        answered = client.post(
            url, json={"text": text, "client_message_id": str(uuid.uuid4())}, headers=headers
        )
        assert answered.status_code == 200, answered.json
        assert time.monotonic() - started < 2.0
    assert delivery.is_alive()  # still waiting on the receiver all along

    hanging_receiver.release()
    delivery.join(15)
    assert not delivery.is_alive()
    with sessions() as session:
        [item] = session.scalars(sa.select(OutboxItem)).all()
        assert item.status is DeliveryStatus.PENDING
        assert item.attempts == 1 and item.last_error
        assert session.scalar(sa.select(sa.func.count()).select_from(Lead)) == 1


def test_a_worker_that_dies_mid_send_leaves_the_notification_to_the_next_after_its_lease(
    make_app: Callable[..., Flask],
    migrated_database_url: str,
    webhook_receiver: WebhookReceiver,
) -> None:
    config: dict[str, Any] = {"WEBHOOK_URL": webhook_receiver.url, "WEBHOOK_SECRET": "s"}
    app = make_app(
        DATABASE_URL=migrated_database_url, DELIVER_IN_PROCESS="0", RATE_LIMITS="0", **config
    )
    complete_lead(app.test_client())
    sessions = db.get_database(app).sessionmaker
    now = datetime.now(UTC)
    with sessions() as session:
        crashed = claim_due(session, app.config, now)  # claimed, then the worker died
        assert crashed is not None
    with sessions() as session:
        assert deliver_due(session, app.config, now=lambda: now + LEASE / 2) == 0
        assert deliver_due(session, app.config, now=lambda: now + LEASE * 1.01) == 1
    assert len(webhook_receiver.received) == 1

    # The dead worker comes back and reports a failure: the later outcome stands.
    with sessions() as session:
        assert record_outcome(session, crashed, "OSError: late", now + LEASE * 2) is None
        [item] = session.scalars(sa.select(OutboxItem)).all()
        assert item.status is DeliveryStatus.SENT and item.attempts == 2
        assert item.last_error is None
        later = now + timedelta(hours=3)
        assert deliver_due(session, app.config, now=lambda: later) == 0
    assert len(webhook_receiver.received) == 1
