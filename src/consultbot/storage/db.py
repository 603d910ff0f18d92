"""The database engine and sessions for the app.

Everything the app does with the database goes through the session factory stored in
``app.extensions["consultbot.db"]`` (``get_session`` in a request, ``open_session`` in a
command or the worker), so tests can bind it to one connection and roll it back. Migrations
are in ``storage/migrations.py``, database errors told to people in ``storage/db_errors.py``.
"""

from __future__ import annotations

import functools
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask, current_app, g
from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

from consultbot.errors import ConfigError

EXTENSION = "consultbot.db"
SQLITE_BUSY_TIMEOUT_MS = 30_000
POSTGRES_CONNECT_TIMEOUT_S = 5
# A pooled PostgreSQL connection idle for longer than this is pinged before use (a restarted
# server or a proxy's idle timeout closes it). One handed back to the pool a moment ago is
# used at once: pinging it too cost a round trip per checkout, two per visitor message.
PING_AFTER_IDLE_SECONDS = 2.0


@dataclass(frozen=True, slots=True)
class Database:
    """The app's engine and the session factory every request and command uses."""

    engine: Engine
    sessionmaker: sessionmaker[Session]


def init_app(app: Flask) -> None:
    """Create the engine and session factory for the app and close sessions after requests."""
    engine = create_engine(app.config["DATABASE_URL"])
    app.extensions[EXTENSION] = Database(engine, sessionmaker(engine, expire_on_commit=False))
    app.teardown_appcontext(close_session)


def create_engine(url: str | URL, *, foreign_keys: bool = True, **options: Any) -> Engine:
    """Build an engine; for SQLite, make sure the file's folder exists and can be written."""
    url = make_url(url)
    # Statement parameters are visitors' names and emails: never in an error message or log.
    options.setdefault("hide_parameters", True)
    if url.get_backend_name() != "sqlite":
        ping_after = options.pop("ping_after_idle_seconds", PING_AFTER_IDLE_SECONDS)
        engine = sa.create_engine(
            url, connect_args={"connect_timeout": POSTGRES_CONNECT_TIMEOUT_S}, **options
        )
        event.listen(engine.pool, "checkin", _note_checkin)
        event.listen(engine.pool, "checkout", functools.partial(_ping_if_idle, engine, ping_after))
        return engine
    prepare_sqlite_folder(Path(url.database or ""))
    engine = sa.create_engine(url, **options)
    event.listen(engine, "connect", functools.partial(_configure_sqlite, foreign_keys))
    event.listen(engine, "begin", _begin_immediate)
    return engine


def prepare_sqlite_folder(path: Path) -> None:
    """Create the SQLite file's folder, or raise ConfigError saying how to fix it."""
    folder = path.resolve().parent
    advice = (
        "make it a writable folder, or set CONSULTBOT_INSTANCE_PATH or DATABASE_URL "
        "to a writable place"
    )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ConfigError(
            f"cannot create the folder {folder} for the SQLite database "
            f"({error.strerror or error}): {advice}"
        ) from None
    probe = folder / ".consultbot-write-check"
    try:
        probe.touch()
        probe.unlink()
    except OSError as error:
        raise ConfigError(
            f"the folder {folder} for the SQLite database is not writable "
            f"({error.strerror or error}): {advice}"
        ) from None


def _note_checkin(_dbapi_connection: Any, record: Any) -> None:
    record.info["checked_in_at"] = time.monotonic()


def _ping_if_idle(
    engine: Engine, idle_seconds: float, dbapi_connection: Any, record: Any, _proxy: Any
) -> None:
    """Ping a connection that sat in the pool for a while; replace it if the server is gone.

    SQLAlchemy's ``pool_pre_ping`` pings on every checkout. This is its documented
    "pessimistic" recipe with an idle threshold: raising DisconnectionError makes the pool
    discard the connection and hand out a new one, so the request never sees the dead one.
    """
    checked_in = record.info.get("checked_in_at")
    if checked_in is None or time.monotonic() - checked_in < idle_seconds:
        return
    dialect = engine.dialect
    try:
        dialect.do_ping(dbapi_connection)
    except dialect.loaded_dbapi.Error as error:
        if dialect.is_disconnect(error, dbapi_connection, None):
            raise DisconnectionError() from error
        raise


def _configure_sqlite(foreign_keys: bool, dbapi_connection: sqlite3.Connection, _: Any) -> None:
    # pysqlite's own transaction handling breaks SAVEPOINT and hides BEGIN; switch it off and
    # let the "begin" event below start transactions (SQLAlchemy's documented workaround).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


def _begin_immediate(connection: Connection) -> None:
    # Take SQLite's write lock when a transaction starts: it plays the part of PostgreSQL's
    # row lock on the conversation, and waiting here (busy_timeout) cannot deadlock the way
    # upgrading a read transaction to a write one can. A connection in autocommit (the token
    # check's single read) starts no transaction and takes no lock.
    if connection.get_execution_options().get("isolation_level") == "AUTOCOMMIT":
        return
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def get_database(app: Flask) -> Database:
    """Return the app's engine and session factory."""
    database: Database = app.extensions[EXTENSION]
    return database


def get_engine(app: Flask) -> Engine:
    """Return the app's engine."""
    return get_database(app).engine


@contextmanager
def closing_engine(app: Flask) -> Iterator[None]:
    """Dispose the app's engine on the way out of a command, closing its pooled connections."""
    try:
        yield
    finally:
        get_engine(app).dispose()


def open_session(app: Flask) -> Session:
    """Open a session for a command or the worker; the caller commits and closes it."""
    return get_database(app).sessionmaker()


def get_session() -> Session:
    """Return the current request's session, opening it on first use."""
    if "db_session" not in g:
        g.db_session = open_session(current_app)
    session: Session = g.db_session
    return session


def close_session(_error: BaseException | None = None) -> None:
    """Close the request's session, rolling back anything not committed."""
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
