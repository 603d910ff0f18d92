"""Database failures are told to people: which database, why, what to do, never the password."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

from consultbot.errors import DatabaseUnavailableError
from consultbot.storage import db
from consultbot.storage.db_errors import (
    UPGRADE_HINT,
    describe_database,
    describe_database_error,
    describe_failures,
)
from tests.conftest import free_port


def failure_of(url: URL) -> SQLAlchemyError:
    """Return the real error connecting to ``url`` raises."""
    engine = db.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
    except SQLAlchemyError as error:
        return error
    finally:
        engine.dispose()
    raise AssertionError(f"connecting to {url} worked")


def test_a_database_is_named_by_its_file_or_its_name_host_and_port() -> None:
    assert describe_database(make_url("sqlite:////srv/c.sqlite3")) == (
        "the SQLite database /srv/c.sqlite3"
    )
    url = make_url("postgresql+psycopg://u:pw@db.internal/consultbot")
    assert describe_database(url) == "the PostgreSQL database 'consultbot' at db.internal:5432"
    assert "6543" in describe_database(url.set(port=6543))


def test_a_missing_postgres_database_says_how_to_create_it(postgres_server_url: URL) -> None:
    url = postgres_server_url.set(database="consultbot_no_such_database")
    message = describe_database_error(url, failure_of(url))
    assert message.startswith("the PostgreSQL database 'consultbot_no_such_database' at ")
    assert "does not exist: create it (for example `createdb -h" in message
    assert UPGRADE_HINT in message


def test_an_unknown_postgres_user_is_told_to_check_the_login(postgres_server_url: URL) -> None:
    url = postgres_server_url.set(username="consultbot_no_such_role", password="s3cret-pw")
    message = describe_database_error(url, failure_of(url))
    assert "refused the login of user 'consultbot_no_such_role'" in message
    assert "s3cret-pw" not in message


def test_a_server_that_does_not_answer_is_said_so() -> None:
    url = make_url(f"postgresql+psycopg://u:hunter2@127.0.0.1:{free_port()}/consultbot")
    message = describe_database_error(url, failure_of(url))
    assert message.startswith("cannot reach the PostgreSQL database 'consultbot' at 127.0.0.1:")
    assert "check that the server is running" in message
    assert "hunter2" not in message


def not_a_database(tmp_path: Path) -> URL:
    """The URL of a file that holds text, not a SQLite database."""
    path = tmp_path / "notes.sqlite3"
    path.write_text("these are my notes, not a database\n" * 200, encoding="utf-8")
    return make_url(f"sqlite:///{path}")


def test_a_sqlite_file_that_is_no_database_names_the_file(tmp_path: Path) -> None:
    url = not_a_database(tmp_path)
    message = describe_database_error(url, failure_of(url))
    assert message.startswith(f"cannot use the SQLite database {tmp_path}/notes.sqlite3: ")
    assert "file is not a database" in message
    assert "that the file is a consultbot database" in message


def test_the_password_is_masked_even_when_the_driver_repeats_it() -> None:
    url = make_url("postgresql+psycopg://ada:s3cret@db.internal/consultbot")
    error = OperationalError("connect", None, Exception("bad password s3cret\nsecond line"))
    message = describe_database_error(url, error)
    assert "s3cret" not in message and "***" in message
    assert "second line" not in message


def test_any_other_error_says_which_database_failed() -> None:
    url = make_url("postgresql+psycopg://ada@db.internal/consultbot")
    error = IntegrityError("INSERT", None, Exception("duplicate key"))
    assert describe_database_error(url, error) == (
        "the PostgreSQL database 'consultbot' at db.internal:5432 failed: duplicate key"
    )


def test_describe_failures_turns_driver_errors_into_one_error_for_people(tmp_path: Path) -> None:
    url = not_a_database(tmp_path)
    with pytest.raises(DatabaseUnavailableError, match="cannot use the SQLite") as caught:
        with describe_failures(url):
            failure_of_and_raise(url)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_describe_failures_lets_other_errors_through(tmp_path: Path) -> None:
    url = make_url(f"sqlite:///{tmp_path}/c.sqlite3")
    with pytest.raises(ValueError, match="not a database problem"):
        with describe_failures(url):
            raise ValueError("not a database problem")
    with describe_failures(url):
        pass  # nothing failed, nothing raised


def failure_of_and_raise(url: URL) -> None:
    raise failure_of(url)
