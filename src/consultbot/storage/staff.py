"""Staff accounts in the database: create, find, and keep the login bookkeeping."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from consultbot.storage.models import StaffRole, User


def get_user(session: Session, user_id: int) -> User | None:
    """Return the account with this id, if any."""
    return session.get(User, user_id)


def find_user(session: Session, email: str) -> User | None:
    """Return the account with this (normalised) email, if any."""
    return session.scalars(sa.select(User).where(User.email == email)).one_or_none()


def add_user(session: Session, email: str, password_hash: str, role: StaffRole) -> User:
    """Add an account; the caller checks the email is free and commits."""
    user = User(email=email, password_hash=password_hash, role=role)
    session.add(user)
    session.flush()
    return user


def list_users(session: Session) -> list[User]:
    """Every account, by email."""
    return list(session.scalars(sa.select(User).order_by(User.email)))


def record_failed_login(user: User) -> None:
    """Count a failed login (throttling is per address and account, in ``web.login_limits``)."""
    user.failed_logins += 1


def record_login(user: User, now: datetime) -> None:
    """Clear the failure count after a successful login."""
    user.failed_logins = 0
    user.last_login_at = now


def revoke_sessions(user: User) -> None:
    """End every dashboard session of the account, on every device; the caller commits."""
    user.session_version += 1
