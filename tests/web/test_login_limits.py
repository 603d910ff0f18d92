"""Failed dashboard logins counted in the database: the limits hold across workers and hosts.

Two apps on one database, as two workers have. They share one process, though, and so
Flask-Limiter's memory: only ``tests/production/test_login_limits.py`` (two gunicorn workers)
shows what memory alone let through. These check how the database counts.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from consultbot.accounts import hash_password
from consultbot.storage.db import get_engine, open_session
from consultbot.storage.models import LoginAttempt
from consultbot.web.login_limits import Window, parse_limits
from tests.storage.factories import make_user

PASSWORD = "correct horse battery"


def address() -> str:
    """A client address of the test's own."""
    return f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.{secrets.randbelow(250) + 1}"


def two_workers(make_app: Callable[..., Flask], database_url: str, **limits: str) -> list[Flask]:
    """Two apps on one database, without Redis, as two gunicorn workers have."""
    settings = {"DATABASE_URL": database_url, "WTF_CSRF_ENABLED": False, **limits}
    return [make_app(**settings), make_app(**settings)]


def log_in(app: Flask, remote: str, email: str, password: str = "a wrong guess") -> int:
    client: FlaskClient = app.test_client()  # a fresh browser each time
    return client.post(
        "/dashboard/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": remote},
    ).status_code


def test_failed_logins_per_account_are_limited_across_workers(
    make_app: Callable[..., Flask], migrated_database_url: str
) -> None:
    workers = two_workers(
        make_app, migrated_database_url, RATE_LIMIT_LOGIN_FAILURES="5/minute;20/hour"
    )
    remote = address()
    statuses = [log_in(workers[turn % 2], remote, "sales@example.com") for turn in range(10)]
    assert statuses == [401] * 5 + [429] * 5
    # Another email from the same address has its own allowance; the same email elsewhere too.
    assert log_in(workers[0], remote, "other@example.com") == 401
    assert log_in(workers[1], address(), "sales@example.com") == 401


def test_failed_logins_per_address_are_limited_across_workers(
    make_app: Callable[..., Flask], migrated_database_url: str
) -> None:
    workers = two_workers(make_app, migrated_database_url, RATE_LIMIT_LOGINS="4/minute")
    remote = address()
    statuses = [log_in(workers[n % 2], remote, f"guess{n}@example.com") for n in range(6)]
    assert statuses == [401] * 4 + [429] * 2
    page = (
        workers[1]
        .test_client()
        .post(
            "/dashboard/login",
            data={"email": "guess9@example.com", "password": "x"},
            environ_base={"REMOTE_ADDR": remote},
        )
    )
    assert page.status_code == 429
    assert 1 <= int(page.headers["Retry-After"]) <= 60
    assert "Too many requests from your address" in page.get_data(as_text=True)


def test_successful_logins_are_not_counted_and_a_refusal_is_not_either(
    make_app: Callable[..., Flask], migrated_database_url: str
) -> None:
    workers = two_workers(make_app, migrated_database_url, RATE_LIMIT_LOGINS="3/minute")
    with open_session(workers[0]) as session:
        email = make_user(session, password_hash=hash_password(PASSWORD)).email
        session.commit()
    remote = address()
    assert [log_in(workers[n % 2], remote, email, PASSWORD) for n in range(6)] == [302] * 6
    assert [log_in(workers[n % 2], remote, email) for n in range(4)] == [401, 401, 401, 429]
    assert log_in(workers[0], remote, email, PASSWORD) == 429  # the address waits, as documented
    with open_session(workers[0]) as session:
        kept = session.scalars(
            sa.select(LoginAttempt.email).where(LoginAttempt.address == remote)
        ).all()
    assert kept == [email] * 3  # the three failures; no success, no refused attempt


def test_many_failed_logins_at_once_get_no_more_than_the_limit(
    make_app: Callable[..., Flask], migrated_database_url: str
) -> None:
    workers = two_workers(
        make_app, migrated_database_url, RATE_LIMIT_LOGIN_FAILURES="3/minute;20/hour"
    )
    remote = address()
    statuses: list[int] = []
    start = threading.Barrier(8)

    def guess(app: Flask) -> None:
        start.wait()
        statuses.append(log_in(app, remote, "sales@example.com"))

    threads = [threading.Thread(target=guess, args=(workers[n % 2],)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert set(statuses) <= {401, 429} and statuses.count(401) <= 3, statuses
    # Refused attempts were struck out: one at a time, the rest of the allowance is there.
    later = [log_in(workers[n % 2], remote, "sales@example.com") for n in range(5)]
    assert statuses.count(401) + later.count(401) == 3, (statuses, later)


def test_old_attempts_are_forgotten_after_the_longest_window(
    make_app: Callable[..., Flask], migrated_database_url: str
) -> None:
    app = two_workers(make_app, migrated_database_url, RATE_LIMIT_LOGINS="2/minute")[0]
    remote = address()
    assert [log_in(app, remote, "a@example.com") for _ in range(3)] == [401, 401, 429]
    with get_engine(app).begin() as connection:  # the two failures happened two hours ago
        connection.execute(
            sa.update(LoginAttempt).values(at=datetime.now(UTC) - timedelta(hours=2))
        )
    assert log_in(app, remote, "a@example.com") == 401
    with open_session(app) as session:
        count = session.scalar(sa.select(sa.func.count()).select_from(LoginAttempt))
    assert count == 1  # the old ones were deleted, not only ignored


def test_with_limits_off_logins_are_neither_limited_nor_written_down(
    make_app: Callable[..., Flask], migrated_database_url: str
) -> None:
    app = two_workers(
        make_app, migrated_database_url, RATE_LIMITS="0", RATE_LIMIT_LOGIN_FAILURES="1/minute"
    )[0]
    remote = address()
    assert [log_in(app, remote, "a@example.com") for _ in range(3)] == [401] * 3
    with open_session(app) as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(LoginAttempt)) == 0


def test_logins_are_limited_per_address(
    make_app: Callable[..., Flask], migrated_database_url: str
) -> None:
    app = make_app(
        DATABASE_URL=migrated_database_url, RATE_LIMIT_LOGINS="2/minute", WTF_CSRF_ENABLED=False
    )
    client = app.test_client()
    remote = address()
    statuses = [
        client.post(
            "/dashboard/login",
            data={"email": "x@example.com", "password": "nope"},
            environ_base={"REMOTE_ADDR": remote},
        ).status_code
        for _ in range(3)
    ]
    assert statuses == [401, 401, 429]
    assert client.get("/dashboard/login", environ_base={"REMOTE_ADDR": remote}).status_code == 200


def test_only_failed_logins_count_against_the_address(
    make_app: Callable[..., Flask], migrated_database_url: str
) -> None:
    app = make_app(
        DATABASE_URL=migrated_database_url, RATE_LIMIT_LOGINS="3/minute", WTF_CSRF_ENABLED=False
    )
    with open_session(app) as session:
        user = make_user(session, password_hash=hash_password("correct horse battery"))
        session.commit()
        email = user.email
    remote = address()

    def log_in(password: str) -> int:
        client = app.test_client()  # a colleague's browser: no session yet
        return client.post(
            "/dashboard/login",
            data={"email": email, "password": password},
            environ_base={"REMOTE_ADDR": remote},
        ).status_code

    assert [log_in("correct horse battery") for _ in range(6)] == [302] * 6
    # The failures (a wrong password, an empty form) are counted, then the address waits.
    assert [log_in("wrong"), log_in(""), log_in("wrong")] == [401, 400, 401]
    assert log_in("wrong") == 429
    assert log_in("correct horse battery") == 429  # throttled, as documented


def test_limits_are_read_as_amounts_per_window() -> None:
    assert parse_limits("5/minute; 20/hour") == [
        Window(5, timedelta(minutes=1)),
        Window(20, timedelta(hours=1)),
    ]
    assert parse_limits("1/second;3/day") == [
        Window(1, timedelta(seconds=1)),
        Window(3, timedelta(days=1)),
    ]
    with pytest.raises(ValueError, match="'often'"):
        parse_limits("often")
