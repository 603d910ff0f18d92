"""Logging in and out, throttled failures, expired sessions, CSRF and role checks."""

from __future__ import annotations

import re
import time

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from consultbot.storage.models import StaffRole, User
from tests.web.dashboard.conftest import PASSWORD, Staff, csrf_token, log_in

PAGES = [
    "/dashboard/",
    "/dashboard/overview",
    "/dashboard/leads",
    "/dashboard/leads.csv",
    "/dashboard/leads/1",
    "/dashboard/unanswered",
    "/dashboard/try",
    "/dashboard/knowledge",
    "/dashboard/users",
]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_asks_a_visitor_to_log_in_first(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response.location.startswith("/dashboard/login?next=")


def test_the_right_password_logs_in_and_returns_to_the_page_asked_for(
    client: FlaskClient, staff: Staff, db_session: Session
) -> None:
    user = staff.make(StaffRole.SALES)
    token = csrf_token(client, "/dashboard/login")
    response = client.post(
        "/dashboard/login?next=/dashboard/leads",
        data={
            "email": user.email.upper(),
            "password": "correct horse battery staple",
            "csrf_token": token,
        },
    )
    assert response.status_code == 302
    assert response.location == "/dashboard/leads"
    assert client.get("/dashboard/leads").status_code == 200
    db_session.refresh(user)
    assert user.last_login_at is not None


def test_a_wrong_password_is_refused_and_counted(
    client: FlaskClient, staff: Staff, db_session: Session
) -> None:
    user = staff.make(StaffRole.SALES)
    assert log_in(client, user.email, "wrong password") == 401
    page = client.get("/dashboard/leads")
    assert page.status_code == 302  # still not logged in
    db_session.refresh(user)
    assert user.failed_logins == 1


def test_an_unknown_email_gets_the_same_answer_as_a_wrong_password(client: FlaskClient) -> None:
    token = csrf_token(client, "/dashboard/login")
    response = client.post(
        "/dashboard/login",
        data={"email": "nobody@example.com", "password": "whatever", "csrf_token": token},
    )
    assert response.status_code == 401
    assert "The email or password is wrong." in response.get_data(as_text=True)


def attempt(client: FlaskClient, email: str, password: str = "a wrong guess") -> tuple[int, str]:
    """Post the login form once; return the status and the page text."""
    token = csrf_token(client, "/dashboard/login")
    response = client.post(
        "/dashboard/login", data={"email": email, "password": password, "csrf_token": token}
    )
    return response.status_code, response.get_data(as_text=True)


def from_address(app: Flask, address: str) -> FlaskClient:
    """A browser at another client address."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_known_and_unknown_emails_are_throttled_alike_and_answer_alike(
    app: Flask, staff: Staff
) -> None:
    user = staff.make(StaffRole.SALES)
    known, unknown = from_address(app, "203.0.113.7"), from_address(app, "203.0.113.8")
    answers = [
        (attempt(known, user.email), attempt(unknown, "nobody@example.com")) for _ in range(6)
    ]
    statuses = [(mine[0], theirs[0]) for mine, theirs in answers]
    assert statuses == [(401, 401)] * 5 + [(429, 429)]
    # The same page, word for word, but for the CSRF token and the email typed in.
    pages = [re.sub(r'value="[^"]*"', "", page) for page in (answers[0][0][1], answers[0][1][1])]
    assert pages[0] == pages[1] and "The email or password is wrong." in pages[0]
    assert "Too many requests from your address" in answers[-1][0][1]
    assert "Too many requests from your address" in answers[-1][1][1]
    # The right password from the throttled address waits too; it is not a lock on the account.
    assert attempt(known, user.email, PASSWORD)[0] == 429


def test_failures_elsewhere_never_lock_the_owner_out(app: Flask, staff: Staff) -> None:
    user = staff.make(StaffRole.SALES)
    attacker = from_address(app, "198.51.100.66")
    for _ in range(8):
        attempt(attacker, user.email)
    assert attempt(attacker, user.email)[0] == 429
    owner = from_address(app, "192.0.2.10")
    assert attempt(owner, user.email, PASSWORD)[0] == 302
    assert owner.get("/dashboard/leads").status_code == 200


def test_an_unknown_email_takes_as_long_as_a_wrong_password(app: Flask, staff: Staff) -> None:
    user = staff.make(StaffRole.SALES)
    timings: dict[str, list[float]] = {"known": [], "unknown": []}
    for round_ in range(3):
        for kind, email in (("known", user.email), ("unknown", f"ghost{round_}@example.com")):
            client = from_address(
                app, f"192.0.2.{len(timings[kind]) + (50 if kind == 'known' else 90)}"
            )
            started = time.perf_counter()
            assert attempt(client, email)[0] == 401
            timings[kind].append(time.perf_counter() - started)
    known, unknown = min(timings["known"]), min(timings["unknown"])
    assert 0.5 < unknown / known < 2.0, timings


def test_a_login_without_the_csrf_token_is_refused(client: FlaskClient, staff: Staff) -> None:
    user = staff.make(StaffRole.ADMIN)
    response = client.post(
        "/dashboard/login", data={"email": user.email, "password": "correct horse battery staple"}
    )
    assert response.status_code == 400
    assert "nothing was changed" in response.get_data(as_text=True)
    assert client.get("/dashboard/overview").status_code == 302


def test_an_empty_login_form_says_what_is_missing(client: FlaskClient) -> None:
    token = csrf_token(client, "/dashboard/login")
    response = client.post("/dashboard/login", data={"csrf_token": token})
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "Enter your email." in text and "Enter your password." in text


def test_an_expired_session_must_log_in_again(client: FlaskClient, staff: Staff) -> None:
    staff.log_in_as(StaffRole.SALES)
    with client.session_transaction() as session:
        session["signed_in_at"] = time.time() - 9 * 3600
    response = client.get("/dashboard/leads")
    assert response.status_code == 302
    assert response.location.startswith("/dashboard/login?next=/dashboard/leads")
    page = client.get(response.location)
    assert "Your session expired; please log in again." in page.get_data(as_text=True)
    assert client.get("/dashboard/leads").status_code == 302


def test_switching_an_account_off_ends_its_session(
    client: FlaskClient, staff: Staff, db_session: Session
) -> None:
    user = staff.log_in_as(StaffRole.SALES)
    assert client.get("/dashboard/leads").status_code == 200
    db_session.get_one(User, user.id).active = False
    db_session.commit()
    assert client.get("/dashboard/leads").status_code == 302
    assert log_in(client, user.email) == 401


def test_logging_out_needs_the_form_and_ends_the_session(client: FlaskClient, staff: Staff) -> None:
    staff.log_in_as(StaffRole.SALES)
    assert client.post("/dashboard/logout").status_code == 400  # no CSRF token: nothing happens
    assert client.get("/dashboard/leads").status_code == 200
    token = csrf_token(client, "/dashboard/overview")
    assert client.post("/dashboard/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/dashboard/leads").status_code == 302


@pytest.mark.parametrize(
    "role, path",
    [
        (StaffRole.SALES, "/dashboard/users"),
        (StaffRole.SALES, "/dashboard/unanswered"),
        (StaffRole.SALES, "/dashboard/knowledge"),
        (StaffRole.EDITOR, "/dashboard/leads"),
        (StaffRole.EDITOR, "/dashboard/leads.csv"),
        (StaffRole.EDITOR, "/dashboard/users"),
    ],
)
def test_a_page_for_another_role_is_refused(
    client: FlaskClient, staff: Staff, role: StaffRole, path: str
) -> None:
    staff.log_in_as(role)
    response = client.get(path)
    assert response.status_code == 403
    assert f"yours is {role.value}" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "role, allowed",
    [
        (StaffRole.SALES, ["/dashboard/overview", "/dashboard/leads", "/dashboard/leads.csv"]),
        (StaffRole.EDITOR, ["/dashboard/overview", "/dashboard/unanswered", "/dashboard/try"]),
        (
            StaffRole.ADMIN,
            [page for page in PAGES if page not in ("/dashboard/", "/dashboard/leads/1")],
        ),
    ],
)
def test_each_role_opens_its_own_pages(
    client: FlaskClient, staff: Staff, role: StaffRole, allowed: list[str]
) -> None:
    staff.log_in_as(role)
    for path in allowed:
        assert client.get(path).status_code == 200, path


@pytest.mark.parametrize(
    "target", ["https://evil.example/phish", "//evil.example", "/api/v1/openapi.json"]
)
def test_the_next_parameter_never_leaves_the_dashboard(
    client: FlaskClient, staff: Staff, target: str
) -> None:
    user = staff.make(StaffRole.SALES)
    token = csrf_token(client, "/dashboard/login")
    response = client.post(
        "/dashboard/login",
        query_string={"next": target},
        data={"email": user.email, "password": "correct horse battery staple", "csrf_token": token},
    )
    assert response.location == "/dashboard/"
