"""The JSON shapes of the widget API: true to the enums behind them and to real responses.

Validated with jsonschema_rs (Draft 2020-12, as OpenAPI 3.1 uses), which schemathesis brings.
"""

from __future__ import annotations

import uuid
from typing import Any

import jsonschema_rs
import pytest
from flask.testing import FlaskClient

from consultbot.dialogue.state import Mode
from consultbot.storage.models import EventKind, LiveStatus
from consultbot.web.openapi import OPENAPI
from consultbot.web.openapi_schemas import (
    ERROR,
    EVENT,
    FEEDBACK,
    LINK_REPLY,
    LIVE_STATUS,
    REPLY,
    STATE,
)


def validator(schema: dict[str, Any]) -> jsonschema_rs.Draft202012Validator:
    """A validator for one schema whose ``$ref``s resolve into the document's components."""
    return jsonschema_rs.Draft202012Validator({**schema, "components": OPENAPI["components"]})


def open_conversation(client: FlaskClient) -> dict[str, Any]:
    response = client.post("/api/v1/conversations", json={"page_url": "/compare/django-vs-fastapi"})
    body: dict[str, Any] = response.get_json()
    assert response.status_code == 201, body
    return body


def test_the_state_enum_is_the_dialogues_modes() -> None:
    assert STATE["enum"] == [mode.value for mode in Mode]


def test_the_event_kinds_are_the_stored_ones() -> None:
    properties = EVENT["properties"]
    assert isinstance(properties, dict)
    assert properties["kind"]["enum"] == [kind.value for kind in EventKind]


def test_the_live_status_names_only_a_person_awaited_or_in_the_chat() -> None:
    assert LIVE_STATUS["enum"] == [LiveStatus.WAITING.value, LiveStatus.HELD.value, None]


def test_real_replies_and_the_state_match_their_schemas(client: FlaskClient) -> None:
    opened = open_conversation(client)
    reply = validator(REPLY)
    assert opened["replies"] and all(reply.is_valid(r) for r in opened["replies"])
    answered = client.post(
        f"/api/v1/conversations/{opened['conversation_id']}/messages",
        json={"text": "which one is faster?", "client_message_id": str(uuid.uuid4())},
        headers={"Authorization": f"Bearer {opened['token']}"},
    ).get_json()
    for item in answered["replies"]:
        errors = [error.message for error in validator(REPLY).iter_errors(item)]
        assert errors == [], item
    assert validator(STATE).is_valid(answered["state"])


def test_real_errors_match_the_error_schema(client: FlaskClient) -> None:
    error = validator(ERROR)
    refused = client.post("/api/v1/conversations", json={"page_url": 42}).get_json()
    assert refused["error"]["fields"] and error.is_valid(refused)
    unknown = client.get("/api/v1/no-such-thing").get_json()
    assert error.is_valid(unknown)


@pytest.mark.parametrize(
    ("schema", "value"),
    [
        (REPLY, {"text": "hi"}),
        (REPLY, {"text": "hi", "quick_replies": [1]}),
        (REPLY, {"text": "hi", "quick_replies": [], "blocks": [{"type": "table"}]}),
        (REPLY, {"text": "hi", "quick_replies": [], "link_replies": [{"label": "x"}]}),
        (LINK_REPLY, {"label": "Book", "url": "javascript:alert(1)"}),
        (ERROR, {"error": {"code": "x"}}),
        (ERROR, {"error": {"code": "x", "message": "y", "fields": {"a": 1}}}),
        (STATE, "thinking"),
        (EVENT, {"id": 0, "kind": "waiting", "text": "", "author": None,
                 "quick_replies": [], "created_at": "2026-01-01T00:00:00"}),
        (FEEDBACK, {"rating": "sideways"}),
        (FEEDBACK, {"rating": "up", "comment": "x" * 501}),
        (LIVE_STATUS, "missed"),
    ],
)  # fmt: skip
def test_wrong_shapes_are_refused(schema: dict[str, Any], value: object) -> None:
    assert not validator(schema).is_valid(value)


@pytest.mark.parametrize(
    ("schema", "value"),
    [
        (LINK_REPLY, {"label": "Book", "url": "HTTPS://www.example.com/book"}),
        (FEEDBACK, {"rating": None, "comment": None}),
        (FEEDBACK, {"rating": "down", "comment": "x" * 500}),
        (LIVE_STATUS, None),
        (EVENT, {"id": 1, "kind": "staff_message", "text": "Hello", "author": "Sam",
                 "quick_replies": [], "created_at": "2026-01-01T00:00:00+00:00"}),
        (REPLY, {"text": "hi", "quick_replies": [], "blocks": [
            {"type": "paragraph", "lines": [[{"text": "a", "bold": True}]]},
            {"type": "list", "items": [[{"text": "b", "href": "https://x.example"}]]},
        ]}),
    ],
)  # fmt: skip
def test_right_shapes_are_accepted(schema: dict[str, Any], value: object) -> None:
    assert validator(schema).is_valid(value)


def test_openapi_describes_blocks_and_link_buttons() -> None:
    schemas = OPENAPI["components"]["schemas"]

    assert {"Span", "Block", "LinkReply"} <= set(schemas)
    assert set(schemas["Reply"]["properties"]) == {
        "text",
        "quick_replies",
        "blocks",
        "link_replies",
        "message_id",
        "rateable",
    }
