"""The widget's events endpoint: a cursor over what a person in the chat said and did."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from consultbot.storage import live
from consultbot.storage.models import Conversation, EventKind


def open_chat(client: FlaskClient) -> tuple[str, dict[str, str]]:
    response = client.post("/api/v1/conversations", json={"page_url": "/compare/django-vs-fastapi"})
    assert response.status_code == 201
    body = response.get_json()
    return body["conversation_id"], {"Authorization": f"Bearer {body['token']}"}


def events(client: FlaskClient, conversation_id: str, auth: dict[str, str], after: int = 0) -> Any:
    response = client.get(
        f"/api/v1/conversations/{conversation_id}/events?after={after}", headers=auth
    )
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def add_events(session: Session, public_id: str, *kinds: EventKind) -> None:
    """Store events for the conversation, as the live handoff does."""
    conversation_id = session.scalar(
        sa.select(Conversation.id).where(Conversation.public_id == public_id)
    )
    assert conversation_id is not None
    for number, kind in enumerate(kinds):
        live.add_event(
            session,
            conversation_id,
            kind,
            text=f"event {number}",
            author_name="Ada" if kind is EventKind.STAFF_MESSAGE else None,
            quick_replies=["Yes", "No"] if kind is EventKind.HANDED_BACK else (),
            now=datetime(2026, 1, 2, 3, 4, number, tzinfo=UTC),
        )
    session.commit()


def test_the_events_endpoint_refuses_bad_cursors_and_tokens(client: FlaskClient) -> None:
    conversation_id, auth = open_chat(client)
    for bad in ("-1", "abc", "1.5", "9" * 19, "%EF%BC%91"):
        response = client.get(
            f"/api/v1/conversations/{conversation_id}/events?after={bad}", headers=auth
        )
        assert response.status_code == 422, bad
        assert "after must be a whole number" in response.get_json()["error"]["message"]
    wrong = client.get(
        f"/api/v1/conversations/{conversation_id}/events", headers={"Authorization": "Bearer nope"}
    )
    assert wrong.status_code == 401
    assert client.get(f"/api/v1/conversations/{conversation_id}/events").status_code == 401
    nothing = events(client, conversation_id, auth)
    assert nothing == {"events": [], "next_after": 0, "live": {"status": None}}


def test_events_come_in_order_with_every_field_and_the_cursor_moves_on(
    client: FlaskClient, db_session: Session
) -> None:
    conversation_id, auth = open_chat(client)
    add_events(
        db_session,
        conversation_id,
        EventKind.CLAIMED,
        EventKind.STAFF_MESSAGE,
        EventKind.HANDED_BACK,
    )
    feed = events(client, conversation_id, auth)
    assert [e["kind"] for e in feed["events"]] == ["claimed", "staff_message", "handed_back"]
    ids = [e["id"] for e in feed["events"]]
    assert ids == sorted(ids) and feed["next_after"] == ids[-1]
    message = feed["events"][1]
    assert message["text"] == "event 1" and message["author"] == "Ada"
    assert message["quick_replies"] == []
    assert datetime.fromisoformat(message["created_at"]).second == 1
    assert feed["events"][2]["quick_replies"] == ["Yes", "No"]
    rest = events(client, conversation_id, auth, after=ids[0])
    assert [e["id"] for e in rest["events"]] == ids[1:]
    assert events(client, conversation_id, auth, after=ids[-1]) == {
        "events": [],
        "next_after": ids[-1],
        "live": {"status": None},
    }


def test_a_cursor_past_the_last_event_is_kept_as_sent(client: FlaskClient) -> None:
    conversation_id, auth = open_chat(client)
    far = int("9" * 18)
    assert events(client, conversation_id, auth, after=far)["next_after"] == far


def test_another_conversations_events_are_never_shown(
    client: FlaskClient, db_session: Session
) -> None:
    mine, my_auth = open_chat(client)
    theirs, their_auth = open_chat(client)
    add_events(db_session, theirs, EventKind.CLAIMED, EventKind.STAFF_MESSAGE)
    assert events(client, mine, my_auth)["events"] == []
    assert len(events(client, theirs, their_auth)["events"]) == 2
    crossed = client.get(f"/api/v1/conversations/{theirs}/events", headers=my_auth)
    assert crossed.status_code == 401
    assert crossed.get_json()["error"]["code"] == "unauthorized"


def test_an_unknown_conversation_is_not_found(client: FlaskClient) -> None:
    _, auth = open_chat(client)
    for conversation_id in ("does-not-exist", "a%00b"):
        response = client.get(f"/api/v1/conversations/{conversation_id}/events", headers=auth)
        assert response.status_code == 404, conversation_id
        assert response.get_json()["error"]["code"] == "not_found"
