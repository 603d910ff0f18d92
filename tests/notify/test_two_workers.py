"""Two delivery workers at once, receivers down for a while: every lead arrives exactly once."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask import Flask

from consultbot.notify.outbox import deliver_due
from consultbot.storage import db
from consultbot.storage.models import DeliveryStatus, OutboxItem
from tests.notify.conftest import SmtpServer, WebhookReceiver, complete_lead, lead_answers

LEADS = 6


def test_two_workers_deliver_each_lead_once_after_an_outage(
    make_app: Callable[..., Flask],
    migrated_database_url: str,
    notify_config: dict[str, Any],
    smtp_server: SmtpServer,
    webhook_receiver: WebhookReceiver,
) -> None:
    app = make_app(
        DATABASE_URL=migrated_database_url, DELIVER_IN_PROCESS="0", RATE_LIMITS="0", **notify_config
    )
    sessions = db.get_database(app).sessionmaker
    smtp_server.stop()
    webhook_receiver.status = 503
    client = app.test_client()
    for number in range(LEADS):
        complete_lead(client, lead_answers(f"Visitor {number}", f"v{number}@example.com"))

    clock = [datetime.now(UTC)]
    errors: list[BaseException] = []

    def work(rounds: int) -> None:
        try:
            for _ in range(rounds):
                with sessions() as session:
                    deliver_due(session, app.config, now=lambda: clock[0])
        except BaseException as error:  # noqa: BLE001 - reported by the test below
            errors.append(error)

    def both_workers(rounds: int) -> None:
        threads = [threading.Thread(target=work, args=(rounds,)) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    # Down for twenty minutes of retries: nothing arrives, nothing is given up.
    for _ in range(10):
        clock[0] = clock[0] + timedelta(minutes=2)
        both_workers(2)
    with sessions() as session:
        states = Counter(session.scalars(sa.select(OutboxItem.status)))
    assert states == {DeliveryStatus.PENDING: 2 * LEADS}
    assert smtp_server.mailbox.messages == [] and webhook_receiver.received == []

    # Back: both workers race for the backlog.
    smtp_server.start()
    webhook_receiver.status = 200
    clock[0] = clock[0] + timedelta(hours=2)
    both_workers(5)
    assert errors == []
    with sessions() as session:
        states = Counter(session.scalars(sa.select(OutboxItem.status)))
    assert states == {DeliveryStatus.SENT: 2 * LEADS}
    mailed = Counter(message["Subject"] for message in smtp_server.mailbox.messages)
    hooked = Counter(received.json["answers"]["email"] for received in webhook_receiver.received)
    assert len(mailed) == LEADS and set(mailed.values()) == {1}
    assert hooked == {f"v{number}@example.com": 1 for number in range(LEADS)}
    deliveries = [
        received.headers["X-Consultbot-Delivery"] for received in webhook_receiver.received
    ]
    assert len(set(deliveries)) == LEADS
