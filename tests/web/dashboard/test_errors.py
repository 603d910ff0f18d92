"""Dashboard ids out of range are not-found pages, not JSON or a server error.

How every error becomes a page or the API's envelope is in tests/web/test_handlers.py.
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from consultbot.storage.models import StaffRole
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
