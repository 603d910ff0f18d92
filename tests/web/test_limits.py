"""Rate limits per client address (Flask-Limiter), shared through Redis, and what a 429 says."""

from __future__ import annotations

import os
import secrets
import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
import redis
from flask import Flask
from flask.testing import FlaskClient

from consultbot.errors import ConfigError
from consultbot.web.limits import retry_after, slow_down

REDIS_URL = os.environ.get("CONSULTBOT_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def address() -> str:
    """A client address of the test's own, so no two tests share a counter."""
    return f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.{secrets.randbelow(250) + 1}"


def open_conversation(
    client: FlaskClient, remote: str
) -> tuple[int, dict[str, str], dict[str, Any]]:
    response = client.post("/api/v1/conversations", json={}, environ_base={"REMOTE_ADDR": remote})
    return response.status_code, dict(response.headers), response.get_json()


@dataclass
class Visitor:
    """One visitor's conversation, from an address of its own."""

    client: FlaskClient
    remote: str
    opened: dict[str, Any]

    @classmethod
    def on(cls, app: Flask) -> Visitor:
        client, remote = app.test_client(), address()
        return cls(client, remote, open_conversation(client, remote)[2])

    @property
    def url(self) -> str:
        return f"/api/v1/conversations/{self.opened['conversation_id']}"

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.opened['token']}"}

    def send(
        self, text: str, message_id: str | None = None, auth: dict[str, str] | None = None
    ) -> tuple[int, dict[str, Any]]:
        body = {"text": text, "client_message_id": message_id or str(uuid.uuid4())}
        response = self.client.post(
            f"{self.url}/messages",
            json=body,
            headers=self.auth if auth is None else auth,
            environ_base={"REMOTE_ADDR": self.remote},
        )
        return response.status_code, response.get_json()

    def visitor_lines(self) -> list[str]:
        transcript = self.client.get(self.url, headers=self.auth).get_json()
        return [m["text"] for m in transcript["messages"] if m["role"] == "visitor"]


def test_too_many_new_conversations_get_429_with_retry_after(
    make_app: Callable[..., Flask], migrated_database_url: str
) -> None:
    app = make_app(DATABASE_URL=migrated_database_url, RATE_LIMIT_CONVERSATIONS="3/minute")
    client = app.test_client()
    remote = address()
    assert [open_conversation(client, remote)[0] for _ in range(3)] == [201, 201, 201]
    status, headers, body = open_conversation(client, remote)
    assert status == 429
    assert body["error"]["code"] == "rate_limited"
    assert "try again in" in body["error"]["message"]
    assert 1 <= int(headers["Retry-After"]) <= 61  # the window, rounded up to whole seconds
    assert "Retry-After" not in open_conversation(client, address())[1]  # only on a 429
    # Another visitor is not affected.
    assert open_conversation(client, address())[0] == 201


def test_too_many_messages_get_429_and_change_nothing(
    make_app: Callable[..., Flask], migrated_database_url: str
) -> None:
    visitor = Visitor.on(
        make_app(DATABASE_URL=migrated_database_url, RATE_LIMIT_MESSAGES="2/minute")
    )
    statuses = [visitor.send(text)[0] for text in ("hi", "which is faster?", "and pricing?")]
    assert statuses == [200, 200, 429]
    assert visitor.visitor_lines() == ["hi", "which is faster?"]


def test_a_retried_message_is_answered_again_and_not_counted(
    make_app: Callable[..., Flask], migrated_database_url: str
) -> None:
    app = make_app(DATABASE_URL=migrated_database_url, RATE_LIMIT_MESSAGES="2/minute")
    visitor = Visitor.on(app)
    send = visitor.send
    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    status, answered = send("which is faster?", first)
    assert status == 200
    # The widget timed out and sends it again: the same answer, and the allowance is intact.
    assert send("which is faster?", first) == (200, answered)
    status, answered_second = send("what does a migration cost?", second)
    assert status == 200
    # The two messages used the allowance up; a retry of either still gets its answer...
    assert send("what does a migration cost?", second) == (200, answered_second)
    assert send("which is faster?", first) == (200, answered)
    # ...but a new message is refused, and so is a "retry" without the conversation's token
    # or of an id never stored.
    assert send("and pricing?", str(uuid.uuid4()))[0] == 429
    # A used id with another text is not a retry: refused for what it is, not for the limit.
    status, refused = send("and pricing?", first)
    assert status == 409 and refused["error"]["code"] == "client_message_id_reused"
    assert send("which is faster?", first, {"Authorization": "Bearer nope"})[0] == 429
    other = open_conversation(visitor.client, address())[2]
    assert send("which is faster?", first, {"Authorization": f"Bearer {other['token']}"})[0] == 429
    assert visitor.visitor_lines() == ["which is faster?", "what does a migration cost?"]


def redis_or_skip() -> None:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        if os.environ.get("CONSULTBOT_REQUIRE_POSTGRES") == "1":  # CI has every service
            pytest.fail(f"Redis at {REDIS_URL} does not answer: {error}")
        pytest.skip(f"no Redis at {REDIS_URL}: {error}")


def test_two_instances_share_limits_through_redis(
    make_app: Callable[..., Flask], migrated_database_url: str
) -> None:
    redis_or_skip()
    settings = {
        "DATABASE_URL": migrated_database_url,
        "REDIS_URL": REDIS_URL,
        "RATE_LIMIT_CONVERSATIONS": "4/minute",
    }
    first, second = make_app(**settings).test_client(), make_app(**settings).test_client()
    remote = address()
    statuses = [open_conversation(client, remote)[0] for client in (first, second) * 3]
    assert statuses == [201, 201, 201, 201, 429, 429]


def test_without_redis_or_limits_the_service_still_answers(
    make_app: Callable[..., Flask], migrated_database_url: str
) -> None:
    unreachable = make_app(
        DATABASE_URL=migrated_database_url,
        REDIS_URL="redis://127.0.0.1:1/0",
        RATE_LIMIT_CONVERSATIONS="1/minute",
    ).test_client()
    remote = address()
    assert open_conversation(unreachable, remote)[0] == 201  # falls back to memory
    off = make_app(
        DATABASE_URL=migrated_database_url, RATE_LIMITS="0", RATE_LIMIT_CONVERSATIONS="1/minute"
    )
    assert [open_conversation(off.test_client(), remote)[0] for _ in range(3)] == [201] * 3


@pytest.mark.parametrize(
    "setting, value, message",
    [
        ("RATE_LIMIT_MESSAGES", "lots", "must look like '10/minute'"),
        ("RATE_LIMITS", "maybe", "CONSULTBOT_RATE_LIMITS must be 1 or 0"),
        ("REDIS_URL", "localhost:6379", "REDIS_URL must start with redis://"),
        ("MAX_MESSAGES_PER_CONVERSATION", "0", "at least 1"),
        ("PROXY_HOPS", "-1", "CONSULTBOT_PROXY_HOPS must be a whole number"),
    ],
)
def test_bad_limit_settings_are_refused(
    make_app: Callable[..., Flask], setting: str, value: str, message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        make_app(**{setting: value})


class StalledRedis:
    """A TCP server that accepts connections and reads, but never answers (a hung Redis)."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.listener.getsockname()[1]}/0"

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            self.held.append(connection)

    def close(self) -> None:
        for connection in self.held:
            connection.close()
        self.listener.close()


def test_a_redis_that_never_answers_costs_requests_well_under_a_second(
    make_app: Callable[..., Flask], migrated_database_url: str
) -> None:
    stalled = StalledRedis()
    try:
        client = make_app(
            DATABASE_URL=migrated_database_url,
            REDIS_URL=stalled.url,
            RATE_LIMIT_CONVERSATIONS="3/minute",
        ).test_client()
        remote = address()
        timings, statuses = [], []
        for _ in range(5):
            started = time.perf_counter()
            statuses.append(open_conversation(client, remote)[0])
            timings.append(time.perf_counter() - started)
        assert stalled.held, "the service never tried the stalled Redis"
        assert max(timings) < 1.0, timings
        # Limits still hold, counted in memory meanwhile.
        assert statuses == [201, 201, 201, 429, 429]
    finally:
        stalled.close()


def test_a_429_says_how_long_to_wait_in_the_apis_words_or_a_page(app: Flask) -> None:
    with app.test_request_context("/api/v1/conversations"):
        one = slow_down(1)
        assert (one.status_code, one.headers["Retry-After"]) == (429, "1")
        assert one.get_json() == {
            "error": {
                "code": "rate_limited",
                "message": "Too many requests from your address; try again in 1 second.",
            }
        }
        assert "in 42 seconds." in slow_down(42).get_json()["error"]["message"]
    with app.test_request_context("/dashboard/login"):
        page = slow_down(30)
        assert page.status_code == 429 and page.mimetype == "text/html"
        assert page.headers["Retry-After"] == "30"
        assert "try again in 30 seconds" in page.get_data(as_text=True)


def test_without_a_limit_just_hit_the_wait_is_a_minute(app: Flask) -> None:
    with app.test_request_context("/api/v1/conversations"):
        assert retry_after() == 60


def test_behind_a_trusted_proxy_the_forwarded_address_is_counted(
    make_app: Callable[..., Flask], migrated_database_url: str
) -> None:
    app = make_app(
        DATABASE_URL=migrated_database_url, PROXY_HOPS=1, RATE_LIMIT_CONVERSATIONS="1/minute"
    )
    client = app.test_client()
    proxy = address()

    def open_as(visitor: str) -> int:
        return client.post(
            "/api/v1/conversations",
            json={},
            headers={"X-Forwarded-For": visitor},
            environ_base={"REMOTE_ADDR": proxy},
        ).status_code

    first, second = address(), address()
    assert [open_as(first), open_as(second), open_as(first)] == [201, 201, 429]


def test_without_a_trusted_proxy_a_forged_forwarded_address_changes_nothing(
    make_app: Callable[..., Flask], migrated_database_url: str
) -> None:
    app = make_app(DATABASE_URL=migrated_database_url, RATE_LIMIT_CONVERSATIONS="1/minute")
    client = app.test_client()
    remote = address()
    statuses = [
        client.post(
            "/api/v1/conversations",
            json={},
            headers={"X-Forwarded-For": address()},
            environ_base={"REMOTE_ADDR": remote},
        ).status_code
        for _ in range(2)
    ]
    assert statuses == [201, 429]


def test_ratings_are_counted_apart_from_messages(
    make_app: Callable[..., Flask], migrated_database_url: str
) -> None:
    visitor = Visitor.on(
        make_app(DATABASE_URL=migrated_database_url, RATE_LIMIT_MESSAGES="2/minute")
    )
    answers = []
    for text in ("which is faster?", "and pricing?"):
        status, body = visitor.send(text)
        assert status == 200
        answers.append(body["replies"][0]["message_id"])
    assert visitor.send("one more")[0] == 429

    def rate(message_id: int) -> int:
        return visitor.client.put(
            f"{visitor.url}/messages/{message_id}/feedback",
            json={"rating": "up"},
            headers=visitor.auth,
            environ_base={"REMOTE_ADDR": visitor.remote},
        ).status_code

    assert [rate(answers[0]), rate(answers[1]), rate(answers[0])] == [200, 200, 429]


def test_event_reads_have_their_own_limit(
    make_app: Callable[..., Flask], migrated_database_url: str
) -> None:
    visitor = Visitor.on(make_app(DATABASE_URL=migrated_database_url, RATE_LIMIT_EVENTS="2/minute"))
    client, remote = visitor.client, visitor.remote
    responses = [
        client.get(
            f"{visitor.url}/events", headers=visitor.auth, environ_base={"REMOTE_ADDR": remote}
        )
        for _ in range(3)
    ]
    assert [r.status_code for r in responses] == [200, 200, 429]
    assert responses[2].get_json()["error"]["code"] == "rate_limited"
    assert 1 <= int(responses[2].headers["Retry-After"]) <= 61
    assert open_conversation(client, remote)[0] == 201  # other scopes are untouched
