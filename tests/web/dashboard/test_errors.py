"""Pages answer errors as pages: out-of-range ids are 404s, an outage is a 503 page, not JSON."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from consultbot.storage.models import StaffRole
from tests.conftest import free_port
from tests.web.dashboard.conftest import Staff, csrf_token


@pytest.mark.parametrize(
    "path", ["/dashboard/leads/2147483648", "/dashboard/leads/99999999999999999999",
             "/dashboard/leads/0", "/dashboard/leads/-1", "/dashboard/nothing-here"],
)  # fmt: skip
def test_ids_out_of_range_are_not_found_pages(client: FlaskClient, staff: Staff, path: str) -> None:
    staff.log_in_as(StaffRole.ADMIN)
    response = client.get(path)
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert '"error"' not in response.get_data(as_text=True)


def test_posting_to_an_out_of_range_account_is_a_not_found_page(
    client: FlaskClient, staff: Staff
) -> None:
    staff.log_in_as(StaffRole.ADMIN)
    token = csrf_token(client, "/dashboard/users")
    for user_id in ("2147483648", "99999999999999999999"):
        response = client.post(f"/dashboard/users/{user_id}/active", data={"csrf_token": token})
        assert response.status_code == 404 and response.mimetype == "text/html"


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
