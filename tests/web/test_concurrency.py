"""Concurrent requests over real HTTP: retries are idempotent, a conversation never interleaves."""

from __future__ import annotations

import json
import threading
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy.orm import Session
from werkzeug.serving import make_server

from consultbot.storage.db import get_engine
from consultbot.storage.models import Conversation, Message, Role

CONCURRENCY = 8


@dataclass(frozen=True)
class Served:
    """The app and the address it is served on."""

    app: Flask
    base: str


@pytest.fixture
def server(make_app: Callable[..., Flask], migrated_database_url: str) -> Iterator[Served]:
    """Serve the app over HTTP with many threads, on a database of the test's own."""
    app = make_app(DATABASE_URL=migrated_database_url)
    http = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    yield Served(app, f"http://127.0.0.1:{http.server_port}")
    http.shutdown()
    http.server_close()


def call(url: str, body: dict[str, Any], token: str | None = None) -> tuple[int, dict[str, Any]]:
    """POST JSON and return the status and the JSON answer."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, json.dumps(body).encode(), headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def open_conversation(base: str) -> tuple[str, str]:
    status, body = call(f"{base}/api/v1/conversations", {"page_url": "/compare/django-vs-fastapi"})
    assert status == 201
    return body["conversation_id"], body["token"]


def messages(app: Flask, conversation_id: str) -> list[Message]:
    engine = get_engine(app)
    with Session(engine) as session:
        conversation = session.execute(
            sa.select(Conversation.id).where(Conversation.public_id == conversation_id)
        ).scalar_one()
        return list(
            session.scalars(
                sa.select(Message)
                .where(Message.conversation_id == conversation)
                .order_by(Message.id)
            )
        )


def test_the_same_message_sent_at_once_is_answered_once(server: Served) -> None:
    conversation_id, token = open_conversation(server.base)
    url = f"{server.base}/api/v1/conversations/{conversation_id}/messages"
    body = {"text": "which one is faster?", "client_message_id": str(uuid.uuid4())}
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        results = list(pool.map(lambda _: call(url, body, token), range(CONCURRENCY)))
    assert {status for status, _ in results} == {200}
    assert len({json.dumps(answer, sort_keys=True) for _, answer in results}) == 1
    stored = messages(server.app, conversation_id)
    visitor = [m for m in stored if m.role == Role.VISITOR]
    assert len(visitor) == 1


def test_one_id_sent_at_once_with_two_texts_stores_one_and_refuses_the_other(
    server: Served,
) -> None:
    conversation_id, token = open_conversation(server.base)
    url = f"{server.base}/api/v1/conversations/{conversation_id}/messages"
    message_id = str(uuid.uuid4())
    texts = ["which one is faster?", "what does a migration cost"] * (CONCURRENCY // 2)
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        results = list(
            pool.map(
                lambda text: call(url, {"text": text, "client_message_id": message_id}, token),
                texts,
            )
        )
    [visitor] = [m for m in messages(server.app, conversation_id) if m.role == Role.VISITOR]
    for text, (status, body) in zip(texts, results, strict=True):
        if text == visitor.text:
            assert status == 200 and body == visitor.response
        else:
            assert status == 409 and body["error"]["code"] == "client_message_id_reused"


def test_messages_for_one_conversation_never_interleave(server: Served) -> None:
    conversation_id, token = open_conversation(server.base)
    url = f"{server.base}/api/v1/conversations/{conversation_id}/messages"
    texts = ["which is faster", "what about flask", "github stars", "and docs?", "hello",
             "pydantic problems", "what does a migration cost", "thanks"]  # fmt: skip
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        results = list(
            pool.map(
                lambda text: call(
                    url, {"text": text, "client_message_id": str(uuid.uuid4())}, token
                ),
                texts,
            )
        )
    assert all(status == 200 for status, _ in results)
    stored = messages(server.app, conversation_id)
    # Each visitor message is followed directly by its own replies, never by another's.
    answers = {text: body for text, (_, body) in zip(texts, results, strict=True)}
    position = 1  # after the greeting
    seen = []
    while position < len(stored):
        visitor = stored[position]
        assert visitor.role == Role.VISITOR
        replies = [r["text"] for r in answers[visitor.text]["replies"]]
        following = [m.text for m in stored[position + 1 : position + 1 + len(replies)]]
        assert following == replies
        seen.append(visitor.text)
        position += 1 + len(replies)
    assert sorted(seen) == sorted(texts)
    with get_engine(server.app).connect() as connection:
        count = connection.execute(
            sa.select(Conversation.message_count).where(Conversation.public_id == conversation_id)
        ).scalar_one()
    assert count == len(texts)
