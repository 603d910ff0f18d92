"""Login attempts: written down, read back per address (and email), struck out, forgotten."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from consultbot.storage.login_attempts import (
    add_attempt,
    attempt_times,
    forget_attempts_before,
    strike_out,
)
from consultbot.storage.models import LoginAttempt, utcnow

OFFICE = "203.0.113.7"
ELSEWHERE = "198.51.100.20"


def minutes_ago(now: datetime, *minutes: int) -> list[datetime]:
    return [now - timedelta(minutes=m) for m in minutes]


def test_attempts_from_an_address_are_read_oldest_first(db_session: Session) -> None:
    now = utcnow()
    for at in minutes_ago(now, 1, 5, 3):
        add_attempt(db_session, OFFICE, "ada@example.com", at)
    add_attempt(db_session, ELSEWHERE, "ada@example.com", now)
    times = attempt_times(db_session, OFFICE, None, now - timedelta(hours=1), besides=0)
    assert times == minutes_ago(now, 5, 3, 1)


def test_only_attempts_since_the_window_began_count(db_session: Session) -> None:
    now = utcnow()
    for at in minutes_ago(now, 2, 20, 61):
        add_attempt(db_session, OFFICE, "ada@example.com", at)
    times = attempt_times(db_session, OFFICE, None, now - timedelta(minutes=20), besides=0)
    assert times == minutes_ago(now, 20, 2)


def test_an_email_narrows_the_attempts_to_those_naming_it(db_session: Session) -> None:
    now = utcnow()
    add_attempt(db_session, OFFICE, "ada@example.com", now - timedelta(minutes=2))
    add_attempt(db_session, OFFICE, "bo@example.com", now - timedelta(minutes=1))
    since = now - timedelta(hours=1)
    assert attempt_times(db_session, OFFICE, "ada@example.com", since, besides=0) == [
        now - timedelta(minutes=2)
    ]
    assert len(attempt_times(db_session, OFFICE, None, since, besides=0)) == 2


def test_the_attempt_being_decided_is_left_out(db_session: Session) -> None:
    now = utcnow()
    earlier = add_attempt(db_session, OFFICE, "ada@example.com", now - timedelta(minutes=1))
    current = add_attempt(db_session, OFFICE, "ada@example.com", now)
    assert current != earlier
    since = now - timedelta(hours=1)
    assert attempt_times(db_session, OFFICE, None, since, besides=current) == [
        now - timedelta(minutes=1)
    ]


def test_a_struck_out_attempt_no_longer_counts(db_session: Session) -> None:
    now = utcnow()
    kept = add_attempt(db_session, OFFICE, "ada@example.com", now - timedelta(minutes=1))
    succeeded = add_attempt(db_session, OFFICE, "ada@example.com", now)
    strike_out(db_session, succeeded)
    assert db_session.scalars(sa.select(LoginAttempt.id)).all() == [kept]


def test_attempts_older_than_every_window_are_forgotten(db_session: Session) -> None:
    now = utcnow()
    for at in minutes_ago(now, 1, 59, 61, 600):
        add_attempt(db_session, OFFICE, "ada@example.com", at)
    forget_attempts_before(db_session, now - timedelta(hours=1))
    kept = db_session.scalars(sa.select(LoginAttempt.at).order_by(LoginAttempt.at)).all()
    assert kept == minutes_ago(now, 59, 1)
