"""The widget API, end to end over HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection

from consultbot.storage.models import Conversation, Lead, Message

PAGE = "https://www.example.com/compare/django-vs-fastapi"


class Widget:
    """Talk to the API the way the widget does."""

    def __init__(self, client: FlaskClient, page_url: str | None = PAGE) -> None:
        self.client = client
        response = client.post("/api/v1/conversations", json={"page_url": page_url})
        assert response.status_code == 201, response.get_json()
        self.opened = response.get_json()
        self.id = response.get_json()["conversation_id"]
        self.headers = {"Authorization": f"Bearer {response.get_json()['token']}"}

    def say(self, text: str, message_id: str | None = None) -> dict[str, Any]:
        response = self.client.post(
            f"/api/v1/conversations/{self.id}/messages",
            json={"text": text, "client_message_id": message_id or str(uuid.uuid4())},
            headers=self.headers,
        )
        body: dict[str, Any] = response.get_json()
        assert response.status_code == 200, body
        return body


def count(connection: Connection, model: type) -> int:
    """Count a table's rows as seen inside the test's transaction."""
    return connection.scalar(sa.select(sa.func.count()).select_from(model)) or 0


def text_of(body: dict[str, Any]) -> str:
    return " ".join(reply["text"] for reply in body["replies"])


def test_opening_a_conversation_greets_in_the_page_context(client: FlaskClient) -> None:
    widget = Widget(client)
    assert widget.opened["state"] == "answering"
    assert widget.opened["replies"][0]["quick_replies"]
    body = widget.say("which one is faster?")
    assert "FastAPI wins" in text_of(body)
    assert body["meta"]["intent"] == "django-vs-fastapi/criterion/api-performance"
    assert 0 <= body["meta"]["confidence"] <= 1 and body["meta"]["fallback"] is False


def test_a_retried_message_gets_the_same_answer_and_changes_nothing(
    db_connection: Connection, client: FlaskClient
) -> None:
    widget = Widget(client)
    first = widget.say("what about flask?", "retry-1")
    messages = count(db_connection, Message)
    again = widget.say("what about flask?", "retry-1")
    assert again == first
    assert count(db_connection, Message) == messages


def test_the_transcript_resumes_a_reloaded_page(client: FlaskClient) -> None:
    widget = Widget(client)
    widget.say("hello")
    response = client.get(f"/api/v1/conversations/{widget.id}", headers=widget.headers)
    assert response.status_code == 200
    roles = [m["role"] for m in response.get_json()["messages"]]
    assert roles == ["assistant", "visitor", "assistant"]
    assert response.get_json()["messages"][1]["text"] == "hello"


LEAD = [
    "can you build this for us",
    "Ada Lovelace",
    "ada@example.com",
    "skip",
    "a migration",
    "Django",
    "medium",
    "in 6 weeks",
    "$60k",
    "skip",
    "yes",
]


def test_a_completed_lead_is_stored_with_its_answers_and_score(
    db_connection: Connection, client: FlaskClient
) -> None:
    widget = Widget(client)
    for text in LEAD:
        body = widget.say(text)
    assert body["state"] == "done"
    assert count(db_connection, Lead) == 1
    lead = db_connection.execute(sa.select(Lead)).one()
    assert lead.email == "ada@example.com" and lead.size == "medium"
    assert lead.page_url == PAGE and lead.score > 0 and lead.score_reasons


def test_the_same_visitor_twice_in_a_day_updates_the_lead(
    db_connection: Connection, client: FlaskClient
) -> None:
    for _ in range(2):
        widget = Widget(client)
        for text in LEAD:
            widget.say(text)
    assert count(db_connection, Lead) == 1


def test_declining_consent_stores_no_lead(db_connection: Connection, client: FlaskClient) -> None:
    widget = Widget(client)
    for text in LEAD[:-1]:
        widget.say(text)
    assert widget.say("no")["state"] == "answering"
    assert count(db_connection, Lead) == 0


@pytest.mark.parametrize(
    ("kwargs", "status", "code"),
    [
        ({"data": "hello", "content_type": "text/plain"}, 415, "unsupported_media_type"),
        ({"data": "{not json", "content_type": "application/json"}, 400, "bad_request"),
        ({"json": ["a", "list"]}, 400, "bad_request"),
        ({"json": {"client_message_id": "m"}}, 422, "invalid"),
        ({"json": {"text": "hi"}}, 422, "invalid"),
        ({"json": {"text": "   ", "client_message_id": "m"}}, 422, "invalid"),
        ({"json": {"text": "x" * 2001, "client_message_id": "m"}}, 413, "too_large"),
        ({"json": {"text": "x" * 100_000, "client_message_id": "m"}}, 413, "too_large"),
    ],
)
def test_bad_messages_get_the_documented_error_and_change_nothing(
    db_connection: Connection, client: FlaskClient, kwargs: dict[str, Any], status: int, code: str
) -> None:
    widget = Widget(client)
    before = count(db_connection, Message)
    response = client.post(
        f"/api/v1/conversations/{widget.id}/messages", headers=widget.headers, **kwargs
    )
    assert response.status_code == status
    assert response.get_json()["error"]["code"] == code
    assert response.get_json()["error"]["message"]
    assert count(db_connection, Message) == before


FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"  # one emoji, 7 code points


def test_a_message_over_the_limit_is_refused_in_words_that_fit_emoji(client: FlaskClient) -> None:
    widget = Widget(client)
    url = f"/api/v1/conversations/{widget.id}/messages"
    over = client.post(
        url, headers=widget.headers, json={"text": FAMILY * 300, "client_message_id": "m-1"}
    )
    assert over.status_code == 413
    assert over.get_json()["error"]["message"] == (
        "The message is too long; please shorten it. The limit is 2,000 characters, and an "
        "emoji or an accented letter can count as several."
    )
    assert "2100" not in over.get_json()["error"]["message"]  # not a count the visitor cannot check
    under = client.post(
        url, headers=widget.headers, json={"text": FAMILY * 285, "client_message_id": "m-2"}
    )
    assert under.status_code == 200


def test_a_wrong_or_missing_token_is_refused(
    db_connection: Connection, client: FlaskClient
) -> None:
    widget = Widget(client)
    url = f"/api/v1/conversations/{widget.id}/messages"
    message = {"text": "hi", "client_message_id": "m"}
    assert client.post(url, json=message).status_code == 401
    wrong = client.post(url, json=message, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.get_json()["error"]["code"] == "unauthorized"
    assert client.get(f"/api/v1/conversations/{widget.id}").status_code == 401
    assert count(db_connection, Message) == 1


def test_an_unknown_conversation_is_not_found(client: FlaskClient) -> None:
    response = client.post(
        "/api/v1/conversations/does-not-exist/messages",
        json={"text": "hi", "client_message_id": "m"},
        headers={"Authorization": "Bearer x"},
    )
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_a_bad_page_url_is_refused(client: FlaskClient) -> None:
    response = client.post("/api/v1/conversations", json={"page_url": 42})
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {"page_url": "invalid"}


@pytest.mark.parametrize(
    "page_url",
    [
        "/",
        "/compare/django-vs-fastapi",
        "/compare/django-vs-fastapi?utm_source=x#top",
        "/blog/v1.2/notes..md",
        PAGE,
        "HTTP://www.example.com",
        "http://localhost:8000/compare/x",
        "",
        None,
    ],
)
def test_a_page_path_or_web_address_is_kept(
    db_connection: Connection, client: FlaskClient, page_url: str | None
) -> None:
    response = client.post("/api/v1/conversations", json={"page_url": page_url})
    assert response.status_code == 201, response.get_json()
    stored = db_connection.scalar(
        sa.select(Conversation.page_url).where(
            Conversation.public_id == response.get_json()["conversation_id"]
        )
    )
    assert stored == (page_url or None)


@pytest.mark.parametrize(
    "page_url",
    [
        "javascript:alert(1)",
        "/compare/../../etc/passwd",
        "/compare/%2e%2e/%2E%2E/etc/passwd",
        "https://www.example.com/a/../b",
        "//evil.example/compare",
        "/\\evil.example/compare",
        "compare/django-vs-fastapi",
        "ftp://example.com/x",
        "https://",
        "http://[::1/x",
        "/compare/x\nBcc: x@evil.com",
        "/compare/\u202eevil",
        "/compare/a b",
        "/" + "x" * 2048,
        0,
        False,
        [],
    ],
)
def test_any_other_page_url_is_refused_saying_what_is_expected(
    db_connection: Connection, client: FlaskClient, page_url: object
) -> None:
    response = client.post("/api/v1/conversations", json={"page_url": page_url})
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {"page_url": "invalid"}
    assert "http(s) address" in response.get_json()["error"]["message"]
    assert count(db_connection, Conversation) == 0


def test_a_wrong_token_is_refused_before_the_size_of_the_body(client: FlaskClient) -> None:
    widget = Widget(client)
    other = Widget(client)
    huge = {"CONTENT_LENGTH": "100000000"}
    url = f"/api/v1/conversations/{widget.id}/messages"
    for headers, status in ((other.headers, 401), ({}, 401), (widget.headers, 413)):
        response = client.post(
            url, data=b"{}", content_type="application/json", headers=headers,
            environ_overrides=huge,
        )  # fmt: skip
        assert response.status_code == status
    answer = widget.say("which one is faster?")["replies"][0]["message_id"]
    feedback = f"{url}/{answer}/feedback"
    for headers, status in ((other.headers, 401), (widget.headers, 413)):
        response = client.put(
            feedback, data=b"{}", content_type="application/json", headers=headers,
            environ_overrides=huge,
        )  # fmt: skip
        assert response.status_code == status
    response = client.post(
        "/api/v1/conversations/no-such-conversation/messages", data=b"{}",
        content_type="application/json", headers=widget.headers, environ_overrides=huge,
    )  # fmt: skip
    assert response.status_code == 404


def test_a_whole_conversation_with_follow_ups_corrections_and_a_cancel(
    db_connection: Connection, client: FlaskClient
) -> None:
    widget = Widget(client)
    assert "FastAPI wins" in text_of(widget.say("which has better async support?"))
    assert "Documentation:" in text_of(widget.say("and docs?"))
    assert "$6K–$20K" in text_of(widget.say("how mcuh to port a small app"))
    assert "$120K–$400K+" in text_of(widget.say("and a large one?"))
    assert "Flask is best for" in text_of(widget.say("what about flask?"))
    assert "gotcha" in text_of(widget.say("biggest gotcha?"))
    assert widget.say("we need a quote")["state"] == "collecting"
    widget.say("Grace Hopper")
    assert "nothing after the @" in text_of(widget.say("grace@"))
    widget.say("grace@example.com")
    mid_form = widget.say("is django mature?")
    assert "Maturity:" in text_of(mid_form) and "Back to the form:" in text_of(mid_form)
    assert mid_form["state"] == "collecting"
    corrected = widget.say("actually my email is grace@navy.example")
    assert "updated your email" in text_of(corrected)
    cancelled = widget.say("cancel")
    assert cancelled["state"] == "answering"
    assert count(db_connection, Lead) == 0
    # A fresh form after the cancel goes through to a stored lead.
    for text in LEAD:
        body = widget.say(text)
    assert body["state"] == "done"
    assert count(db_connection, Lead) == 1


def test_follow_ups_get_the_asked_figure_and_no_long_answer_twice(client: FlaskClient) -> None:
    widget = Widget(client)
    whole = text_of(widget.say("what would a medium migration cost?"))
    duration = text_of(widget.say("and how long?"))
    assert duration.startswith("A medium migration typically takes ")
    assert duration.removeprefix("A medium migration typically takes ").rstrip(".") in whole
    price = text_of(widget.say("how much would that be?"))
    assert price.startswith("A medium migration typically costs ") and len(price) < 60
    # The state stored between requests remembers the last answer, whichever worker reads it.
    faster = text_of(widget.say("which is faster?"))
    again = widget.say("which is faster?")
    assert text_of(again) != faster and text_of(again).startswith("In short, as above: ")
    assert again["meta"]["intent"] == "django-vs-fastapi/criterion/api-performance"


def test_chips_never_offer_what_was_just_answered(client: FlaskClient) -> None:
    widget = Widget(client)
    body = widget.say("What is Litestar?")
    chips = [chip for reply in body["replies"] for chip in reply["quick_replies"]]
    assert chips and "What is Litestar?" not in chips
    # The chip that leads on is answered, from the page's row on Litestar.
    taken = widget.say(chips[0])
    assert taken["meta"]["intent"] == "django-vs-fastapi/alternative/litestar"


def test_a_conversation_has_a_message_cap(client: FlaskClient, app: Flask) -> None:
    app.config["MAX_MESSAGES_PER_CONVERSATION"] = 2
    opened = client.post("/api/v1/conversations", json={}).get_json()
    url = f"/api/v1/conversations/{opened['conversation_id']}/messages"
    auth = {"Authorization": f"Bearer {opened['token']}"}
    ids = [str(uuid.uuid4()) for _ in range(3)]
    statuses = [
        client.post(url, json={"text": "hello", "client_message_id": ids[n]}, headers=auth)
        for n in range(3)
    ]
    assert [r.status_code for r in statuses] == [200, 200, 409]
    assert statuses[2].get_json()["error"]["code"] == "conversation_full"
    assert "Retry-After" not in statuses[2].headers  # waiting will not help
    # A retry of a message already answered still gets its answer.
    again = client.post(url, json={"text": "hello", "client_message_id": ids[1]}, headers=auth)
    assert again.status_code == 200 and again.get_json() == statuses[1].get_json()


def test_a_call_asked_for_with_nobody_free_goes_to_the_form_without_the_chat_line(
    client: FlaskClient,
) -> None:
    called = Widget(client).say("can someone call me")
    texts = [reply["text"] for reply in called["replies"]]
    assert called["state"] == "collecting"
    assert texts[0].startswith("I'll take your details so an engineer can call you.")
    assert not any("free to chat" in text for text in texts)
    chatted = Widget(client).say("let me talk to a person")
    assert chatted["replies"][0]["text"].startswith("None of our engineers is free to chat")
