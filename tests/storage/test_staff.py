"""Staff accounts: found by id or email, listed by email, and their login bookkeeping."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from consultbot.storage import staff
from consultbot.storage.models import StaffRole


def test_an_added_account_is_found_by_id_and_by_email(db_session: Session) -> None:
    user = staff.add_user(db_session, "ada@example.com", "hash", StaffRole.ADMIN)
    assert user.id is not None
    assert staff.get_user(db_session, user.id) is user
    assert staff.find_user(db_session, "ada@example.com") is user
    assert (user.role, user.failed_logins, user.last_login_at) == (StaffRole.ADMIN, 0, None)


def test_an_unknown_id_or_email_finds_no_account(db_session: Session) -> None:
    user = staff.add_user(db_session, "ada@example.com", "hash", StaffRole.SALES)
    assert staff.get_user(db_session, user.id + 1000) is None
    assert staff.find_user(db_session, "grace@example.com") is None
    # Emails are normalised before they get here: the lookup itself is exact.
    assert staff.find_user(db_session, "ADA@example.com") is None


def test_a_second_account_with_one_email_is_refused(db_session: Session) -> None:
    staff.add_user(db_session, "ada@example.com", "hash", StaffRole.SALES)
    with pytest.raises(sa.exc.IntegrityError), db_session.begin_nested():
        staff.add_user(db_session, "ada@example.com", "other", StaffRole.ADMIN)


def test_accounts_are_listed_by_email(db_session: Session) -> None:
    for email in ("grace@example.com", "ada@example.com", "linus@example.com"):
        staff.add_user(db_session, email, "hash", StaffRole.SALES)
    assert [u.email for u in staff.list_users(db_session)] == [
        "ada@example.com",
        "grace@example.com",
        "linus@example.com",
    ]


def test_failed_logins_are_counted_until_a_login_succeeds(db_session: Session) -> None:
    user = staff.add_user(db_session, "ada@example.com", "hash", StaffRole.SALES)
    staff.record_failed_login(user)
    staff.record_failed_login(user)
    db_session.flush()
    assert user.failed_logins == 2
    now = datetime(2026, 1, 1, tzinfo=UTC)
    staff.record_login(user, now)
    db_session.flush()
    db_session.expire(user)
    assert (user.failed_logins, user.last_login_at) == (0, now)


def test_revoking_sessions_moves_the_session_version_on(db_session: Session) -> None:
    user = staff.add_user(db_session, "ada@example.com", "hash", StaffRole.SALES)
    db_session.flush()
    before = user.session_version
    staff.revoke_sessions(user)
    staff.revoke_sessions(user)
    db_session.flush()
    db_session.expire(user)
    assert user.session_version == before + 2
