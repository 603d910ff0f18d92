"""The database engine and sessions for the app, its migrations, and the checks behind /readyz.

Everything the app does with the database goes through the session factory stored in
``app.extensions["consultbot.db"]`` (``get_session`` in a request, ``open_session`` in a
command or the worker), so tests can bind it to one connection and roll it back.
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
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask, current_app, g
from sqlalchemy import event, pool
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import DisconnectionError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from consultbot.errors import ConfigError, DatabaseUnavailableError
from consultbot.resources import migrations_dir
from consultbot.storage.models import Base

EXTENSION = "consultbot.db"
UPGRADE_HINT = "run `consultbot db upgrade`"
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
    # upgrading a read transaction to a write one can.
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


def alembic_config(url: str | URL | None = None) -> AlembicConfig:
    """Build the Alembic configuration for the shipped migrations, with no alembic.ini to edit."""
    config = AlembicConfig()
    config.set_main_option("script_location", str(migrations_dir()))
    if url is not None:
        rendered = make_url(url).render_as_string(hide_password=False)
        config.set_main_option("sqlalchemy.url", rendered.replace("%", "%%"))
    return config


def _scripts() -> ScriptDirectory:
    return _read_scripts(str(migrations_dir()))


@functools.cache
def _read_scripts(directory: str) -> ScriptDirectory:
    # Parsing every migration file on each /readyz would be wasted work; they never change
    # while the process runs.
    return ScriptDirectory(directory)


def head_revision() -> str | None:
    """Return the newest migration's revision id."""
    return _scripts().get_current_head()


def current_revision(engine: Engine) -> str | None:
    """Return the revision the database is at (None for an empty database)."""
    _require_sqlite_file(engine.url)
    with describe_failures(engine.url), engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def check_database(app: Flask) -> None:
    """Raise DatabaseUnavailableError unless the database answers and is fully migrated."""
    database = get_database(app)
    _require_sqlite_file(database.engine.url)
    with describe_failures(database.engine.url), database.sessionmaker() as session:
        current = MigrationContext.configure(session.connection()).get_current_revision()
    head = head_revision()
    if current == head:
        return
    if current is None:
        raise DatabaseUnavailableError(
            f"{describe_database(database.engine.url)} has no tables yet: {UPGRADE_HINT}"
        )
    known = {script.revision for script in _scripts().walk_revisions()}
    if current not in known:
        raise DatabaseUnavailableError(
            f"{describe_database(database.engine.url)} is at revision {current}, which this "
            f"version of consultbot does not know (newest here: {head}): deploy the code "
            "that migrated it, or restore a matching backup"
        )
    raise DatabaseUnavailableError(
        f"{describe_database(database.engine.url)} is at revision {current} but the code "
        f"needs {head}: {UPGRADE_HINT}"
    )


def upgrade_database(app: Flask, revision: str = "head") -> None:
    """Apply the migrations up to ``revision``, creating a SQLite file if needed."""
    migrate(app.config["DATABASE_URL"], revision)


def migrate(url: str | URL, revision: str, *, downgrade: bool = False) -> None:
    """Upgrade (or downgrade) the database at ``url`` to ``revision`` in one transaction.

    On SQLite, foreign keys are off while migrating: batch operations copy and drop tables,
    and dropping a parent with foreign keys on would cascade into its children's rows. Any
    violation a migration leaves behind aborts it instead.
    """
    url = make_url(url)
    engine = create_engine(url, foreign_keys=False, poolclass=pool.NullPool)
    config = alembic_config(url)
    try:
        with describe_failures(url), engine.begin() as connection:
            config.attributes["connection"] = connection
            if downgrade:
                command.downgrade(config, revision)
            else:
                command.upgrade(config, revision)
            if url.get_backend_name() == "sqlite":
                _check_foreign_keys(connection)
    finally:
        engine.dispose()


def schema_differences(url: str | URL) -> list[Any]:
    """Return what autogenerate finds between the models and the database at ``url``."""
    url = make_url(url)
    _require_sqlite_file(url)
    engine = create_engine(url, poolclass=pool.NullPool)
    try:
        with describe_failures(url), engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "target_metadata": Base.metadata}
            )
            return list(compare_metadata(context, Base.metadata))
    finally:
        engine.dispose()


def describe_difference(difference: Any) -> str:
    """Render one autogenerate difference as ``operation table.column`` for people."""
    if isinstance(difference, list):
        return "; ".join(describe_difference(item) for item in difference)
    operation = difference[0]
    if operation.startswith("modify_"):
        _, _schema, table, column, _info, old, new = difference
        return f"{operation} {table}.{column}: {old!r} -> {new!r}"
    target = difference[-1]
    if isinstance(target, sa.Column):
        return f"{operation} {target.table.name}.{target.name}"
    return f"{operation} {getattr(target, 'name', None) or target}"


def _check_foreign_keys(connection: Connection) -> None:
    problems = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    if problems:
        tables = ", ".join(sorted({str(row[0]) for row in problems}))
        raise DatabaseUnavailableError(
            f"the migration left rows pointing at missing parents in {tables}; nothing was changed"
        )


def _require_sqlite_file(url: URL) -> None:
    # Connecting would create an empty file and hide that the database was never set up.
    if url.get_backend_name() == "sqlite" and not Path(url.database or "").exists():
        raise DatabaseUnavailableError(
            f"the SQLite database {url.database} does not exist yet: {UPGRADE_HINT}"
        )


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
