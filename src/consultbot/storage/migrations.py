"""The database's schema migrations (Alembic): upgrade, downgrade, check, and the /readyz check.

The migrations ship in the package (``consultbot.resources.migrations_dir``); no alembic.ini.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from sqlalchemy import pool
from sqlalchemy.engine import URL, Connection, Engine, make_url

from consultbot.errors import DatabaseUnavailableError
from consultbot.resources import migrations_dir
from consultbot.storage.db import create_engine, get_database
from consultbot.storage.db_errors import UPGRADE_HINT, describe_database, describe_failures
from consultbot.storage.models import Base


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
