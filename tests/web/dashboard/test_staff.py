"""Staff accounts on the admins' page."""

from __future__ import annotations

import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from consultbot.storage.models import StaffRole, User
from tests.web.dashboard.conftest import Staff, csrf_token

GOOD = "a long enough passphrase"


def test_an_admin_adds_and_switches_off_accounts(
    client: FlaskClient, staff: Staff, db_session: Session
) -> None:
    admin = staff.log_in_as(StaffRole.ADMIN)
    token = csrf_token(client, "/dashboard/users")
    data = {"email": "new@example.com", "role": "editor", "password": GOOD, "csrf_token": token}
    assert client.post("/dashboard/users", data=data).status_code == 302
    again = client.post(
        "/dashboard/users", data={**data, "csrf_token": csrf_token(client, "/dashboard/users")}
    )
    assert again.status_code == 400
    assert "There is already an account for new@example.com." in again.get_data(as_text=True)
    weak = client.post(
        "/dashboard/users",
        data={
            **data,
            "email": "x@example.com",
            "password": "short",
            "csrf_token": csrf_token(client, "/dashboard/users"),
        },
    )
    assert weak.status_code == 400 and "Use 10 to 256 characters." in weak.get_data(as_text=True)
    created = db_session.scalars(sa.select(User).where(User.email == "new@example.com")).one()
    assert created.role == StaffRole.EDITOR
    toggle = f"/dashboard/users/{created.id}/active"
    assert (
        client.post(toggle, data={"csrf_token": csrf_token(client, "/dashboard/users")}).status_code
        == 302
    )
    db_session.expire_all()
    assert db_session.get_one(User, created.id).active is False
    own = client.post(
        f"/dashboard/users/{admin.id}/active",
        data={"csrf_token": csrf_token(client, "/dashboard/users")},
    )
    assert own.status_code == 302
    assert "You cannot switch off your own account." in client.get("/dashboard/users").get_data(
        as_text=True
    )
    assert (
        db_session.scalars(sa.select(User.email).where(User.email == "x@example.com")).all() == []
    )
