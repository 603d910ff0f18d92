"""Security headers, request ids and JSON logs (/metrics is in test_metrics.py)."""

from __future__ import annotations

import json
import logging
import re
import uuid
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from consultbot.errors import ConfigError
from consultbot.logs import JsonFormatter, RequestIdFilter, request_id_var


def test_the_dashboard_gets_a_strict_content_security_policy(client: FlaskClient) -> None:
    headers = client.get("/dashboard/login").headers
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cache-Control"] == "no-store"
    assert "Strict-Transport-Security" not in headers  # only in production


def test_api_answers_are_never_documents(client: FlaskClient) -> None:
    response = client.post("/api/v1/conversations", json={})
    assert (
        response.headers["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"
    )
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_production_cookies_are_secure_and_hsts_is_sent(
    make_app: Callable[..., Flask], migrated_database_url: str
) -> None:
    app = make_app(
        DATABASE_URL=migrated_database_url,
        ENV="production",
        SECRET_KEY="s" * 40,
        METRICS_TOKEN="t" * 32,
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    response = app.test_client().get("/dashboard/login", base_url="https://consult.example")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    cookie = response.headers.get("Set-Cookie", "")
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_every_response_carries_a_request_id(client: FlaskClient) -> None:
    first = client.get("/healthz").headers["X-Request-ID"]
    second = client.get("/healthz").headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", first) and first != second
    offered = "lb-" + uuid.uuid4().hex
    assert (
        client.get("/healthz", headers={"X-Request-ID": offered}).headers["X-Request-ID"] == offered
    )
    # An id that is not plain text is replaced, never echoed.
    sneaky = client.get("/healthz", headers={"X-Request-ID": "<script>alert(1)</script>"})
    assert re.fullmatch(r"[0-9a-f]{32}", sneaky.headers["X-Request-ID"])


def test_access_lines_carry_the_request_id(
    client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="consultbot.access"):
        response = client.post("/api/v1/conversations", json={})
    [record] = [r for r in caplog.records if r.name == "consultbot.access"]
    fields = vars(record)
    assert fields["request_id"] == response.headers["X-Request-ID"]
    assert (fields["method"], fields["path"], fields["status"]) == (
        "POST",
        "/api/v1/conversations",
        201,
    )


def test_json_log_lines_parse_and_keep_extras() -> None:
    record = logging.makeLogRecord(
        {"name": "consultbot.test", "levelname": "WARNING", "msg": "hello %s", "args": ("world",)}
    )
    record.status = 503
    token = request_id_var.set("abc123")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id_var.reset(token)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "hello world" and line["level"] == "WARNING"
    assert line["request_id"] == "abc123" and line["status"] == 503


def test_a_bad_log_format_is_refused(make_app: Callable[..., Flask]) -> None:
    with pytest.raises(ConfigError, match="CONSULTBOT_LOG_FORMAT must be text or json"):
        make_app(LOG_FORMAT="xml")


def test_public_responses_do_not_vary_on_the_staff_cookie(client: FlaskClient) -> None:
    for path in ("/widget.js", "/demo", "/healthz", "/api/v1/openapi.json"):
        response = client.get(path)
        assert "Cookie" not in response.headers.get("Vary", ""), path
        assert "Set-Cookie" not in response.headers, path
    assert "Cookie" in client.get("/dashboard/login").headers["Vary"]
