"""A visitor's message on a database of the test's own: its own transactions, real commits.

The ``client`` fixture's sessions are joined to the test's transaction, so SQLAlchemy begins
and commits for them; here the message path begins and commits itself (on PostgreSQL, BEGIN
and COMMIT travel in pipelines with the statements), as it does in production.
"""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from consultbot.storage.db import get_engine
from consultbot.storage.models import Conversation, Lead, LiveChat, LiveStatus, Message, Role
from consultbot.web import known_tokens
from tests.storage.test_together import traced

FORM = ["I'd like a consultation", "Own Transaction", "own@example.com", "skip", "a migration",
        "Django", "medium", "in 2 months", "$50k", "skip", "yes"]  # fmt: skip


class Widget:
    """One conversation, talked to as the widget does."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client
        opened = client.post(
            "/api/v1/conversations", json={"page_url": "/compare/django-vs-fastapi"}
        )
        assert opened.status_code == 201
        self.id = opened.get_json()["conversation_id"]
        self.headers = {"Authorization": f"Bearer {opened.get_json()['token']}"}

    def send(self, text: str, message_id: str | None = None) -> tuple[int, Any]:
        response = self.client.post(
            f"/api/v1/conversations/{self.id}/messages",
            json={"text": text, "client_message_id": message_id or str(uuid.uuid4())},
            headers=self.headers,
        )
        return response.status_code, response.get_json()

    def say(self, text: str, message_id: str | None = None) -> Any:
        status, body = self.send(text, message_id)
        assert status == 200, body
        return body


@pytest.fixture
def own_app(make_app: Callable[..., Flask], migrated_database_url: str) -> Flask:
    return make_app(DATABASE_URL=migrated_database_url)


def lines_of(app: Flask, public_id: str) -> list[tuple[int, Role, str, Any]]:
    with Session(get_engine(app)) as session:
        conversation = session.scalars(
            sa.select(Conversation).where(Conversation.public_id == public_id)
        ).one()
        return [
            (message.id, message.role, message.text, message.response)
            for message in session.scalars(
                sa.select(Message)
                .where(Message.conversation_id == conversation.id)
                .order_by(Message.id)
            )
        ]


def conversation_of(app: Flask, public_id: str) -> Conversation:
    with Session(get_engine(app)) as session:
        return session.scalars(
            sa.select(Conversation).where(Conversation.public_id == public_id)
        ).one()


def test_an_answer_stores_its_lines_with_the_replies_ids(own_app: Flask) -> None:
    widget = Widget(own_app.test_client())
    body = widget.say("which one is faster?")
    stored = lines_of(own_app, widget.id)
    visitor = stored[1]  # after the greeting
    assert visitor[1] is Role.VISITOR and visitor[2] == "which one is faster?"
    replies = stored[2:]
    assert [line[1] for line in replies] == [Role.ASSISTANT] * len(body["replies"])
    assert [reply["message_id"] for reply in body["replies"]] == [line[0] for line in replies]
    assert visitor[3] == body  # the response kept for a retry names the same ids
    assert conversation_of(own_app, widget.id).message_count == 1


def test_a_retry_gets_the_same_answer_and_stores_nothing(own_app: Flask) -> None:
    widget = Widget(own_app.test_client())
    first = widget.say("what does a medium migration cost", "m-1")
    widget.say("and for async?")
    before = lines_of(own_app, widget.id)
    assert widget.say("what does a medium migration cost", "m-1") == first
    assert lines_of(own_app, widget.id) == before
    assert conversation_of(own_app, widget.id).message_count == 2


def test_an_id_sent_again_with_another_text_is_refused_and_stores_nothing(
    own_app: Flask,
) -> None:
    widget = Widget(own_app.test_client())
    first = widget.say("is fastapi faster?", "m-1")
    before = lines_of(own_app, widget.id)
    status, body = widget.send("what does a migration cost", "m-1")
    assert status == 409, body
    assert body["error"]["code"] == "client_message_id_reused"
    assert "already used for another message" in body["error"]["message"]
    assert body["error"]["fields"] == {"client_message_id": "already used for another message"}
    assert lines_of(own_app, widget.id) == before
    # The same text under that id is still a retry, answered as the first time.
    assert widget.say("is fastapi faster?", "m-1") == first


def test_a_full_conversation_is_refused_and_the_next_message_is_answered(
    make_app: Callable[..., Flask], migrated_database_url: str
) -> None:
    app = make_app(DATABASE_URL=migrated_database_url, MAX_MESSAGES_PER_CONVERSATION=1)
    full, other = Widget(app.test_client()), Widget(app.test_client())
    full.say("which one is faster?")
    status, body = full.send("and for async?")
    assert status == 409 and body["error"]["code"] == "conversation_full"
    assert other.say("which one is faster?")["replies"]
    assert conversation_of(app, full.id).message_count == 1


def test_a_lead_completed_in_its_own_transaction_is_stored_once(own_app: Flask) -> None:
    widget = Widget(own_app.test_client())
    for text in FORM:
        body = widget.say(text)
    assert "One of our engineers" in body["replies"][-1]["text"]
    conversation = conversation_of(own_app, widget.id)
    assert conversation.lead_started_at is not None
    assert conversation.message_count == len(FORM)
    with Session(get_engine(own_app)) as session:
        leads = session.scalars(sa.select(Lead)).all()
    assert [lead.email for lead in leads] == ["own@example.com"]


def test_the_form_start_is_kept_from_the_first_message_that_started_it(own_app: Flask) -> None:
    widget = Widget(own_app.test_client())
    widget.say(FORM[0])
    started = conversation_of(own_app, widget.id).lead_started_at
    assert started is not None
    widget.say(FORM[1])
    assert conversation_of(own_app, widget.id).lead_started_at == started


def test_a_message_while_a_person_holds_the_chat_is_kept_for_them(own_app: Flask) -> None:
    widget = Widget(own_app.test_client())
    widget.say("which one is faster?")
    conversation = conversation_of(own_app, widget.id)
    now = datetime.now(UTC)
    with Session(get_engine(own_app)) as session:
        session.add(
            LiveChat(
                conversation_id=conversation.id,
                status=LiveStatus.HELD,
                reason="asked for a person",
                requested_at=now,
                deadline_at=now + timedelta(minutes=5),
            )
        )
        session.commit()
    body = widget.say("are you there?")
    assert body["replies"] == [] and body["live"] == {"status": "held"}
    assert lines_of(own_app, widget.id)[-1][1:3] == (Role.VISITOR, "are you there?")
    assert conversation_of(own_app, widget.id).message_count == 2


def round_trips_of(engine: sa.Engine, widget: Widget, text: str) -> int:
    """Send one message and count the times the client waited for PostgreSQL's answer."""
    with tempfile.TemporaryFile("w+") as trace:
        with traced(engine, trace):
            widget.say(text)
        trace.seek(0)
        sides = "".join(line[0] for line in trace.read().splitlines() if line[:1] in ("F", "B"))
    return sides.count("FB")


def test_a_message_takes_two_round_trips_on_postgresql_once_its_token_was_checked(
    own_app: Flask,
) -> None:
    engine = get_engine(own_app)
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no round trips to count")
    widget = Widget(own_app.test_client())
    widget.say("which one is faster?")  # the pool's connections are open and set up
    # BEGIN + lock + retry lookup; the turn (taking the lines' ids) + COMMIT. The token was
    # checked against the database with the first message (web/known_tokens.py).
    assert round_trips_of(engine, widget, "what does a medium migration cost") == 2
    # A worker that has not seen the conversation checks its token first: one more.
    own_app.extensions[known_tokens.EXTENSION] = known_tokens.KnownTokens()
    assert round_trips_of(engine, widget, "is django good for an admin panel") == 3
