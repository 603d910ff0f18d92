"""The development server (``consultbot run``) over real sockets: a body framed two ways is
refused, and a body that stops arriving is answered 408, as under gunicorn."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from werkzeug.serving import make_server

from consultbot.cli import AppLoggedRequests
from tests.production.rawhttp import read_answer, send_chunked

OPEN = "/api/v1/conversations"
BODY = json.dumps({"page_url": "/compare/django-vs-fastapi"}).encode()


@pytest.fixture
def served(make_app: Callable[..., Flask], migrated_database_url: str) -> Iterator[str]:
    """The app on the development server, as ``consultbot run`` starts it."""
    app = make_app(DATABASE_URL=migrated_database_url, BODY_TIMEOUT_SECONDS=0.5)
    http = make_server("127.0.0.1", 0, app, threaded=True, request_handler=AppLoggedRequests)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{http.server_port}"
    http.shutdown()
    http.server_close()


def post(url: str, head: str, body: bytes) -> tuple[int, dict[str, object]]:
    """Send a raw POST of ``body`` with the given header lines; return the status and JSON."""
    port = int(url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        request = f"POST {OPEN} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        sock.sendall(f"{request}{head}\r\n".encode() + body)
        answer = read_answer(sock, 0)
    return answer.status, answer.json


def test_a_body_with_both_a_length_and_chunks_is_refused(served: str) -> None:
    json_type = {"Content-Type": "application/json"}
    both = send_chunked(served, OPEN, 0, {**json_type, "Content-Length": "5"}, first=BODY)
    assert both.status == 400
    assert both.json["error"]["message"] == (
        "Send the body with Content-Length or Transfer-Encoding, not both."
    )
    assert both.headers["x-request-id"]  # logged like any request
    chunked = send_chunked(served, OPEN, 0, json_type, first=BODY)
    assert chunked.status == 201, chunked.body
    status, _ = post(served, f"Content-Length: {len(BODY)}\r\n", BODY)
    assert status == 201


def test_a_body_that_stops_arriving_is_answered_408(served: str) -> None:
    status, answer = post(served, f"Content-Length: {len(BODY)}\r\n", BODY[:10])
    assert status == 408
    assert answer["error"]["code"] == "request_timeout"  # type: ignore[index]
    status, _ = post(served, f"Content-Length: {len(BODY)}\r\n", BODY)
    assert status == 201
