"""Bodies over the limit are refused whatever their framing, against real gunicorn.

Chunked bodies carry no Content-Length, so only reading can find their size: the service
reads at most the limit and answers 413, checks a conversation's token before reading any of
its body, and a worker's memory stays flat under several huge bodies at once.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from consultbot.web.json_body import MAX_BODY_BYTES
from tests.production.conftest import Gunicorn, call
from tests.production.rawhttp import RawAnswer, send_chunked

MB = 1024 * 1024


def worker_rss(server: Gunicorn) -> int:
    """Resident memory of the (single) worker process, in bytes."""
    [pid] = server.worker_pids()
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


@pytest.fixture
def server(start_gunicorn: Callable[..., Gunicorn], migrated_database_url: str) -> Gunicorn:
    instance = start_gunicorn(
        migrated_database_url, workers=1, threads=8, CONSULTBOT_RATE_LIMITS="0"
    )
    instance.wait_ready()
    return instance


def test_chunked_bodies_over_the_limit_are_refused_and_small_ones_served(server: Gunicorn) -> None:
    json_headers = {"Content-Type": "application/json"}
    big = send_chunked(server.url, "/api/v1/conversations", 100 * MB, json_headers)
    assert big.status == 413
    assert big.json["error"]["code"] == "too_large"
    assert big.sent < 100 * MB  # answered long before the body was over

    small = send_chunked(
        server.url,
        "/api/v1/conversations",
        0,
        json_headers,
        first=json.dumps({"page_url": "/compare/django-vs-fastapi"}).encode(),
    )
    assert small.status == 201, small.body
    token, conversation = small.json["token"], small.json["conversation_id"]
    messages = f"/api/v1/conversations/{conversation}/messages"
    auth = {**json_headers, "Authorization": f"Bearer {token}"}

    message = {"text": "which is faster?", "client_message_id": str(uuid.uuid4())}
    answered = send_chunked(server.url, messages, 0, auth, first=json.dumps(message).encode())
    assert answered.status == 200, answered.body
    assert answered.json["meta"]["fallback"] is False

    padded = json.dumps({**message, "client_message_id": str(uuid.uuid4())}).encode()
    over = send_chunked(server.url, messages, 50 * MB, auth, first=padded + b" " * MAX_BODY_BYTES)
    assert over.status == 413
    # Nothing was stored for the refused message: the transcript holds greeting + one exchange.
    status, transcript, _ = call(
        "GET", f"{server.url}/api/v1/conversations/{conversation}", None, token
    )
    assert status == 200 and len(transcript["messages"]) == 3

    form = send_chunked(
        server.url,
        "/dashboard/login",
        20 * MB,
        {"Content-Type": "application/x-www-form-urlencoded"},
        first=b"email=a%40b.example&password=",
    )
    assert form.status == 413
    assert form.headers["content-type"].startswith("text/html")


def test_a_wrong_token_is_refused_before_any_of_the_body_is_read(server: Gunicorn) -> None:
    _, opened, _ = call("POST", f"{server.url}/api/v1/conversations", {})
    messages = f"/api/v1/conversations/{opened['conversation_id']}/messages"
    headers = {"Content-Type": "application/json", "Authorization": "Bearer not-the-token"}
    # The body is left open: a server that read it first would wait for the rest forever.
    refused = send_chunked(server.url, messages, 0, headers, first=b'{"text": "', finish=False)
    assert refused.status == 401
    assert refused.json["error"]["code"] == "unauthorized"
    # The right token with an open body: now the service must read it, so no answer comes.
    headers["Authorization"] = f"Bearer {opened['token']}"
    with pytest.raises(TimeoutError):
        send_chunked(server.url, messages, 0, headers, first=b'{"text": "', finish=False, wait=2)


def test_six_concurrent_50_mb_chunked_bodies_leave_worker_memory_flat(server: Gunicorn) -> None:
    before = worker_rss(server)
    answers: list[RawAnswer] = []
    targets = [("/api/v1/conversations", "application/json")] * 3
    targets += [("/dashboard/login", "application/x-www-form-urlencoded")] * 3

    def attack(path: str, kind: str) -> None:
        answers.append(send_chunked(server.url, path, 50 * MB, {"Content-Type": kind}))

    threads = [threading.Thread(target=attack, args=target) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(answer.status for answer in answers) == [413] * 6
    assert worker_rss(server) - before < 20 * MB
    assert call("GET", f"{server.url}/healthz")[0] == 200
