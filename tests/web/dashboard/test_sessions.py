"""Sessions are revoked server-side: a copied cookie dies at logout, new password, switch-off."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient

from consultbot.accounts import hash_password
from consultbot.storage.db import open_session
from consultbot.storage.models import StaffRole
from tests.conftest import CommandRunner
from tests.storage.factories import make_user
from tests.web.dashboard.conftest import Staff, csrf_token, log_in

PAGE = "/dashboard/leads"


def copy_of(app: Flask, client: FlaskClient) -> FlaskClient:
    """Another browser holding a copy of the client's session cookie (as a thief would)."""
    cookie = client.get_cookie("session")
    assert cookie is not None
    thief = app.test_client()
    thief.set_cookie("session", cookie.value)
    return thief


def test_a_copied_cookie_stops_working_when_its_owner_logs_out(
    app: Flask, client: FlaskClient, staff: Staff
) -> None:
    staff.log_in_as(StaffRole.SALES)
    thief = copy_of(app, client)
    assert thief.get(PAGE).status_code == 200

    token = csrf_token(client, "/dashboard/overview")
    assert client.post("/dashboard/logout", data={"csrf_token": token}).status_code == 302

    assert thief.get(PAGE).status_code == 302
    assert client.get(PAGE).status_code == 302


def test_switching_an_account_off_and_on_again_does_not_revive_old_sessions(
    app: Flask, client: FlaskClient, staff: Staff
) -> None:
    sales = staff.make(StaffRole.SALES)
    victim = app.test_client()
    assert log_in(victim, sales.email) == 302
    stolen = copy_of(app, victim)
    staff.log_in_as(StaffRole.ADMIN)
    toggle = f"/dashboard/users/{sales.id}/active"
    for _ in range(2):  # off, then on again
        token = csrf_token(client, "/dashboard/users")
        assert client.post(toggle, data={"csrf_token": token}).status_code == 302

    assert stolen.get(PAGE).status_code == 302
    assert victim.get(PAGE).status_code == 302
    assert log_in(victim, sales.email) == 302  # the owner simply logs in again
    assert victim.get(PAGE).status_code == 200


def test_a_new_password_ends_every_session_of_the_account(
    make_app: Callable[..., Flask], migrated_database_url: str, runner: CommandRunner
) -> None:
    app = make_app(DATABASE_URL=migrated_database_url, RATE_LIMITS="0")
    with open_session(app) as session:
        user = make_user(session, role=StaffRole.SALES, password_hash=hash_password("p" * 12))
        session.commit()
        email = user.email
    client = app.test_client()
    assert log_in(client, email, "p" * 12) == 302
    thief = copy_of(app, client)
    assert thief.get(PAGE).status_code == 200

    new = "an entirely new passphrase"
    changed = runner.invoke(
        ["users", "set-password", "--email", email],
        env={"DATABASE_URL": migrated_database_url},
        input=f"{new}\n{new}\n",
    )
    assert changed.exit_code == 0, changed.output

    assert thief.get(PAGE).status_code == 302
    assert client.get(PAGE).status_code == 302
    assert log_in(client, email, new) == 302
    assert client.get(PAGE).status_code == 200
