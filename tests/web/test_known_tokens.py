"""Tokens a process has checked before: the answers stay the database's."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy import Connection

from consultbot.storage.models import Conversation, Message
from consultbot.web.known_tokens import KnownTokens

HASH = "a" * 64


def test_a_remembered_hash_matches_only_itself() -> None:
    known = KnownTokens()
    assert not known.matches("c-1", HASH)
    known.remember("c-1", HASH)
    assert known.matches("c-1", HASH)
    assert not known.matches("c-1", "b" * 64)
    assert not known.matches("c-2", HASH)


def test_the_oldest_conversation_is_forgotten_first() -> None:
    known = KnownTokens(size=2)
    for public_id in ("c-1", "c-2", "c-3"):
        known.remember(public_id, HASH)
    assert not known.matches("c-1", HASH)
    assert known.matches("c-2", HASH) and known.matches("c-3", HASH)


def open_and_say(client: FlaskClient) -> tuple[str, dict[str, str]]:
    """Open a conversation and send one message, so its token is remembered."""
    opened = client.post("/api/v1/conversations", json={"page_url": "/compare/django-vs-fastapi"})
    headers = {"Authorization": f"Bearer {opened.get_json()['token']}"}
    conversation_id = opened.get_json()["conversation_id"]
    said = client.post(
        f"/api/v1/conversations/{conversation_id}/messages",
        json={"text": "which is faster?", "client_message_id": str(uuid.uuid4())},
        headers=headers,
    )
    assert said.status_code == 200, said.json
    return conversation_id, headers


def test_a_wrong_token_is_refused_after_the_right_one_was_remembered(
    client: FlaskClient,
) -> None:
    conversation_id, _ = open_and_say(client)
    response = client.post(
        f"/api/v1/conversations/{conversation_id}/messages",
        json={"text": "hi", "client_message_id": str(uuid.uuid4())},
        headers={"Authorization": "Bearer not-the-token"},
    )
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


@pytest.mark.parametrize(
    "body",
    [
        {"text": "and the docs?", "client_message_id": "m-2"},
        {"text": "", "client_message_id": "m-2"},  # refused as empty, were it still there
        {"client_message_id": "m-2"},
    ],
)
def test_a_conversation_deleted_after_its_token_was_remembered_is_not_found(
    db_connection: Connection, client: FlaskClient, body: dict[str, str]
) -> None:
    conversation_id, headers = open_and_say(client)
    found = sa.select(Conversation.id).where(Conversation.public_id == conversation_id)
    row_id = db_connection.scalar(found)
    db_connection.execute(sa.delete(Message).where(Message.conversation_id == row_id))
    db_connection.execute(sa.delete(Conversation).where(Conversation.id == row_id))
    response = client.post(
        f"/api/v1/conversations/{conversation_id}/messages", json=body, headers=headers
    )
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"
