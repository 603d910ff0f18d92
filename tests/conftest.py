"""Shared fixtures: databases on SQLite and PostgreSQL, the app, its client and the CLI runner.

Asking for ``database_url``, ``db_session``, ``app`` or ``client`` parametrises a test over the
backends: ``[sqlite]`` always, ``[postgresql]`` (marked ``postgres``) when
CONSULTBOT_TEST_DATABASE_URL names a server. Each backend gets its own database for the run,
migrated once with ``alembic upgrade head``. PostgreSQL databases are created under a random
``consultbot_test_<hex>`` prefix and dropped at the end, so runs never collide.

- ``db_session`` runs inside a transaction that is rolled back after the test; its commits,
  and the commits of ``app``'s requests, are savepoints inside it. ``app`` shares the test's
  connection, so ``client`` requests and ``db_session`` see each other's writes. App code must
  therefore use the session factory (``get_session``/``open_session``), never the engine.
- ``migrated_database_url`` / ``empty_database_url`` give a test its own database, for real
  commits: migrations, CLI commands, several connections at once.
- ``make_app(**settings)`` builds an app with other settings (not bound to the transaction).
- ``runner.invoke([...], env={...})`` runs the ``consultbot`` command.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn, Protocol

import pytest
import sqlalchemy as sa
from click.testing import CliRunner, Result
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from consultbot import create_app
from consultbot.cli import main
from consultbot.knowledge.loader import load_knowledge
from consultbot.knowledge.schema import KnowledgeBase
from consultbot.matching.compile import compile_index
from consultbot.matching.index import MatcherIndex
from consultbot.resources import example_knowledge_dir
from consultbot.storage import db, db_errors, migrations

TEST_DATABASE_ENV = "CONSULTBOT_TEST_DATABASE_URL"
REQUIRE_POSTGRES_ENV = "CONSULTBOT_REQUIRE_POSTGRES"
EXAMPLE_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
TEST_SECRET_KEY = "test-secret-key-not-for-production"
SETTINGS_VARIABLES = ("DATABASE_URL", "SECRET_KEY", "LOG_LEVEL", "REDIS_URL")
BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
]

_postgres_skipped: list[str] = []


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say plainly when the PostgreSQL half of the database tests did not run."""
    if _postgres_skipped:
        terminalreporter.write_sep(
            "=",
            f"PostgreSQL half SKIPPED: {_postgres_skipped[0]}; "
            f"set {TEST_DATABASE_ENV}={EXAMPLE_URL} (a running server) to run it",
            yellow=True,
            bold=True,
        )


@pytest.fixture(autouse=True)
def isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Keep the developer's settings out of tests; default the instance folder to tmp_path."""
    for name in list(os.environ):
        if name.startswith("CONSULTBOT_") and name not in (
            TEST_DATABASE_ENV,
            REQUIRE_POSTGRES_ENV,
        ):
            monkeypatch.delenv(name)
    for name in SETTINGS_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CONSULTBOT_INSTANCE_PATH", str(tmp_path / "instance"))


def free_port() -> int:
    """Return a TCP port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def skip_or_fail(reason: str) -> NoReturn:
    """Skip the PostgreSQL half, or fail the test when CI requires it."""
    if os.environ.get(REQUIRE_POSTGRES_ENV) == "1":
        pytest.fail(f"{REQUIRE_POSTGRES_ENV}=1 but {reason}", pytrace=False)
    if not _postgres_skipped:
        _postgres_skipped.append(reason)
    pytest.skip(f"PostgreSQL half skipped: {reason}")


@pytest.fixture(scope="session")
def postgres_server_url() -> URL:
    """The PostgreSQL server named by CONSULTBOT_TEST_DATABASE_URL, checked to answer."""
    raw = os.environ.get(TEST_DATABASE_ENV, "").strip()
    if not raw:
        skip_or_fail(f"{TEST_DATABASE_ENV} is not set")
    url = make_url(raw)
    if url.drivername in ("postgres", "postgresql"):
        url = url.set(drivername="postgresql+psycopg")
    engine = db.create_engine(url, poolclass=sa.pool.NullPool)
    problem = None
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
    except SQLAlchemyError as error:
        problem = db_errors.describe_database_error(url, error)
    finally:
        engine.dispose()
    if problem is not None:
        skip_or_fail(f"{TEST_DATABASE_ENV} names a server that does not answer: {problem}")
    return url


class Databases(Protocol):
    """Creates and drops the databases of one backend for a test run."""

    def create_empty(self) -> str:
        """Return the URL of a new database with no tables."""
        ...

    def create_migrated(self) -> str:
        """Return the URL of a new database at the newest revision."""
        ...

    def drop(self, url: str) -> None:
        """Remove a database this object created."""
        ...

    def close(self) -> None:
        """Remove every database still left."""
        ...


@dataclass
class SQLiteDatabases:
    """SQLite files in a temporary folder; migrated ones are copies of one migrated file."""

    folder: Path
    count: int = 0
    template: Path | None = None

    def _next_path(self) -> Path:
        self.count += 1
        return self.folder / f"consultbot-{self.count}.sqlite3"

    def create_empty(self) -> str:
        """Return the URL of a SQLite file that does not exist yet."""
        return f"sqlite:///{self._next_path()}"

    def create_migrated(self) -> str:
        """Return the URL of a copy of the migrated template file."""
        if self.template is None:
            template = self.folder / "template.sqlite3"
            migrations.migrate(f"sqlite:///{template}", "head")
            self.template = template
        path = self._next_path()
        shutil.copyfile(self.template, path)
        return f"sqlite:///{path}"

    def drop(self, url: str) -> None:
        """Delete the file and its WAL companions."""
        path = Path(make_url(url).database or "")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)

    def close(self) -> None:
        """Leave the folder to pytest's tmp_path cleanup."""


@dataclass
class PostgresDatabases:
    """Databases named ``consultbot_test_<hex>_<n>``; migrated ones are cloned from a template."""

    server: URL
    prefix: str = field(default_factory=lambda: f"consultbot_test_{secrets.token_hex(4)}")
    created: list[str] = field(default_factory=list)
    template: str | None = None

    def __post_init__(self) -> None:
        self.admin = sa.create_engine(
            self.server, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool
        )

    def _create(self, template: str | None = None) -> str:
        name = f"{self.prefix}_{len(self.created) + 1}"
        clause = f' TEMPLATE "{template}"' if template else ""
        with self.admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"{clause}')
        self.created.append(name)
        return self.server.set(database=name).render_as_string(hide_password=False)

    def create_empty(self) -> str:
        """Return the URL of a new, empty database."""
        return self._create()

    def create_migrated(self) -> str:
        """Return the URL of a new database cloned from the migrated template."""
        if self.template is None:
            url = self._create()
            migrations.migrate(url, "head")
            self.template = make_url(url).database
        return self._create(template=self.template)

    def drop(self, url: str) -> None:
        """Drop the database, disconnecting anyone still on it."""
        name = make_url(url).database
        with self.admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if name in self.created:
            self.created.remove(name)

    def close(self) -> None:
        """Drop every database of this run."""
        for name in list(reversed(self.created)):
            self.drop(self.server.set(database=name).render_as_string(hide_password=False))
        self.admin.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def database_backend(request: pytest.FixtureRequest) -> str:
    """The backend a database test runs on: ``sqlite`` or ``postgresql``."""
    return str(request.param)


@pytest.fixture(scope="session")
def databases(
    database_backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Databases]:
    """The database factory of the backend, cleaned up at the end of the run."""
    factory: Databases
    if database_backend == "sqlite":
        factory = SQLiteDatabases(tmp_path_factory.mktemp("databases"))
    else:
        factory = PostgresDatabases(request.getfixturevalue("postgres_server_url"))
    try:
        yield factory
    finally:
        factory.close()


@pytest.fixture(scope="session")
def database_url(databases: Databases) -> str:
    """The run's database on this backend, migrated once with ``alembic upgrade head``."""
    return databases.create_migrated()


@pytest.fixture
def migrated_database_url(databases: Databases) -> Iterator[str]:
    """A database of the test's own at the newest revision, dropped afterwards."""
    url = databases.create_migrated()
    yield url
    databases.drop(url)


@pytest.fixture
def empty_database_url(databases: Databases) -> Iterator[str]:
    """A database of the test's own with no tables (on SQLite, no file yet)."""
    url = databases.create_empty()
    yield url
    databases.drop(url)


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    """An engine on the run's database."""
    engine = db.create_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def db_connection(engine: Engine) -> Iterator[Connection]:
    """A connection inside a transaction that is rolled back after the test."""
    with engine.connect() as connection:
        transaction = connection.begin()
        try:
            yield connection
        finally:
            if transaction.is_active:
                transaction.rollback()


def savepoint_sessions(connection: Connection) -> sessionmaker[Session]:
    """Return a session factory whose commits are savepoints in the connection's transaction."""
    return sessionmaker(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )


@pytest.fixture
def db_session(db_connection: Connection) -> Iterator[Session]:
    """A session whose work, committed or not, is rolled back after the test."""
    with savepoint_sessions(db_connection)() as session:
        yield session


_compiled_indexes: list[tuple[Any, Any]] = []


@contextmanager
def reuse_compiled_indexes() -> Iterator[None]:
    """Compile each distinct knowledge base once per run: compiling is pure but slow."""
    import consultbot.matching.compile as compile_module

    original = compile_module.compile_index

    def compile_once(knowledge: Any) -> Any:
        for known, index in _compiled_indexes:
            if known == knowledge:
                return index
        index = original(knowledge)
        _compiled_indexes[:] = [(knowledge, index), *_compiled_indexes[:7]]
        return index

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(compile_module, "compile_index", compile_once)
        yield


@pytest.fixture
def make_app(tmp_path: Path) -> Iterator[Callable[..., Flask]]:
    """Build apps from a settings mapping (instance folder in tmp_path); dispose them after."""
    apps: list[Flask] = []

    def make(**settings: Any) -> Flask:
        config: dict[str, Any] = {
            "INSTANCE_PATH": tmp_path / "instance",
            "KNOWLEDGE_DIR": example_knowledge_dir(),
            "SECRET_KEY": TEST_SECRET_KEY,
            "TESTING": True,
            # Tests fill the lead form in milliseconds; the timing rule has its own tests.
            "SPAM_MIN_FORM_SECONDS": 0,
            **settings,
        }
        with reuse_compiled_indexes():
            app = create_app(config)
        apps.append(app)
        return app

    yield make
    for app in apps:
        db.get_engine(app).dispose()


@pytest.fixture
def app(make_app: Callable[..., Flask], database_url: str, db_connection: Connection) -> Flask:
    """The service on the run's database, its sessions joined to the test's transaction."""
    app = make_app(DATABASE_URL=database_url)
    engine = db.get_engine(app)
    sa.event.listen(engine, "connect", refuse_second_connection)
    app.extensions[db.EXTENSION] = db.Database(engine, savepoint_sessions(db_connection))
    return app


def refuse_second_connection(dbapi_connection: Any, _record: Any) -> None:
    """Fail at once, instead of waiting on the test's own lock, when app code bypasses sessions."""
    dbapi_connection.close()
    raise RuntimeError(
        "the `app` fixture shares the test's transaction: reach the database through "
        "consultbot.storage.db.get_session() or open_session(app), not the engine. For real "
        "commits or several connections, use make_app(DATABASE_URL=migrated_database_url)."
    )


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client for the app."""
    return app.test_client()


@dataclass
class CommandRunner:
    """Runs the ``consultbot`` command with test settings in the environment."""

    env: dict[str, str]

    def invoke(
        self,
        args: Sequence[str],
        env: Mapping[str, str | None] | None = None,
        input: str | None = None,
    ) -> Result:
        """Run ``consultbot ARGS`` (``None`` in env unsets a variable); never swallow a crash."""
        return CliRunner().invoke(
            main, list(args), env={**self.env, **(env or {})}, input=input, catch_exceptions=False
        )


@pytest.fixture
def runner(tmp_path: Path) -> CommandRunner:
    """A runner for the ``consultbot`` command, its instance folder in tmp_path."""
    return CommandRunner(
        {
            "CONSULTBOT_INSTANCE_PATH": str(tmp_path / "instance"),
            "CONSULTBOT_KNOWLEDGE_DIR": str(example_knowledge_dir()),
            "SECRET_KEY": TEST_SECRET_KEY,
        }
    )


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The shipped knowledge, loaded once per run."""
    return load_knowledge(example_knowledge_dir())


@pytest.fixture(scope="session")
def index(kb: KnowledgeBase) -> MatcherIndex:
    """The shipped knowledge compiled, with its calibrated threshold (no app needed)."""
    return compile_index(kb)
