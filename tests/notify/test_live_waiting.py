"""A visitor waiting for a person reaches sales by email and signed webhook, through the outbox."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from flask import Flask
from sqlalchemy import Connection

from consultbot.notify.outbox import deliver_due
from consultbot.notify.webhook import verify_signature
from consultbot.storage.models import DeliveryStatus, OutboxItem, StaffRole
from tests.conftest import savepoint_sessions
from tests.notify.conftest import SmtpServer, WebhookReceiver, text_of
from tests.storage.factories import make_user


def test_a_waiting_visitor_is_announced_by_email_and_webhook(
    notify_app: Flask,
    db_connection: Connection,
    smtp_server: SmtpServer,
    webhook_receiver: WebhookReceiver,
) -> None:
    with savepoint_sessions(db_connection)() as session:
        make_user(
            session,
            role=StaffRole.SALES,
            display_name="Ada",
            chat_available=True,
            chat_seen_at=datetime.now(UTC) - timedelta(seconds=5),
        )
        session.commit()
    client = notify_app.test_client()
    opened = client.post("/api/v1/conversations", json={"page_url": "/compare/django-vs-fastapi"})
    headers = {"Authorization": f"Bearer {opened.get_json()['token']}"}
    url = f"/api/v1/conversations/{opened.get_json()['conversation_id']}/messages"
    for text in ("which is faster?", "let me talk to a person"):
        response = client.post(
            url, json={"text": text, "client_message_id": str(uuid.uuid4())}, headers=headers
        )
    assert response.get_json()["live"] == {"status": "waiting"}

    with savepoint_sessions(db_connection)() as session:
        assert deliver_due(session, notify_app.config) == 2
        statuses = session.scalars(sa.select(OutboxItem.status)).all()
        assert statuses == [DeliveryStatus.SENT] * 2

    [mail] = smtp_server.mailbox.messages
    assert mail["Subject"] == "[consultbot] a visitor is waiting for a person in the chat"
    body = text_of(mail)
    assert "Claim the chat on the dashboard's Live page" in body
    assert "visitor: which is faster?" in body and "Page: /compare/django-vs-fastapi" in body
    [hook] = webhook_receiver.received
    assert hook.json["event"] == "conversation.waiting"
    assert hook.json["conversation_id"] == opened.get_json()["conversation_id"]
    assert verify_signature(
        hook.headers["X-Consultbot-Signature"],
        hook.headers["X-Consultbot-Delivery"],
        hook.body,
        "shared-secret",
    )
