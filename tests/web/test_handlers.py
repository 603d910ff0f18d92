"""One error vocabulary: the API's JSON envelope, pages' own HTML error page, whatever failed."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from consultbot.errors import ApiError
from consultbot.web.handlers import error_response, wants_json
from tests.conftest import free_port
from tests.web.dashboard.conftest import csrf_token


def unreachable_database() -> str:
    """A database URL nothing answers on."""
    return f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/consultbot"


def with_failing_routes(app: Flask) -> Flask:
    """Add routes that fail, one API path and one page path for each kind of failure."""

    def refuse() -> str:
        raise ApiError(409, "conflict", "Not twice.", {"text": "already sent"})

    def crash() -> str:
        raise RuntimeError("a bug in a view")

    for prefix in ("/api/v1/test", "/test"):
        app.add_url_rule(f"{prefix}/refuse", f"{prefix}-refuse", refuse)
        app.add_url_rule(f"{prefix}/crash", f"{prefix}-crash", crash)
    return app


def test_the_envelope_carries_code_and_message_and_fields_only_when_given(app: Flask) -> None:
    with app.test_request_context():
        bare, status = error_response(404, "not_found", "No such thing.")
        assert status == 404
        assert bare.get_json() == {"error": {"code": "not_found", "message": "No such thing."}}
        full, _ = error_response(422, "invalid", "Bad.", {"email": "not an address"})
        assert full.get_json()["error"]["fields"] == {"email": "not an address"}
        empty, _ = error_response(422, "invalid", "Bad.", {})
        assert "fields" not in empty.get_json()["error"]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/api/v1/conversations", True),
        ("/api/", True),
        ("/metrics", True),
        ("/healthz", True),
        ("/readyz", True),
        ("/dashboard/leads", False),
        ("/demo", False),
        ("/apis", False),
        ("/metrics/extra", False),
    ],
)
def test_programs_get_json_and_everyone_else_pages(app: Flask, path: str, expected: bool) -> None:
    with app.test_request_context(path):
        assert wants_json() is expected


def test_an_api_error_is_the_envelope_on_the_api_and_a_page_elsewhere(
    make_app: Callable[..., Flask],
) -> None:
    client = with_failing_routes(make_app()).test_client()
    api = client.get("/api/v1/test/refuse")
    assert api.status_code == 409
    assert api.get_json() == {
        "error": {"code": "conflict", "message": "Not twice.", "fields": {"text": "already sent"}}
    }
    page = client.get("/test/refuse")
    assert page.status_code == 409 and page.mimetype == "text/html"
    assert "Not twice." in page.get_data(as_text=True)


def test_an_unexpected_error_is_a_500_that_says_nothing_of_it_and_is_logged(
    make_app: Callable[..., Flask], caplog: pytest.LogCaptureFixture
) -> None:
    client = with_failing_routes(make_app()).test_client()
    with caplog.at_level(logging.ERROR, logger="consultbot.web.handlers"):
        api = client.get("/api/v1/test/crash")
        page = client.get("/test/crash")
    assert api.status_code == 500
    assert api.get_json()["error"]["code"] == "internal_error"
    assert "a bug in a view" not in api.get_data(as_text=True)
    assert page.status_code == 500 and page.mimetype == "text/html"
    assert "Something went wrong" in page.get_data(as_text=True)
    assert "a bug in a view" not in page.get_data(as_text=True)
    logged = [r for r in caplog.records if r.name == "consultbot.web.handlers"]
    assert [r.getMessage() for r in logged] == [
        "unhandled error on GET /api/v1/test/crash",
        "unhandled error on GET /test/crash",
    ]
    assert all(r.exc_info and "a bug in a view" in str(r.exc_info[1]) for r in logged)


def test_an_unknown_api_path_is_a_not_found_envelope(client: FlaskClient) -> None:
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"
    assert response.get_json()["error"]["message"]


def test_an_unknown_page_outside_the_dashboard_is_werkzeugs_own_page(client: FlaskClient) -> None:
    response = client.get("/no-such-page")
    assert response.status_code == 404 and response.mimetype == "text/html"
    assert '"error"' not in response.get_data(as_text=True)


def test_a_wrong_method_on_the_api_names_the_allowed_ones(client: FlaskClient) -> None:
    response = client.put("/api/v1/conversations", json={})
    assert response.status_code == 405
    assert response.get_json()["error"]["code"] == "method_not_allowed"
    assert "POST" in response.headers["Allow"].split(", ")


def test_a_wrong_method_on_a_page_is_a_page_naming_the_allowed_ones(client: FlaskClient) -> None:
    response = client.put("/dashboard/login")
    assert response.status_code == 405 and response.mimetype == "text/html"
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "POST"}


def test_logging_in_during_a_database_outage_is_a_503_page(
    make_app: Callable[..., Flask],
) -> None:
    nowhere = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/consultbot"
    client = make_app(DATABASE_URL=nowhere).test_client()
    token = csrf_token(client, "/dashboard/login")
    response = client.post(
        "/dashboard/login",
        data={"email": "sam@example.com", "password": "a long passphrase", "csrf_token": token},
    )
    assert response.status_code == 503
    assert response.mimetype == "text/html"
    assert "briefly unavailable" in response.get_data(as_text=True)


def test_a_database_outage_on_the_api_is_a_503_envelope(
    make_app: Callable[..., Flask], caplog: pytest.LogCaptureFixture
) -> None:
    client = make_app(DATABASE_URL=unreachable_database()).test_client()
    with caplog.at_level(logging.ERROR, logger="consultbot.web.handlers"):
        response = client.post("/api/v1/conversations", json={})
    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "unavailable"
    assert "try again" in response.get_json()["error"]["message"]
    assert "127.0.0.1" not in response.get_data(as_text=True)
    assert any(r.getMessage().startswith("database unavailable:") for r in caplog.records)
    assert client.get("/healthz").status_code == 200
