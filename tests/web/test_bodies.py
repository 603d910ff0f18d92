"""Bodies over the limit are refused, not truncated, however they are framed (chunked included).

A chunked request reaches the app with ``Transfer-Encoding: chunked`` (so werkzeug ignores any
Content-Length) and ``wsgi.input_terminated`` set by the server, as ``CHUNKED`` sets them. The
same limits against real gunicorn and raw sockets are in tests/production/test_body_limits.py.
"""

from __future__ import annotations

import io
import json
import socket
from typing import Any

import pytest
from flask import Flask, request
from flask.testing import FlaskClient
from werkzeug.exceptions import RequestEntityTooLarge, RequestTimeout

from consultbot.web.bodies import BoundedRequest, DeadlineStream, WholeBodyLimit
from consultbot.web.dashboard.auth import MAX_FORM_BYTES
from consultbot.web.json_body import MAX_BODY_BYTES

# The test client computes a Content-Length from the stream; a chunked request has none.
CHUNKED = {"wsgi.input_terminated": True, "HTTP_TRANSFER_ENCODING": "chunked", "CONTENT_LENGTH": ""}


def post_chunked(client: FlaskClient, path: str, body: bytes, content_type: str) -> Any:
    """POST ``body`` as a chunked request would arrive: no Content-Length, input terminated."""
    return client.post(
        path,
        input_stream=io.BytesIO(body),
        content_type=content_type,
        environ_overrides=CHUNKED,
    )


def padded(size: int) -> bytes:
    """A JSON object opening a conversation, padded with spaces to ``size`` bytes."""
    body = json.dumps({"page_url": "/compare/django-vs-fastapi"}).encode()
    return body + b" " * (size - len(body))


@pytest.mark.parametrize("size", [0, 1, 99, 100])
def test_a_body_up_to_the_limit_is_read_whole(size: int) -> None:
    data = b"x" * size
    assert WholeBodyLimit(io.BytesIO(data), 100, True).readall() == data


@pytest.mark.parametrize("size", [101, 102, 10_000])
def test_a_body_over_the_limit_is_refused_not_truncated(size: int) -> None:
    stream = io.BytesIO(b"x" * size)
    with pytest.raises(RequestEntityTooLarge):
        WholeBodyLimit(stream, 100, True).readall()
    assert stream.tell() <= 101  # never more than the limit and the one byte that tells


def test_every_request_of_the_app_is_bounded(app: Flask) -> None:
    assert app.request_class is BoundedRequest
    with app.test_request_context(
        "/api/v1/conversations", method="POST", input_stream=io.BytesIO(b"{}"),
        environ_overrides=CHUNKED,
    ):  # fmt: skip
        request.max_content_length = 100
        assert request.content_length is None
        assert isinstance(request.stream, WholeBodyLimit)


def test_a_chunked_json_body_up_to_the_limit_is_served(client: FlaskClient) -> None:
    response = post_chunked(
        client, "/api/v1/conversations", padded(MAX_BODY_BYTES), "application/json"
    )
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["conversation_id"]


def test_a_chunked_json_body_one_byte_over_the_limit_is_refused(client: FlaskClient) -> None:
    response = post_chunked(
        client, "/api/v1/conversations", padded(MAX_BODY_BYTES + 1), "application/json"
    )
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "too_large"


def test_a_chunked_message_over_the_limit_is_refused_and_not_stored(client: FlaskClient) -> None:
    opened = client.post("/api/v1/conversations", json={}).get_json()
    url = f"/api/v1/conversations/{opened['conversation_id']}/messages"
    message = json.dumps({"text": "which is faster?", "client_message_id": "m-1"}).encode()
    response = client.post(
        url,
        input_stream=io.BytesIO(message + b" " * MAX_BODY_BYTES),
        content_type="application/json",
        headers={"Authorization": f"Bearer {opened['token']}"},
        environ_overrides=CHUNKED,
    )
    assert response.status_code == 413
    transcript = client.get(
        f"/api/v1/conversations/{opened['conversation_id']}",
        headers={"Authorization": f"Bearer {opened['token']}"},
    ).get_json()
    assert [m["role"] for m in transcript["messages"]] == ["assistant"]


def test_a_chunked_form_over_the_dashboards_limit_is_a_413_page(client: FlaskClient) -> None:
    form = b"email=a%40b.example&password=" + b"x" * MAX_FORM_BYTES
    response = post_chunked(client, "/dashboard/login", form, "application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert response.mimetype == "text/html"


def test_a_declared_length_over_the_limit_is_refused_before_reading(client: FlaskClient) -> None:
    body = padded(MAX_BODY_BYTES + 1)
    response = client.post("/api/v1/conversations", data=body, content_type="application/json")
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "too_large"


def test_a_body_that_arrives_is_read_and_one_that_stops_is_answered_408() -> None:
    ours, theirs = socket.socketpair()
    with ours, theirs, ours.makefile("rb") as received:
        theirs.sendall(b'{"text": "hi"}')
        stream = DeadlineStream(received, ours, 0.5)
        assert stream.read(14) == b'{"text": "hi"}'
        with pytest.raises(RequestTimeout):
            stream.read(1)  # nothing more is sent
        assert ours.gettimeout() is None  # the server's own setting is back for the answer
        with pytest.raises(RequestTimeout):
            stream.read(1)  # the time is up: no more waiting at all
