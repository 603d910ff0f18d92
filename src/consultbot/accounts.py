"""Staff accounts: password hashing, and the password and email rules.

Pure policy; the dashboard and the ``consultbot users`` command share it. Passwords are hashed
with werkzeug's scrypt; only the hash is stored.
"""

from __future__ import annotations

import functools
import re

from werkzeug.security import check_password_hash, generate_password_hash

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 256
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def hash_password(password: str) -> str:
    """Return the stored form of a password."""
    return generate_password_hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password against a stored hash; with no hash, spend the same time and refuse."""
    if password_hash is None:
        check_password_hash(_dummy_hash(), password)
        return False
    return check_password_hash(password_hash, password)


@functools.cache
def _dummy_hash() -> str:
    """A hash compared against when the email is unknown, so both cases take the same time.

    Made on first use: scrypt is slow on purpose, and no command should pay for it at import.
    """
    return generate_password_hash("not-a-real-password-at-all")


def password_problem(password: str) -> str | None:
    """Say what is wrong with a new password, or None when it is acceptable."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"use at least {MIN_PASSWORD_LENGTH} characters"
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"use at most {MAX_PASSWORD_LENGTH} characters"
    if not password.strip():
        return "use something other than spaces"
    return None


def normalise_email(email: str) -> str:
    """Return the form an email is stored and looked up in."""
    return email.strip().lower()


def email_problem(email: str) -> str | None:
    """Say what is wrong with an email address, or None when it looks like one."""
    if len(email) > 254 or not EMAIL_PATTERN.match(email):
        return "enter an email address like name@example.com"
    return None
