"""Real receivers for notifications (an SMTP server, an HTTP endpoint), and leads to notify of.

``complete_lead(client)`` fills in the shipped form through the widget API, so the outbox
holds real notifications; ``notify_app`` is the service sending to the two receivers.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection

from consultbot.storage import db
from tests.conftest import free_port, savepoint_sessions


def text_of(mail: Message) -> str:
    """The plain-text body as sales read it (decoded from its transfer encoding)."""
    payload = mail.get_payload(decode=True)
    assert isinstance(payload, bytes), "a single-part message"
    return payload.decode()


@dataclass
class Mailbox:
    """What the SMTP server received."""

    messages: list[Message] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.messages.append(message_from_bytes(envelope.original_content))
        return "250 Message accepted for delivery"


class SmtpServer:
    """An aiosmtpd server on a fixed port that can be stopped and started again."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.mailbox = Mailbox()
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


@dataclass
class Received:
    """One request the webhook receiver got."""

    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)


class WebhookReceiver:
    """An HTTP server on a fixed port recording POSTs; can answer with an error status."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.received: list[Received] = []
        self.status = 200
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/leads"

    def start(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                if receiver.status == 200:
                    receiver.received.append(Received(dict(self.headers), body))
                self.send_response(receiver.status)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                return None

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """A running SMTP server."""
    server = SmtpServer(free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def webhook_receiver() -> Iterator[WebhookReceiver]:
    """A running webhook receiver."""
    receiver = WebhookReceiver(free_port())
    receiver.start()
    yield receiver
    receiver.stop()


@pytest.fixture
def notify_config(smtp_server: SmtpServer, webhook_receiver: WebhookReceiver) -> dict[str, Any]:
    """Settings that send to the two receivers."""
    return {
        "SALES_EMAIL": "sales@consultancy.example",
        "MAIL_FROM": "consultbot@consultancy.example",
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": smtp_server.port,
        "SMTP_USERNAME": "",
        "SMTP_PASSWORD": "",
        "SMTP_STARTTLS": False,
        "WEBHOOK_URL": webhook_receiver.url,
        "WEBHOOK_SECRET": "shared-secret",
    }


def lead_answers(name: str = "Ada Lovelace", email: str = "ada@example.com") -> list[str]:
    """The messages that open the shipped form, answer every question and consent."""
    return ["we need a quote", name, email, "Engines Ltd", "migration", "Django", "large",
            "in 2 months", "$200k", "multi-tenant", "yes"]  # fmt: skip


def complete_lead(client: FlaskClient, answers: Sequence[str] | None = None) -> None:
    """Say ``answers`` (Ada's lead by default) in a new conversation on the comparison page."""
    opened = client.post("/api/v1/conversations", json={"page_url": "/compare/django-vs-fastapi"})
    headers = {"Authorization": f"Bearer {opened.get_json()['token']}"}
    url = f"/api/v1/conversations/{opened.get_json()['conversation_id']}/messages"
    for text in lead_answers() if answers is None else answers:
        response = client.post(
            url, json={"text": text, "client_message_id": str(uuid.uuid4())}, headers=headers
        )
        assert response.status_code == 200, response.get_json()
    assert response.get_json()["state"] == "done"


@pytest.fixture
def notify_app(
    make_app: Callable[..., Flask],
    database_url: str,
    db_connection: Connection,
    notify_config: dict[str, Any],
) -> Flask:
    """The service sending to the test receivers, its sessions in the test's transaction."""
    app = make_app(DATABASE_URL=database_url, **notify_config)
    app.extensions[db.EXTENSION] = db.Database(
        db.get_engine(app), savepoint_sessions(db_connection)
    )
    return app
