"""Security headers, on a small app of the test's own: each kind of response, and a view's own
headers kept. (The service's pages are checked in test_operations.py and test_site.py.)"""

from __future__ import annotations

import pytest
from flask import Flask, Response, jsonify
from flask.testing import FlaskClient

from consultbot.web import security


def small_app(env: str = "development") -> Flask:
    app = Flask(__name__)
    app.config["ENV"] = env
    security.init_app(app)
    app.add_url_rule("/page", "page", lambda: "<p>hello</p>")
    app.add_url_rule("/data", "data", lambda: jsonify(ok=True))
    app.add_url_rule("/api/v1/text", "api_text", lambda: Response("ok", mimetype="text/plain"))
    app.add_url_rule("/file.txt", "file", lambda: Response("ok", mimetype="text/plain"))
    app.add_url_rule("/dashboard/leads", "dashboard_leads", lambda: "<p>leads</p>")
    app.add_url_rule("/framed", "framed", framed)
    return app


def framed() -> Response:
    """A view that sets its own framing and policy (as a view may)."""
    response = Response("<p>embed me</p>", mimetype="text/html")
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    response.headers["content-security-policy"] = "frame-ancestors https://partner.example"
    return response


@pytest.fixture
def client() -> FlaskClient:
    return small_app().test_client()


def test_each_kind_of_response_gets_its_policy(client: FlaskClient) -> None:
    expected = {
        "/page": security.PAGE_CSP,
        "/data": security.API_CSP,
        "/api/v1/text": security.API_CSP,
        "/dashboard/leads": security.DASHBOARD_CSP,
    }
    for path, policy in expected.items():
        headers = client.get(path).headers
        assert headers["Content-Security-Policy"] == policy, path
        assert headers["X-Frame-Options"] == "DENY", path
        assert headers["X-Content-Type-Options"] == "nosniff", path
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin", path
        assert "Strict-Transport-Security" not in headers, path
    assert client.get("/dashboard/leads").headers["Cache-Control"] == "no-store"
    assert "Cache-Control" not in client.get("/page").headers


def test_a_plain_file_gets_no_policy_but_no_sniffing(client: FlaskClient) -> None:
    headers = client.get("/file.txt").headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" not in headers and "X-Frame-Options" not in headers


def test_headers_a_view_set_are_kept_and_never_doubled(client: FlaskClient) -> None:
    headers = client.get("/framed").headers
    assert headers.getlist("X-Frame-Options") == ["SAMEORIGIN"]
    assert headers.getlist("Content-Security-Policy") == ["frame-ancestors https://partner.example"]
    assert headers.getlist("X-Content-Type-Options") == ["nosniff"]


def test_production_adds_hsts_everywhere() -> None:
    client = small_app("production").test_client()
    for path in ("/page", "/data", "/file.txt", "/dashboard/leads"):
        assert client.get(path).headers["Strict-Transport-Security"] == security.HSTS, path
