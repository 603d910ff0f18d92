"""Dashboard helpers: staff accounts with real hashed passwords, logins through the real form."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from consultbot.accounts import hash_password
from consultbot.storage.models import StaffRole, User
from tests.storage.factories import make_user

PASSWORD = "correct horse battery staple"
_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
_HASH = hash_password(PASSWORD)  # scrypt is slow on purpose: hash once per run


def csrf_token(client: FlaskClient, path: str) -> str:
    """Open a dashboard page and return the CSRF token of its first form."""
    page = client.get(path)
    found = _TOKEN.search(page.get_data(as_text=True))
    assert found, f"no CSRF token on {path} ({page.status_code})"
    return found.group(1)


def log_in(client: FlaskClient, email: str, password: str = PASSWORD, next_path: str = "") -> int:
    """Log in through the form, CSRF token included; return the response status."""
    token = csrf_token(client, "/dashboard/login")
    query = f"?next={next_path}" if next_path else ""
    response = client.post(
        f"/dashboard/login{query}",
        data={"email": email, "password": password, "csrf_token": token},
    )
    return response.status_code


@dataclass
class Staff:
    """Makes staff accounts with the test password, and logs a client in as one."""

    session: Session
    client: FlaskClient

    def make(self, role: StaffRole, **overrides: object) -> User:
        """Add an account with PASSWORD."""
        user = make_user(self.session, role=role, password_hash=_HASH, **overrides)
        self.session.commit()
        return user

    def log_in_as(self, role: StaffRole) -> User:
        """Add an account of ``role`` and log the client in as it."""
        user = self.make(role)
        assert log_in(self.client, user.email) == 302
        return user


@pytest.fixture
def staff(db_session: Session, client: FlaskClient) -> Staff:
    """Staff accounts in the test's database, and the logged-in client."""
    return Staff(db_session, client)


@pytest.fixture
def post_form(client: FlaskClient) -> Callable[..., object]:
    """POST a dashboard form with the CSRF token of the page it lives on."""

    def post(page: str, action: str, data: dict[str, str]) -> object:
        return client.post(action, data={**data, "csrf_token": csrf_token(client, page)})

    return post
