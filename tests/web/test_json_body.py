"""Reading the widget API's JSON bodies: UTF-8 only, real JSON numbers, objects, storable text."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from consultbot.errors import ApiError
from consultbot.web.json_body import MAX_BODY_BYTES, json_body, storable

OPEN = "/api/v1/conversations"


def open_conversation(client: FlaskClient) -> tuple[str, dict[str, str]]:
    """Open a conversation; return its messages URL and the headers that unlock it."""
    response = client.post(OPEN, json={"page_url": "/compare/django-vs-fastapi"})
    assert response.status_code == 201, response.get_json()
    url = f"{OPEN}/{response.get_json()['conversation_id']}/messages"
    return url, {"Authorization": f"Bearer {response.get_json()['token']}"}


def read(app: Flask, data: bytes | str, required: bool = True, **kwargs: Any) -> dict[str, Any]:
    """Run json_body on a request carrying ``data``."""
    kwargs.setdefault("content_type", "application/json")
    with app.test_request_context("/api/v1/x", method="POST", data=data, **kwargs):
        return json_body(required=required)


def refusal(app: Flask, data: bytes | str, **kwargs: Any) -> ApiError:
    with pytest.raises(ApiError) as raised:
        read(app, data, **kwargs)
    return raised.value


def test_a_json_object_is_returned_as_sent(app: Flask) -> None:
    assert read(app, '{"text": "hi", "n": 1.5, "nested": {"a": [1, 2]}}') == {
        "text": "hi",
        "n": 1.5,
        "nested": {"a": [1, 2]},
    }


def test_a_leading_byte_order_mark_is_accepted(app: Flask) -> None:
    assert read(app, "\ufeff" + '{"text": "hi"}') == {"text": "hi"}


def test_an_empty_body_is_an_empty_object_only_when_optional(app: Flask) -> None:
    assert read(app, b"", required=False) == {}
    error = refusal(app, b"")
    assert (error.status, error.code) == (400, "bad_request")
    assert "JSON object" in error.message


@pytest.mark.parametrize("body", ["[1, 2]", '"text"', "42", "null", "true"])
def test_json_that_is_not_an_object_is_refused(app: Flask, body: str) -> None:
    error = refusal(app, body)
    assert (error.status, error.code) == (400, "bad_request")
    assert error.message == "The request body must be a JSON object."


@pytest.mark.parametrize("body", ["{not json", '{"a": 1,}', "{'a': 1}", '{"a": 1} x'])
def test_broken_json_is_refused(app: Flask, body: str) -> None:
    error = refusal(app, body)
    assert (error.status, error.message) == (400, "The request body is not valid JSON.")


def test_a_body_without_the_json_content_type_is_refused(app: Flask) -> None:
    error = refusal(app, '{"text": "hi"}', content_type="text/plain")
    assert (error.status, error.code) == (415, "unsupported_media_type")
    assert read(app, '{"text": "hi"}', content_type="application/vnd.x+json") == {"text": "hi"}


@pytest.mark.parametrize(
    ("content_type", "status"),
    [
        ("application/json", 201),
        ("application/json; charset=utf-8", 201),
        ("application/json; charset=UTF-8", 201),
        ("application/json; charset=utf-16", 415),
        ("application/json; charset=latin-1", 415),
    ],
)
def test_json_declared_in_another_charset_than_utf8_is_refused(
    client: FlaskClient, content_type: str, status: int
) -> None:
    body = json.dumps({"page_url": "/compare/django-vs-fastapi"}).encode()
    response = client.post(OPEN, data=body, content_type=content_type)
    assert response.status_code == status, response.get_json()
    if status == 415:
        assert response.get_json()["error"]["code"] == "unsupported_media_type"
        assert "UTF-8" in response.get_json()["error"]["message"]


def test_json_that_is_not_utf8_is_refused(client: FlaskClient) -> None:
    body = json.dumps({"page_url": "/compare/x"}).encode("utf-16")
    response = client.post(OPEN, data=body, content_type="application/json")
    assert response.status_code == 400 and "UTF-8" in response.get_json()["error"]["message"]


@pytest.mark.parametrize(
    ("number", "status"),
    [
        ("1.5", 201),
        ("-2e10", 201),
        ("NaN", 400),
        ("Infinity", 400),
        ("-Infinity", 400),
        ("1e999", 400),
    ],  # fmt: skip
)
def test_nan_and_infinity_are_not_json(client: FlaskClient, number: str, status: int) -> None:
    body = '{"page_url": "/compare/x", "n": ' + number + "}"
    response = client.post(OPEN, data=body, content_type="application/json")
    assert response.status_code == status, response.get_json()
    if status == 400:
        assert "NaN, Infinity" in response.get_json()["error"]["message"]
    url, headers = open_conversation(client)
    message = '{"text": "hi", "client_message_id": "m-1", "n": ' + number + "}"
    response = client.post(url, data=message, content_type="application/json", headers=headers)
    assert response.status_code == (200 if status == 201 else 400)


def test_json_nested_deeper_than_python_recurses_is_refused(app: Flask) -> None:
    error = refusal(app, "[" * 30_000 + "]" * 30_000)
    assert (error.status, error.message) == (400, "The request body is nested too deeply.")
    shallow = read(app, '{"a": ' + "[" * 100 + "]" * 100 + "}")
    assert json.dumps(shallow) == '{"a": ' + "[" * 100 + "]" * 100 + "}"


@pytest.mark.parametrize(
    "body",
    [
        '{"page_url": "https://example.com/\\u0000"}',
        '{"page_url": "https://example.com/\\ud800"}',
        "[" * 30_000 + "]" * 30_000,
    ],
    ids=["nul", "lone-surrogate", "deeply-nested"],
)
def test_an_unstorable_or_too_deep_body_is_refused_when_opening(
    client: FlaskClient, body: str
) -> None:
    response = client.post(OPEN, data=body, content_type="application/json")
    assert response.status_code in (400, 422)
    assert response.get_json()["error"]["code"] in ("bad_request", "invalid")


@pytest.mark.parametrize(
    "body",
    [
        '{"text": "hi\\u0000there", "client_message_id": "m-1"}',
        '{"text": "hi \\udfff", "client_message_id": "m-2"}',
        '{"text": "hi", "client_message_id": "m\\u00003"}',
        '{"text": "hi", "client_message_id": "\\ud800"}',
        '{"text": "hi", "client_message_id": "m-5", "website": "\\ud800"}',
    ],
    ids=["nul-text", "surrogate-text", "nul-id", "surrogate-id", "surrogate-honeypot"],
)
def test_unstorable_characters_in_a_message_are_refused(client: FlaskClient, body: str) -> None:
    url, headers = open_conversation(client)
    response = client.post(url, data=body, content_type="application/json", headers=headers)
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "invalid"
    assert response.get_json()["error"]["fields"]


def test_the_unstorable_fields_are_named_and_the_others_are_not(app: Flask) -> None:
    error = refusal(app, '{"a": "ok", "b": "x\\u0000", "c": "\\udc00", "d": 5}')
    assert (error.status, error.code) == (422, "invalid")
    assert error.fields is not None and set(error.fields) == {"b", "c"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain", True),
        ("", True),
        ("émoji 🙂 and 中文", True),
        ("\u202eright-to-left", True),
        ("nul\x00inside", False),
        ("\x00", False),
        ("lone \ud800 high", False),
        ("lone \udfff low", False),
    ],
)
def test_storable_refuses_nul_and_unpaired_surrogates_only(text: str, expected: bool) -> None:
    assert storable(text) is expected


def test_a_body_over_the_limit_is_refused_as_too_large(client: FlaskClient) -> None:
    padding = "x" * MAX_BODY_BYTES
    response = client.post(OPEN, json={"page_url": "/compare/x", "pad": padding})
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "too_large"
    assert str(MAX_BODY_BYTES) in response.get_json()["error"]["message"]
    below = client.post(OPEN, json={"page_url": "/compare/x", "pad": "x" * 1000})
    assert below.status_code == 201


@pytest.mark.parametrize(
    ("body", "name"),
    [
        ('{"text": "hi", "text": "what is fastapi"}', "'text'"),
        ('{"text": "hi", "meta": {"a": 1, "a": 2}}', "'a'"),
        ('{"t\\u00e9": 1, "t\\u00e9": 2}', "'t\\xe9'"),
    ],
)
def test_a_field_named_twice_is_refused_and_named(app: Flask, body: str, name: str) -> None:
    error = refusal(app, body)
    assert (error.status, error.code) == (400, "bad_request")
    assert error.message == (
        f"The request body names {name} twice in one object; send each field once."
    )
    # The same fields once each are read as sent.
    assert read(app, '{"text": "what is fastapi", "meta": {"a": 2}}')["text"] == "what is fastapi"


def test_a_message_with_its_text_twice_is_not_answered(client: FlaskClient) -> None:
    url, headers = open_conversation(client)
    twice = '{"text": "hi", "text": "what is fastapi", "client_message_id": "m-1"}'
    refused = client.post(url, data=twice, content_type="application/json", headers=headers)
    assert refused.status_code == 400
    assert "'text' twice" in refused.get_json()["error"]["message"]
    once = '{"text": "what is fastapi", "client_message_id": "m-1"}'
    answered = client.post(url, data=once, content_type="application/json", headers=headers)
    assert answered.status_code == 200
