"""A body that stops arriving is answered 408 in time, so a few such clients cannot hold every
thread of a real gunicorn; a body that arrives whole is served as ever.

A client that sends its headers and a part of its body and then waits holds the thread that
reads that body: with 2 threads, 4 such connections once kept ``/healthz`` from answering for
as long as they stayed open.
"""

from __future__ import annotations

import json
import socket
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from urllib.parse import urlsplit

import pytest

from tests.production.conftest import Gunicorn, call
from tests.production.rawhttp import RawAnswer, read_answer

BODY_SECONDS = 1.0
THREADS = 2


@pytest.fixture
def server(start_gunicorn: Callable[..., Gunicorn], migrated_database_url: str) -> Gunicorn:
    instance = start_gunicorn(
        migrated_database_url,
        workers=1,
        threads=THREADS,
        CONSULTBOT_RATE_LIMITS="0",
        CONSULTBOT_BODY_TIMEOUT_SECONDS=str(BODY_SECONDS),
    )
    instance.wait_ready()
    return instance


def conversation(server: Gunicorn) -> tuple[str, str]:
    """A new conversation's messages path and token."""
    status, body, _ = call(
        "POST", f"{server.url}/api/v1/conversations", {"page_url": "/compare/django-vs-fastapi"}
    )
    assert status == 201, body
    return f"/api/v1/conversations/{body['conversation_id']}/messages", body["token"]


@contextmanager
def unfinished_post(url: str, path: str, token: str, body: bytes) -> Iterator[socket.socket]:
    """Open a connection that sends a message's headers and ``body``, never the rest."""
    parts = urlsplit(url)
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nAuthorization: Bearer {token}\r\n"
        f"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
    ).encode()
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        sock.sendall(head + body)
        yield sock


def answer_and_close(sock: socket.socket) -> tuple[RawAnswer, bytes]:
    """The server's answer on ``sock`` and whatever follows it before the server closes."""
    answer = read_answer(sock, 0)
    return answer, sock.recv(65536)


def test_stalled_bodies_are_answered_408_and_free_the_threads(server: Gunicorn) -> None:
    path, token = conversation(server)
    message = {"text": "which is faster?", "client_message_id": str(uuid.uuid4())}

    with ExitStack() as stack:
        stalled = [
            stack.enter_context(unfinished_post(server.url, path, token, b'{"text"'))
            for _ in range(2 * THREADS)
        ]
        started = time.monotonic()
        # Every thread is busy with a stalled body now; the probe waits for one to be freed.
        status, _, _ = call("GET", f"{server.url}/healthz", timeout=20)
        assert status == 200
        # Two rounds of threads at most, each waiting BODY_SECONDS, and some slack for the CI.
        assert time.monotonic() - started < 2 * BODY_SECONDS + 8
        for sock in stalled:
            answer, after = answer_and_close(sock)
            assert answer.status == 408
            assert answer.json["error"]["code"] == "request_timeout"
            assert after == b""  # the connection is closed: its body can no longer be trusted

    # Nothing was stored for the stalled messages; a whole body is served as before.
    status, answered, _ = call("POST", f"{server.url}{path}", message, token)
    assert status == 200, answered
    assert answered["meta"]["fallback"] is False
    status, transcript, _ = call(
        "GET", f"{server.url}{path.removesuffix('/messages')}", None, token
    )
    assert status == 200 and len(transcript["messages"]) == 3


def test_a_body_sent_in_two_parts_within_the_time_is_served(server: Gunicorn) -> None:
    path, token = conversation(server)
    body = json.dumps({"text": "which is faster?", "client_message_id": str(uuid.uuid4())})
    padded = body.encode().ljust(1000)
    with unfinished_post(server.url, path, token, padded[:7]) as sock:
        sock.sendall(padded[7:])
        answer = read_answer(sock, 0)
    assert answer.status == 200, answer.body
    assert answer.json["meta"]["fallback"] is False
