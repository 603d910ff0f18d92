"""The engine, the sessions and the database checks, with messages that say what to fix."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy import pool
from sqlalchemy.engine import URL

from consultbot.errors import ConfigError, DatabaseUnavailableError
from consultbot.storage import db, migrations

MakeApp = Callable[..., Flask]


def test_sqlite_connections_enforce_foreign_keys_and_use_wal(tmp_path: Path) -> None:
    engine = db.create_engine(f"sqlite:///{tmp_path / 'app.sqlite3'}")
    try:
        with engine.connect() as connection:
            pragma = connection.exec_driver_sql
            assert pragma("PRAGMA foreign_keys").scalar() == 1
            assert pragma("PRAGMA journal_mode").scalar() == "wal"
            assert pragma("PRAGMA busy_timeout").scalar() == db.SQLITE_BUSY_TIMEOUT_MS
    finally:
        engine.dispose()


def test_sqlite_savepoints_roll_back_inside_a_transaction(tmp_path: Path) -> None:
    engine = db.create_engine(f"sqlite:///{tmp_path / 'app.sqlite3'}")
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("CREATE TABLE t (x INTEGER)")
            connection.exec_driver_sql("INSERT INTO t VALUES (1)")
            savepoint = connection.begin_nested()
            connection.exec_driver_sql("INSERT INTO t VALUES (2)")
            savepoint.rollback()
            assert connection.exec_driver_sql("SELECT count(*) FROM t").scalar() == 1
    finally:
        engine.dispose()


def _backend_pid(engine: sa.Engine) -> int:
    with engine.connect() as connection:
        return int(connection.exec_driver_sql("SELECT pg_backend_pid()").scalar_one())


def _terminate(server: URL, pid: int) -> None:
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    finally:
        admin.dispose()


def test_a_postgresql_connection_closed_while_idle_is_replaced_before_use(
    postgres_server_url: URL,
) -> None:
    engine = db.create_engine(postgres_server_url, ping_after_idle_seconds=0, pool_size=1)
    try:
        first = _backend_pid(engine)
        _terminate(postgres_server_url, first)  # as a server restart or a proxy timeout would
        assert _backend_pid(engine) != first
    finally:
        engine.dispose()


def test_a_postgresql_connection_used_a_moment_ago_is_not_pinged_again(
    postgres_server_url: URL,
) -> None:
    # The trade-off of pinging only idle connections: one closed within the idle threshold
    # fails the statement that finds it closed; the pool then starts over with new ones.
    engine = db.create_engine(postgres_server_url, ping_after_idle_seconds=3600, pool_size=1)
    try:
        _terminate(postgres_server_url, _backend_pid(engine))
        with pytest.raises(sa.exc.OperationalError) as caught:
            _backend_pid(engine)
        assert caught.value.connection_invalidated
        assert _backend_pid(engine) > 0
    finally:
        engine.dispose()


def test_a_missing_sqlite_folder_is_created(tmp_path: Path) -> None:
    engine = db.create_engine(f"sqlite:///{tmp_path / 'new' / 'folder' / 'app.sqlite3'}")
    engine.dispose()
    assert (tmp_path / "new" / "folder").is_dir()


def test_an_unwritable_sqlite_folder_is_named_with_what_to_do(tmp_path: Path) -> None:
    # Tests run as root, so permissions would not stop them: put the folder under a file.
    blocker = tmp_path / "afile"
    blocker.write_text("a file, not a folder")
    with pytest.raises(ConfigError) as caught:
        db.create_engine(f"sqlite:///{blocker / 'instance' / 'app.sqlite3'}")
    assert str(blocker / "instance") in caught.value.message
    assert "CONSULTBOT_INSTANCE_PATH or DATABASE_URL" in caught.value.message


def test_the_request_session_is_shared_and_closed_at_teardown(app: Flask) -> None:
    with app.app_context():
        session = db.get_session()
        assert db.get_session() is session
        session.execute(sa.text("SELECT 1"))
        assert session.in_transaction()
    assert not session.in_transaction()


def test_a_migrated_database_is_ready(app: Flask) -> None:
    migrations.check_database(app)


def test_a_missing_sqlite_file_is_reported_without_creating_it(
    make_app: MakeApp, tmp_path: Path
) -> None:
    path = tmp_path / "instance" / "consultbot.sqlite3"
    app = make_app()
    with pytest.raises(DatabaseUnavailableError) as caught:
        migrations.check_database(app)
    assert caught.value.message == (
        f"the SQLite database {path} does not exist yet: run `consultbot db upgrade`"
    )
    assert not path.exists()


def test_an_empty_database_says_to_run_the_migrations(
    make_app: MakeApp, empty_database_url: str
) -> None:
    engine = db.create_engine(empty_database_url, poolclass=pool.NullPool)
    with engine.begin() as connection:  # on SQLite, this creates the empty file
        connection.exec_driver_sql("SELECT 1")
    engine.dispose()
    app = make_app(DATABASE_URL=empty_database_url)
    with pytest.raises(DatabaseUnavailableError, match="has no tables yet: run `consultbot db"):
        migrations.check_database(app)


def test_a_database_from_newer_code_is_named(make_app: MakeApp, migrated_database_url: str) -> None:
    engine = db.create_engine(migrated_database_url, poolclass=pool.NullPool)
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '9999_future'")
    engine.dispose()
    app = make_app(DATABASE_URL=migrated_database_url)
    with pytest.raises(DatabaseUnavailableError, match="9999_future, which this version"):
        migrations.check_database(app)


def test_an_unreachable_server_is_named_without_the_password(make_app: MakeApp) -> None:
    app = make_app(DATABASE_URL="postgresql+psycopg://sales:hunter2@127.0.0.1:1/consultbot")
    with pytest.raises(DatabaseUnavailableError) as caught:
        migrations.check_database(app)
    message = caught.value.message
    assert message.startswith("cannot reach the PostgreSQL database 'consultbot' at 127.0.0.1:1")
    assert "check that the server is running" in message
    assert "hunter2" not in message


@pytest.mark.postgres
def test_a_missing_postgresql_database_says_how_to_create_it(
    postgres_server_url: URL,
) -> None:
    url = postgres_server_url.set(database="consultbot_no_such_database")
    with pytest.raises(DatabaseUnavailableError) as caught:
        migrations.migrate(url, "head")
    assert "'consultbot_no_such_database' at" in caught.value.message
    assert "does not exist: create it (for example `createdb" in caught.value.message


@pytest.mark.postgres
def test_wrong_credentials_name_the_user_not_the_password(postgres_server_url: URL) -> None:
    url = postgres_server_url.set(username="consultbot_nobody", password="hunter2")
    with pytest.raises(DatabaseUnavailableError) as caught:
        migrations.migrate(url, "head")
    message = caught.value.message
    assert "refused the login of user 'consultbot_nobody'" in message
    assert "check the user name and password in DATABASE_URL" in message
    assert "hunter2" not in message


def test_a_sqlite_file_that_is_not_a_database_is_reported(
    make_app: MakeApp, tmp_path: Path
) -> None:
    path = tmp_path / "garbage.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    app = make_app(DATABASE_URL=f"sqlite:///{path}")
    with pytest.raises(DatabaseUnavailableError, match=f"cannot use the SQLite database {path}"):
        migrations.check_database(app)


def test_the_test_app_refuses_connections_that_bypass_its_sessions(app: Flask) -> None:
    with pytest.raises(RuntimeError, match="shares the test's transaction"):
        db.get_engine(app).connect()


def test_a_folder_that_refuses_writes_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Root ignores permission bits, so stand in for a read-only folder at the file system call.
    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "touch", refuse)
    with pytest.raises(ConfigError) as caught:
        db.prepare_sqlite_folder(tmp_path / "consultbot.sqlite3")
    assert caught.value.message.startswith(
        f"the folder {tmp_path} for the SQLite database is not writable (Permission denied)"
    )
