"""Dashboard login attempts: write one down, read the recent ones, strike out, forget old ones.

The policy (which limits, what a refusal says) is ``web.login_limits``; these functions take
the session first and never commit.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from consultbot.storage.models import LoginAttempt


def add_attempt(session: Session, address: str, email: str, now: datetime) -> int:
    """Write down an attempt from ``address`` naming ``email``; return its id."""
    attempt = LoginAttempt(address=address, email=email, at=now)
    session.add(attempt)
    session.flush()
    return attempt.id


def attempt_times(
    session: Session, address: str, email: str | None, since: datetime, besides: int
) -> list[datetime]:
    """When the attempts from ``address`` (naming ``email``, unless None) since ``since`` were
    made, oldest first, leaving out the attempt ``besides`` (the one being decided)."""
    query = sa.select(LoginAttempt.at).where(
        LoginAttempt.address == address, LoginAttempt.at >= since, LoginAttempt.id != besides
    )
    if email is not None:
        query = query.where(LoginAttempt.email == email)
    return list(session.scalars(query.order_by(LoginAttempt.at)))


def strike_out(session: Session, attempt_id: int) -> None:
    """Delete an attempt that succeeded (or was refused): only failures count."""
    session.execute(sa.delete(LoginAttempt).where(LoginAttempt.id == attempt_id))


def forget_attempts_before(session: Session, before: datetime) -> None:
    """Delete the attempts older than every limit's window."""
    session.execute(sa.delete(LoginAttempt).where(LoginAttempt.at < before))
