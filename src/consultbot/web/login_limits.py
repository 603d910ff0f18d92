"""Failed dashboard logins, limited through the database: every worker and host shares them.

Flask-Limiter counts in each process's memory unless REDIS_URL is set, so with N gunicorn
workers "5 failed logins a minute" let through up to 5 x N password guesses. Logins are few,
so each attempt is written down (and committed) before its password is checked, and the limits
are checked against the attempts every worker committed: of many sent at once, no more than a
limit get through (some more may be refused, and only the sender's own). An attempt that logs
in is struck out again, as is one refused, so what counts are failures: a wrong password or a
form that does not validate.

Two limits, from ``config``: RATE_LIMIT_LOGINS per client address, and
RATE_LIMIT_LOGIN_FAILURES per client address and the email typed in, known to us or not (the
answers never tell which staff emails exist, and nobody elsewhere can lock its owner out).
``CONSULTBOT_RATE_LIMITS=0`` switches them off with the others.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import current_app, request
from flask_limiter.util import get_remote_address
from sqlalchemy.orm import Session

from consultbot.accounts import normalise_email
from consultbot.storage import login_attempts
from consultbot.storage.db import get_session

_UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
_LIMIT = re.compile(r"\s*(\d+)\s*/\s*(second|minute|hour|day)\s*")


@dataclass(frozen=True, slots=True)
class Window:
    """At most ``amount`` failures in any ``length`` of time."""

    amount: int
    length: timedelta


class LoginsRefused(Exception):
    """Over a failed-login limit: try again in ``wait`` seconds."""

    def __init__(self, wait: int) -> None:
        super().__init__(f"too many failed logins; try again in {wait} s")
        self.wait = wait


def parse_limits(spec: str) -> list[Window]:
    """Read a limit setting such as ``5/minute;20/hour`` (checked by ``config`` already)."""
    windows = []
    for part in spec.split(";"):
        found = _LIMIT.fullmatch(part)
        if found is None:
            raise ValueError(f"{spec!r} is not a limit like '5/minute;20/hour'")
        windows.append(Window(int(found[1]), timedelta(seconds=_UNITS[found[2]])))
    return windows


def begin_attempt() -> int | None:
    """Write down this login attempt and return its id, or raise LoginsRefused when over a
    limit (the attempt is then struck out). None when rate limits are off.

    The caller strikes the attempt out (``succeeded``) when the login works.
    """
    config = current_app.config
    if not config["RATE_LIMITS"]:
        return None
    per_address = parse_limits(config["RATE_LIMIT_LOGINS"])
    per_account = parse_limits(config["RATE_LIMIT_LOGIN_FAILURES"])
    address = get_remote_address()[:64]
    email = normalise_email(request.form.get("email", "", type=str))[:254]
    now = datetime.now(UTC)
    session = get_session()
    longest = max(window.length for window in (*per_address, *per_account))
    login_attempts.forget_attempts_before(session, now - longest)
    attempt = login_attempts.add_attempt(session, address, email, now)
    session.commit()  # seen by every worker before any of them decides
    waits = [
        _wait(session, address, None, per_address, attempt, now),
        _wait(session, address, email, per_account, attempt, now),
    ]
    refused = [wait for wait in waits if wait is not None]
    if refused:
        login_attempts.strike_out(session, attempt)
    session.commit()  # ends the reads' transaction before the slow password check
    if refused:
        raise LoginsRefused(max(refused))
    return attempt


def succeeded(attempt: int | None) -> None:
    """Strike out the attempt of a login that worked; the caller commits with the login."""
    if attempt is not None:
        login_attempts.strike_out(get_session(), attempt)


def _wait(
    session: Session,
    address: str,
    email: str | None,
    windows: Sequence[Window],
    attempt: int,
    now: datetime,
) -> int | None:
    """Seconds until the attempts before this one are under every window's amount again, or
    None when they are under already."""
    longest = max(window.length for window in windows)
    times = login_attempts.attempt_times(session, address, email, now - longest, attempt)
    waits = []
    for window in windows:
        recent = [at for at in times if at >= now - window.length]
        if len(recent) < window.amount:
            continue
        # The attempt that must leave the window for this one to fit in it.
        leaves = recent[len(recent) - window.amount] if window.amount else now
        waits.append(max(1, math.ceil((leaves + window.length - now).total_seconds())))
    return max(waits) if waits else None
