"""A webhook receiver that redirects: the lead is not reported sent, and the error says where."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from consultbot.notify.outbox import deliver_due
from consultbot.notify.webhook import WebhookRefused, post_webhook, sign, verify_signature
from consultbot.storage import db
from consultbot.storage.models import DeliveryStatus, OutboxItem
from tests.conftest import free_port
from tests.notify.conftest import complete_lead


class RedirectingReceiver:
    """Answers a POST to /hook with a redirect to /elsewhere, which answers any request 200."""

    def __init__(self, status: int) -> None:
        self.requests: list[tuple[str, str]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                self.rfile.read(length)
                receiver.requests.append((self.command, self.path))
                if self.path == "/hook":
                    self.send_response(status)
                    self.send_header("Location", "/elsewhere")
                else:
                    self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_POST = _answer  # noqa: N815

            def log_message(self, *args: Any) -> None:
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"


@pytest.fixture(params=[301, 302, 303, 307, 308])
def redirecting(request: pytest.FixtureRequest) -> Iterator[RedirectingReceiver]:
    receiver = RedirectingReceiver(request.param)
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()


def test_a_redirect_is_a_failure_naming_its_location(redirecting: RedirectingReceiver) -> None:
    with pytest.raises(WebhookRefused) as refused:
        post_webhook({"event": "lead.created"}, redirecting.url, "secret", 7)

    assert "redirecting to /elsewhere" in str(refused.value)
    assert redirecting.requests == [("POST", "/hook")]  # never followed


def test_a_receiver_answering_200_is_a_delivery(redirecting: RedirectingReceiver) -> None:
    url = redirecting.url.replace("/hook", "/elsewhere")
    post_webhook({"event": "lead.created"}, url, "secret", 7)

    assert redirecting.requests == [("POST", "/elsewhere")]


def test_a_redirected_lead_stays_pending_with_the_location_in_its_error(
    make_app: Callable[..., Flask], migrated_database_url: str, redirecting: RedirectingReceiver
) -> None:
    app = make_app(
        DATABASE_URL=migrated_database_url,
        DELIVER_IN_PROCESS="0",
        RATE_LIMITS="0",
        WEBHOOK_URL=redirecting.url,
        WEBHOOK_SECRET="secret",
    )
    complete_lead(app.test_client())
    with db.get_database(app).sessionmaker() as session:
        assert deliver_due(session, app.config) == 1
        [item] = session.scalars(sa.select(OutboxItem)).all()
        assert item.status is DeliveryStatus.PENDING and item.sent_at is None
        assert "redirecting to /elsewhere" in (item.last_error or "")
    assert ("GET", "/elsewhere") not in redirecting.requests


class SlowReceiver:
    """Records each POST, then answers only once released (after the sender gave up)."""

    def __init__(self) -> None:
        self.received: list[tuple[dict[str, str], bytes]] = []
        self.released = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.received.append((dict(self.headers), body))
                receiver.released.wait(10)
                try:
                    self.send_response(200)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                except OSError:
                    pass  # the sender gave up waiting

            def log_message(self, *args: Any) -> None:
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"


def test_a_receiver_too_slow_to_answer_gets_it_again_under_the_same_delivery_id() -> None:
    receiver = SlowReceiver()
    try:
        for _ in range(2):  # the first try timed out, so the outbox retries
            with pytest.raises(OSError):
                post_webhook({"event": "lead.created"}, receiver.url, "secret", 41, timeout=0.3)
    finally:
        receiver.released.set()
        receiver.server.shutdown()
        receiver.server.server_close()
    [first, second] = receiver.received
    assert first[0]["X-Consultbot-Delivery"] == second[0]["X-Consultbot-Delivery"] == "41"
    assert first[1] == second[1]  # the receiver drops the second by its delivery id
    for headers, body in (first, second):
        assert verify_signature(headers["X-Consultbot-Signature"], "41", body, "secret")


def test_the_signature_binds_body_delivery_id_and_time() -> None:
    body = b'{"event": "lead.created"}'
    now = 1_800_000_000
    header = sign(body, "secret", 41, now)
    assert verify_signature(header, "41", body, "secret", now=now + 10)
    assert not verify_signature(header, "42", body, "secret", now=now)  # another delivery
    assert not verify_signature(header, "41", body + b" ", "secret", now=now)  # edited body
    assert not verify_signature(header, "41", body, "other", now=now)  # wrong secret
    assert not verify_signature(header, "41", body, "secret", now=now + 301)  # a replay
    assert not verify_signature("sha256=abc", "41", body, "secret", now=now)
