"""Staff accounts and login attempts: keys, defaults and the role's closed set, in the database."""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from consultbot.storage.models import LoginAttempt, StaffRole, utcnow
from tests.storage.factories import make_user
from tests.storage.models.conftest import assert_closed_set


def test_staff_emails_are_unique(db_session: Session) -> None:
    make_user(db_session, email="sales@example.com")
    with pytest.raises(IntegrityError):
        make_user(db_session, email="sales@example.com")


def test_a_new_account_is_active_signed_out_of_nothing_and_not_taking_chats(
    db_session: Session,
) -> None:
    user = make_user(db_session)
    db_session.expire_all()
    assert (user.active, user.failed_logins, user.session_version) == (True, 0, 0)
    assert (user.chat_available, user.chat_seen_at, user.last_login_at) == (False, None, None)
    assert abs(utcnow() - user.created_at) < timedelta(minutes=1)


def test_columns_added_later_have_defaults_in_the_database_itself(db_session: Session) -> None:
    db_session.execute(
        sa.text(
            "INSERT INTO users (email, password_hash, role, active, failed_logins, created_at) "
            "VALUES ('old@example.com', 'x', 'sales', true, 0, CURRENT_TIMESTAMP)"
        )
    )
    row = db_session.execute(
        sa.text("SELECT session_version, chat_available FROM users WHERE email = :e"),
        {"e": "old@example.com"},
    ).one()
    assert (row[0], bool(row[1])) == (0, False)


@pytest.mark.parametrize(("table", "column", "enum"), [("users", "role", StaffRole)])
def test_closed_sets_refuse_unknown_values_in_the_database(
    db_session: Session, table: str, column: str, enum: type[StrEnum]
) -> None:
    make_user(db_session)
    assert_closed_set(db_session, table, column, enum)


def test_a_login_attempt_without_an_email_is_stored_with_an_empty_one(
    db_session: Session,
) -> None:
    attempt = LoginAttempt(address="203.0.113.7", at=utcnow())
    db_session.add(attempt)
    db_session.flush()
    db_session.expire_all()
    assert attempt.email == ""


def test_a_login_attempt_needs_its_time(db_session: Session) -> None:
    db_session.add(LoginAttempt(address="203.0.113.7", email="a@example.com"))
    with pytest.raises(IntegrityError):
        db_session.flush()
