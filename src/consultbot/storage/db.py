"""The database engine and sessions for the app, and the checks behind /readyz and the CLI."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask, current_app, g
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from consultbot.config import MIGRATIONS_DIR
from consultbot.errors import ConfigError, DatabaseUnavailableError

EXTENSION = "consultbot.db"


def init_app(app: Flask) -> None:
    """Create the engine and session factory for the app and close sessions after requests."""
    engine = create_engine(app.config["DATABASE_URL"])
    app.extensions[EXTENSION] = sessionmaker(engine, expire_on_commit=False)
    app.teardown_appcontext(close_session)


def create_engine(url: str) -> Engine:
    """Build an engine; for SQLite, make sure the file's folder exists and can be written."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        _prepare_sqlite_folder(Path(parsed.database or ""))
        engine = sa.create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _configure_sqlite)
        # Let SQLAlchemy, not pysqlite, open transactions, so SAVEPOINT and BEGIN work.
        event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE"))
        return engine
    return sa.create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 5})


def _prepare_sqlite_folder(path: Path) -> None:
    folder = path.resolve().parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ConfigError(
            f"cannot create the folder {folder} for the SQLite database ({error.strerror}): "
            "create it, make it writable, or set CONSULTBOT_INSTANCE_PATH or DATABASE_URL "
            "to a writable place"
        ) from None
    if not _is_writable(folder):
        raise ConfigError(
            f"the folder {folder} for the SQLite database is not writable: make it writable, "
            "or set CONSULTBOT_INSTANCE_PATH or DATABASE_URL to a writable place"
        )


def _is_writable(folder: Path) -> bool:
    probe = folder / ".consultbot-write-check"
    try:
        probe.touch()
        probe.unlink()
    except OSError:
        return False
    return True


def _configure_sqlite(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA busy_timeout = 30000")
    cursor.close()


def get_session() -> Session:
    """Return the current request's session, opening it on first use."""
    if "db_session" not in g:
        g.db_session = current_app.extensions[EXTENSION]()
    return g.db_session


def close_session(_error: BaseException | None = None) -> None:
    """Close the request's session, rolling back anything not committed."""
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


def get_engine(app: Flask) -> Engine:
    """Return the app's engine."""
    return app.extensions[EXTENSION].kw["bind"]


def alembic_config(url: str) -> AlembicConfig:
    """Build the Alembic configuration for a database URL, without an alembic.ini to edit."""
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def head_revision() -> str | None:
    """Return the newest migration's revision id."""
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """Return the revision the database is at (None for an empty database)."""
    with describe_failures(engine), engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def check_database(app: Flask) -> None:
    """Raise DatabaseUnavailableError unless the database answers and is fully migrated."""
    engine = get_engine(app)
    current = current_revision(engine)
    if current != head_revision():
        raise DatabaseUnavailableError(
            f"the database schema is at revision {current or 'none (empty database)'} but the "
            f"code needs {head_revision()}: run `consultbot db upgrade`"
        )


def upgrade_database(app: Flask, revision: str = "head") -> None:
    """Apply migrations up to the given revision."""
    from alembic import command

    engine = get_engine(app)
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with describe_failures(engine), engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


@contextmanager
def describe_failures(engine: Engine) -> Iterator[None]:
    """Turn a driver error into DatabaseUnavailableError naming the server, never the password."""
    try:
        yield
    except SQLAlchemyError as error:
        raise DatabaseUnavailableError(describe_database_error(engine, error)) from None


def describe_database_error(engine: Engine, error: SQLAlchemyError) -> str:
    """Say, in one line, which database failed and why."""
    url = engine.url
    where = (
        f"the SQLite database {url.database}"
        if url.get_backend_name() == "sqlite"
        else f"the PostgreSQL database {url.database!r} at {url.host}:{url.port or 5432}"
    )
    detail = str(getattr(error, "orig", error)).strip().splitlines()
    reason = detail[0] if detail else type(error).__name__
    if isinstance(error, OperationalError):
        return f"cannot reach {where}: {reason}. Check DATABASE_URL and that the server is running"
    return f"{where} failed: {reason}"
