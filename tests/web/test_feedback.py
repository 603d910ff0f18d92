"""Thumbs up or down on an answer, through the widget API, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy import Connection
from werkzeug.test import TestResponse

from consultbot.storage.models import Message
from tests.web.test_api import Widget


def rate(
    widget: Widget, message_id: object, body: Any, headers: dict[str, str] | None = None
) -> TestResponse:
    return widget.client.put(
        f"/api/v1/conversations/{widget.id}/messages/{message_id}/feedback",
        json=body,
        headers=widget.headers if headers is None else headers,
    )


def stored(connection: Connection, message_id: int) -> tuple[Any, ...]:
    return connection.execute(
        sa.select(Message.feedback, Message.feedback_comment, Message.feedback_at).where(
            Message.id == message_id
        )
    ).one()


def test_every_answer_carries_its_id_and_a_retry_carries_the_same(client: FlaskClient) -> None:
    widget = Widget(client)
    first = widget.say("which one is faster?", "same-id")
    again = widget.say("which one is faster?", "same-id")
    ids = [reply["message_id"] for reply in first["replies"]]
    assert all(isinstance(number, int) for number in ids)
    assert [reply["message_id"] for reply in again["replies"]] == ids


def test_a_visitor_rates_an_answer_changes_it_and_takes_it_back(
    client: FlaskClient, db_connection: Connection
) -> None:
    widget = Widget(client)
    answer = widget.say("which one is faster?")["replies"][0]["message_id"]
    response = rate(widget, answer, {"rating": "down", "comment": "  I asked about Go  "})
    assert response.status_code == 200
    assert response.get_json() == {
        "message_id": answer,
        "rating": "down",
        "comment": "I asked about Go",
    }
    feedback, comment, at = stored(db_connection, answer)
    assert (feedback.value, comment) == ("down", "I asked about Go") and at is not None
    assert rate(widget, answer, {"rating": "up"}).status_code == 200
    assert stored(db_connection, answer)[:2][0].value == "up"
    transcript = client.get(f"/api/v1/conversations/{widget.id}", headers=widget.headers).get_json()
    assert transcript["messages"][-1]["feedback"] == "up"
    assert transcript["messages"][-1]["message_id"] == answer
    assert rate(widget, answer, {"rating": None}).status_code == 200
    assert stored(db_connection, answer) == (None, None, None)
    # A comment sent with the rating taken back is not kept, and the answer says so.
    taken_back = rate(widget, answer, {"rating": None, "comment": "hmm"})
    assert taken_back.status_code == 200
    assert taken_back.get_json() == {"message_id": answer, "rating": None, "comment": None}
    assert stored(db_connection, answer) == (None, None, None)


def test_only_this_conversations_answers_can_be_rated(
    client: FlaskClient, db_connection: Connection
) -> None:
    mine, theirs = Widget(client), Widget(client)
    their_answer = theirs.say("which one is faster?")["replies"][0]["message_id"]
    mine.say("hello")
    my_question = db_connection.scalar(
        sa.select(sa.func.max(Message.id)).where(Message.role == "visitor")
    )
    for target in (their_answer, my_question, 0, 2**40, "abc", "-1", "١"):
        response = rate(mine, target, {"rating": "down"})
        assert response.status_code == 404, target
        assert response.get_json()["error"]["code"] == "not_found"
    assert stored(db_connection, their_answer)[0] is None


def test_a_rating_needs_the_conversations_token(client: FlaskClient) -> None:
    widget = Widget(client)
    answer = widget.say("which one is faster?")["replies"][0]["message_id"]
    assert rate(widget, answer, {"rating": "up"}, headers={}).status_code == 401
    other = Widget(client)
    assert rate(widget, answer, {"rating": "up"}, headers=other.headers).status_code == 401


def test_a_bad_rating_is_refused_with_what_to_fix(
    client: FlaskClient, db_connection: Connection
) -> None:
    widget = Widget(client)
    answer = widget.say("which one is faster?")["replies"][0]["message_id"]
    for body, field in (
        ({}, "rating"),
        ({"rating": "meh"}, "rating"),
        ({"rating": ["up"]}, "rating"),
        ({"rating": "down", "comment": 5}, "comment"),
        ({"rating": "down", "comment": "x" * 501}, "comment"),
    ):
        response = rate(widget, answer, body)
        assert response.status_code == 422, body
        assert field in response.get_json()["error"]["fields"]
    assert rate(widget, answer, ["up"]).status_code == 400
    assert stored(db_connection, answer)[0] is None


def test_the_greeting_cannot_be_rated_but_an_answer_can(
    client: FlaskClient, db_connection: Connection
) -> None:
    widget = Widget(client)
    transcript = client.get(f"/api/v1/conversations/{widget.id}", headers=widget.headers).get_json()
    [greeting] = [line["message_id"] for line in transcript["messages"]]
    response = rate(widget, greeting, {"rating": "up"})
    assert response.status_code == 404
    assert "greeting" in response.get_json()["error"]["message"]
    answer = widget.say("which one is faster?")["replies"][0]["message_id"]
    # Still not after a question: only the lines that answer one.
    assert rate(widget, greeting, {"rating": "down"}).status_code == 404
    assert rate(widget, answer, {"rating": "up"}).status_code == 200
    assert stored(db_connection, greeting)[0] is None


def test_the_forms_steps_are_not_offered_for_rating_and_answers_are(client: FlaskClient) -> None:
    widget = Widget(client)
    answer = widget.say("which one is faster?")
    assert all(reply["rateable"] for reply in answer["replies"])
    form = widget.say("talk to an expert")  # nobody free to chat: that, then the form
    assert [reply["rateable"] for reply in form["replies"]] == [False, False, False]
    asked = widget.say("Ada Lovelace")
    assert [reply["rateable"] for reply in asked["replies"]] == [False]
    transcript = client.get(f"/api/v1/conversations/{widget.id}", headers=widget.headers).get_json()
    shown = [m.get("rateable") for m in transcript["messages"] if m["role"] == "assistant"]
    assert shown[1:] == [True] * len(answer["replies"]) + [False] * 4
