"""``consultbot db``: apply, inspect and check the database migrations.

These commands read the configuration directly instead of building the whole app, so a
database can be set up before the knowledge is loaded or compiled.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from alembic import command
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import pool
from sqlalchemy.engine import make_url

from consultbot.config import load_config
from consultbot.errors import ConsultbotError
from consultbot.resources import checkout_root
from consultbot.storage import migrations
from consultbot.storage.db import create_engine


@click.group("db")
def db() -> None:
    """Manage the database schema (SQLite or PostgreSQL, from DATABASE_URL)."""


@contextmanager
def clean_errors() -> Iterator[None]:
    """Turn consultbot's and Alembic's errors into one-line command failures."""
    try:
        yield
    except ConsultbotError as error:
        raise click.ClickException(error.message) from None
    except CommandError as error:
        raise click.ClickException(f"alembic: {error}") from None


def database_url() -> str:
    """Return the configured DATABASE_URL, or fail with the configuration problem."""
    with clean_errors():
        url: str = load_config()["DATABASE_URL"]
    return url


def describe_url(url: str) -> str:
    """Render a database URL for output, with any password hidden."""
    return make_url(url).render_as_string(hide_password=True)


def read_revision(url: str) -> str | None:
    """Return the revision the database at ``url`` is at."""
    engine = create_engine(url, poolclass=pool.NullPool)
    try:
        return migrations.current_revision(engine)
    finally:
        engine.dispose()


@db.command()
@click.option("--revision", default="head", show_default=True, help="Target revision.")
def upgrade(revision: str) -> None:
    """Create the database if needed and apply the migrations (safe to run again)."""
    url = database_url()
    with clean_errors():
        migrations.migrate(url, revision)
        current = read_revision(url)
    click.echo(f"database at revision {current}: {describe_url(url)}")


@db.command()
def current() -> None:
    """Print the revision the database is at and whether it is up to date."""
    url = database_url()
    with clean_errors():
        revision = read_revision(url)
    head = migrations.head_revision()
    state = "up to date" if revision == head else f"behind {head}: run `consultbot db upgrade`"
    click.echo(f"{revision or 'empty'} ({state}): {describe_url(url)}")


@db.command()
@click.option(
    "--database",
    "against_database",
    is_flag=True,
    help="Compare the database named by DATABASE_URL (at the newest revision) instead of "
    "a scratch SQLite database built from the migrations.",
)
def check(against_database: bool) -> None:
    """Fail if the models and the migrations differ, i.e. a migration is missing."""
    with clean_errors():
        if against_database:
            url = database_url()
            revision = read_revision(url)
            if revision != migrations.head_revision():
                raise click.ClickException(
                    f"the database is at revision {revision or 'none'}, not "
                    f"{migrations.head_revision()}: run `consultbot db upgrade` first"
                )
            differences = migrations.schema_differences(url)
        else:
            with scratch_database() as url:
                differences = migrations.schema_differences(url)
    if differences:
        lines = "\n".join(f"  {migrations.describe_difference(item)}" for item in differences)
        raise click.ClickException(
            f"the models and the migrations differ:\n{lines}\n"
            'write a migration with `consultbot db revision -m "what changed"`, then read it'
        )
    click.echo(f"models and migrations agree (head {migrations.head_revision()})")


@db.command()
@click.option("-m", "--message", required=True, help="What the migration changes.")
def revision(message: str) -> None:
    """Autogenerate a migration for the model changes; read and tidy it before committing."""
    if checkout_root() is None:
        # An installed package's migrations are a copy the next upgrade replaces.
        raise click.ClickException(
            "db revision writes into a checkout's migrations/ folder: run it where consultbot "
            "is installed with `pip install -e .` from its source"
        )
    with clean_errors(), scratch_database() as url:
        script = command.revision(
            migrations.alembic_config(url),
            message=message,
            autogenerate=True,
            rev_id=next_revision_id(),
        )
    scripts = script if isinstance(script, list) else [script]
    for item in scripts:
        if item is not None:
            click.echo(f"wrote {item.path}: read it, tidy it, then run `consultbot db check`")


def next_revision_id() -> str:
    """Return the next numbered revision id, e.g. ``0002`` after ``0001_initial``."""
    scripts = ScriptDirectory.from_config(migrations.alembic_config())
    return f"{len(list(scripts.walk_revisions())) + 1:04d}"


@contextmanager
def scratch_database() -> Iterator[str]:
    """Yield the URL of a throwaway SQLite database migrated to the newest revision."""
    with tempfile.TemporaryDirectory(prefix="consultbot-") as folder:
        url = f"sqlite:///{Path(folder) / 'scratch.sqlite3'}"
        migrations.migrate(url, "head")
        yield url
