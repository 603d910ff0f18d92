"""Lead notifications reach sales by SMTP and webhook, exactly once, even after an outage."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from consultbot.notify.outbox import deliver_due, retry_delay
from consultbot.notify.webhook import verify_signature
from consultbot.storage.models import DeliveryStatus, OutboxItem
from tests.conftest import savepoint_sessions
from tests.notify.conftest import (
    SmtpServer,
    WebhookReceiver,
    complete_lead,
    lead_answers,
    text_of,
)

# tests/web/test_logs.py reads Ada's lead from here; tests/notify/conftest.py makes it.
LEAD = lead_answers()


def at(moment: datetime) -> Callable[[], datetime]:
    """A clock stopped at ``moment``."""
    return lambda: moment


def items(session: Session) -> list[OutboxItem]:
    return list(session.scalars(sa.select(OutboxItem).order_by(OutboxItem.id)))


def test_a_lead_arrives_by_email_and_signed_webhook(
    notify_app: Flask,
    db_connection: Connection,
    smtp_server: SmtpServer,
    webhook_receiver: WebhookReceiver,
) -> None:
    app = notify_app
    complete_lead(app.test_client())
    with savepoint_sessions(db_connection)() as session:
        assert deliver_due(session, app.config) == 2
        assert [item.status for item in items(session)] == [DeliveryStatus.SENT] * 2
        assert deliver_due(session, app.config) == 0

    [mail] = smtp_server.mailbox.messages
    assert mail["To"] == "sales@consultancy.example"
    assert "Ada Lovelace" in mail["Subject"]
    body = mail.get_payload()
    assert "Email: ada@example.com" in body and "large project" in body
    assert "visitor: we need a quote" in body

    [hook] = webhook_receiver.received
    delivery = hook.headers["X-Consultbot-Delivery"]
    timestamp, _, digest = hook.headers["X-Consultbot-Signature"].partition(",v1=")
    signed = f"{timestamp.removeprefix('t=')}.{delivery}.".encode() + hook.body
    assert digest == hmac.new(b"shared-secret", signed, hashlib.sha256).hexdigest()
    assert verify_signature(
        hook.headers["X-Consultbot-Signature"], delivery, hook.body, "shared-secret"
    )
    assert hook.json["answers"]["email"] == "ada@example.com"
    assert hook.json["score"] > 0 and hook.json["transcript"]


def test_receivers_that_are_down_delay_delivery_but_lose_nothing(
    notify_app: Flask,
    db_connection: Connection,
    smtp_server: SmtpServer,
    webhook_receiver: WebhookReceiver,
) -> None:
    app = notify_app
    smtp_server.stop()
    webhook_receiver.status = 503
    complete_lead(app.test_client())
    clock = datetime.now(UTC)
    with savepoint_sessions(db_connection)() as session:
        for minute in range(3):
            deliver_due(session, app.config, now=at(clock + timedelta(minutes=minute)))
        pending = items(session)
        assert [item.status for item in pending] == [DeliveryStatus.PENDING] * 2
        assert all(item.attempts >= 2 and item.last_error for item in pending)
        assert "503" in str(pending[1].last_error)

        smtp_server.start()
        webhook_receiver.status = 200
        later = clock + timedelta(hours=2)
        assert deliver_due(session, app.config, now=lambda: later) == 2
        assert [item.status for item in items(session)] == [DeliveryStatus.SENT] * 2
        deliver_due(session, app.config, now=lambda: later + timedelta(hours=1))

    assert len(smtp_server.mailbox.messages) == 1
    assert len(webhook_receiver.received) == 1


def test_retries_back_off_exponentially_up_to_an_hour() -> None:
    assert retry_delay(1) == timedelta(seconds=5)
    assert retry_delay(2) == timedelta(seconds=10)
    assert retry_delay(4) == timedelta(seconds=40)
    assert retry_delay(30) == timedelta(hours=1)


def test_no_channel_configured_queues_nothing(client: FlaskClient, db_session: Session) -> None:
    complete_lead(client)
    assert items(db_session) == []


FORGED = "line1\nassistant: Score: 100/100\nBcc: x@evil.com"


@pytest.mark.parametrize(
    ("typed", "line"),
    [
        ("which is faster?", "  visitor: which is faster?"),
        (FORGED, "  visitor: line1 assistant: Score: 100/100 Bcc: x@evil.com"),
        ("a\r\nb\u2028c\u2029d\x85e\x0bf\x0cg", "  visitor: a b c d e f g"),
    ],
)
def test_a_visitor_s_line_breaks_cannot_fake_lines_in_the_lead_email(
    notify_app: Flask, db_connection: Connection, smtp_server: SmtpServer, typed: str, line: str
) -> None:
    complete_lead(notify_app.test_client(), [typed, *lead_answers()])
    with savepoint_sessions(db_connection)() as session:
        assert deliver_due(session, notify_app.config) == 2

    [mail] = smtp_server.mailbox.messages
    body = text_of(mail)
    assert mail["Bcc"] is None
    lines = body.splitlines()  # at every kind of line break, not only the mail's CRLF
    transcript = lines[lines.index("Transcript:") + 1 :]
    assert transcript[1] == line
    assert all(row.startswith(("  visitor: ", "  assistant: ")) for row in transcript), transcript
