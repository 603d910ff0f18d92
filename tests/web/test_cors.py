"""Cross-origin access to the widget API: allowed origins named, others refused, own pages free."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient

SITE = "https://www.example.com"
PREFLIGHT = {
    "Access-Control-Request-Method": "POST",
    "Access-Control-Request-Headers": "content-type",
}


def test_an_allowed_origin_may_call_the_api(
    make_app: Callable[..., Flask], migrated_database_url: str
) -> None:
    app = make_app(DATABASE_URL=migrated_database_url, ALLOWED_ORIGINS=f"{SITE},https://b.example")
    response = app.test_client().post(
        "/api/v1/conversations", json={"page_url": "/demo"}, headers={"Origin": SITE}
    )
    assert response.status_code == 201
    assert response.headers["Access-Control-Allow-Origin"] == SITE
    assert "Origin" in response.vary


def test_another_origin_gets_no_cors_headers(make_app: Callable[..., Flask]) -> None:
    client = make_app(ALLOWED_ORIGINS=SITE).test_client()
    response = client.get("/api/v1/openapi.json", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in response.headers
    assert "Origin" in response.vary
    prefix = client.get("/api/v1/openapi.json", headers={"Origin": f"{SITE}.evil.example"})
    assert "Access-Control-Allow-Origin" not in prefix.headers


def test_a_preflight_from_an_allowed_origin_is_answered(make_app: Callable[..., Flask]) -> None:
    client = make_app(ALLOWED_ORIGINS=SITE).test_client()
    response = client.options(
        "/api/v1/conversations/abc/messages",
        headers={"Origin": SITE, **PREFLIGHT, "Access-Control-Request-Headers": "authorization"},
    )
    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == SITE
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    allowed_headers = response.headers["Access-Control-Allow-Headers"]
    assert "Authorization" in allowed_headers and "Content-Type" in allowed_headers
    assert int(response.headers["Access-Control-Max-Age"]) > 0


def test_a_preflight_from_another_origin_is_refused(make_app: Callable[..., Flask]) -> None:
    client = make_app(ALLOWED_ORIGINS=SITE).test_client()
    response = client.options(
        "/api/v1/conversations", headers={"Origin": "https://evil.example", **PREFLIGHT}
    )
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "origin_not_allowed"
    assert "CONSULTBOT_ALLOWED_ORIGINS" in response.get_json()["error"]["message"]
    assert "Access-Control-Allow-Origin" not in response.headers
    nothing_allowed = (
        make_app()
        .test_client()
        .options("/api/v1/conversations", headers={"Origin": SITE, **PREFLIGHT})
    )
    assert nothing_allowed.status_code == 403


def test_the_services_own_pages_always_work(client: FlaskClient) -> None:
    without_origin = client.post("/api/v1/conversations", json={"page_url": "/demo"})
    assert without_origin.status_code == 201
    own = client.post(
        "/api/v1/conversations", json={"page_url": "/demo"}, headers={"Origin": "http://localhost"}
    )
    assert own.status_code == 201
    assert own.headers["Access-Control-Allow-Origin"] == "http://localhost"


def test_pages_outside_the_api_get_no_cors_headers(make_app: Callable[..., Flask]) -> None:
    client = make_app(ALLOWED_ORIGINS=SITE).test_client()
    response = client.get("/widget.js", headers={"Origin": SITE})
    assert "Access-Control-Allow-Origin" not in response.headers


def test_an_allowed_origin_is_matched_whatever_its_case(make_app: Callable[..., Flask]) -> None:
    client = make_app(ALLOWED_ORIGINS=SITE).test_client()
    shouted = "HTTPS://WWW.EXAMPLE.COM"
    response = client.get("/api/v1/openapi.json", headers={"Origin": shouted})
    assert response.headers["Access-Control-Allow-Origin"] == shouted
    preflight = client.options("/api/v1/conversations", headers={"Origin": shouted, **PREFLIGHT})
    assert preflight.status_code == 204


def test_another_scheme_or_port_of_an_allowed_origin_is_not_allowed(
    make_app: Callable[..., Flask],
) -> None:
    client = make_app(ALLOWED_ORIGINS=SITE).test_client()
    for origin in ("http://www.example.com", "https://www.example.com:8443", "null"):
        response = client.get("/api/v1/openapi.json", headers={"Origin": origin})
        assert "Access-Control-Allow-Origin" not in response.headers, origin
        preflight = client.options("/api/v1/conversations", headers={"Origin": origin, **PREFLIGHT})
        assert preflight.status_code == 403, origin


def test_the_services_own_host_is_same_origin_on_any_scheme_but_not_on_another_port(
    client: FlaskClient,
) -> None:
    behind_tls = client.get("/api/v1/openapi.json", headers={"Origin": "https://LOCALHOST"})
    assert behind_tls.headers["Access-Control-Allow-Origin"] == "https://LOCALHOST"
    other_port = client.get("/api/v1/openapi.json", headers={"Origin": "http://localhost:8000"})
    assert "Access-Control-Allow-Origin" not in other_port.headers


def test_an_allowed_origin_can_read_the_apis_errors(make_app: Callable[..., Flask]) -> None:
    client = make_app(ALLOWED_ORIGINS=SITE).test_client()
    response = client.get("/api/v1/conversations/nope", headers={"Origin": SITE})
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"
    assert response.headers["Access-Control-Allow-Origin"] == SITE


def test_an_options_request_that_is_not_a_preflight_is_left_to_the_route(
    make_app: Callable[..., Flask],
) -> None:
    client = make_app(ALLOWED_ORIGINS=SITE).test_client()
    plain = client.options("/api/v1/conversations", headers={"Origin": "https://evil.example"})
    assert plain.status_code == 200
    assert "POST" in plain.headers["Allow"]
    assert "Access-Control-Allow-Methods" not in plain.headers
    assert "Access-Control-Allow-Origin" not in plain.headers


def test_a_preflight_outside_the_api_is_not_answered_by_cors(
    make_app: Callable[..., Flask],
) -> None:
    client = make_app(ALLOWED_ORIGINS=SITE).test_client()
    response = client.options("/widget.js", headers={"Origin": "https://evil.example", **PREFLIGHT})
    assert response.status_code != 403
    assert "Access-Control-Allow-Methods" not in response.headers
