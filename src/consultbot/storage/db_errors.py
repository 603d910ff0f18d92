"""Database failures told to people: which database, why, and what to do (never the password)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.engine import URL
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from consultbot.errors import DatabaseUnavailableError

UPGRADE_HINT = "run `consultbot db upgrade`"


@contextmanager
def describe_failures(url: URL) -> Iterator[None]:
    """Turn a driver error into DatabaseUnavailableError naming the server, never the password."""
    try:
        yield
    except SQLAlchemyError as error:
        raise DatabaseUnavailableError(describe_database_error(url, error)) from None


def describe_database(url: URL) -> str:
    """Name a database for people: its file, or its name, host and port (never the password)."""
    if url.get_backend_name() == "sqlite":
        return f"the SQLite database {url.database}"
    return f"the PostgreSQL database {url.database!r} at {url.host}:{url.port or 5432}"


def describe_database_error(url: URL, error: SQLAlchemyError) -> str:
    """Say, in one line, which database failed, why, and what to do about it."""
    lines = str(getattr(error, "orig", None) or error).strip().splitlines()
    reason = lines[0].strip() if lines else type(error).__name__
    if url.password:
        reason = reason.replace(str(url.password), "***")
    where = describe_database(url)
    if url.get_backend_name() == "sqlite":
        return (
            f"cannot use {where}: {reason}. Check DATABASE_URL, that the file is a "
            "consultbot database and that its folder is writable"
        )
    server = f"PostgreSQL at {url.host}:{url.port or 5432}"
    if "does not exist" in reason and f'database "{url.database}"' in reason:
        return (
            f"{where} does not exist: create it (for example `createdb -h {url.host} "
            f"-p {url.port or 5432} -U {url.username} {url.database}`) and {UPGRADE_HINT}, "
            "or fix the database name in DATABASE_URL"
        )
    if "password authentication failed" in reason or (
        "role" in reason and "does not exist" in reason
    ):
        return (
            f"{server} refused the login of user {url.username!r} ({reason}): check the user "
            "name and password in DATABASE_URL"
        )
    if isinstance(error, OperationalError):
        return (
            f"cannot reach {where} ({reason}): check that the server is running and that "
            "DATABASE_URL names the right host and port"
        )
    return f"{where} failed: {reason}"
