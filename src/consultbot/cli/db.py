"""``consultbot db``: apply and inspect the database migrations."""

from __future__ import annotations

import click

from consultbot.errors import ConsultbotError
from consultbot.storage import db as storage


@click.group("db")
def db() -> None:
    """Manage the database schema (SQLite or PostgreSQL, from DATABASE_URL)."""


@db.command()
@click.option("--revision", default="head", show_default=True, help="Target revision.")
def upgrade(revision: str) -> None:
    """Create the database if needed and apply the migrations."""
    from consultbot.cli import load_app

    app = load_app()
    try:
        storage.upgrade_database(app, revision)
        current = storage.current_revision(storage.get_engine(app))
    except ConsultbotError as error:
        raise click.ClickException(error.message) from None
    finally:
        storage.get_engine(app).dispose()
    click.echo(f"database at revision {current}: {_describe(app.config['DATABASE_URL'])}")


@db.command()
def current() -> None:
    """Print the revision the database is at and whether it is up to date."""
    from consultbot.cli import load_app

    app = load_app()
    try:
        revision = storage.current_revision(storage.get_engine(app))
    except ConsultbotError as error:
        raise click.ClickException(error.message) from None
    finally:
        storage.get_engine(app).dispose()
    head = storage.head_revision()
    state = "up to date" if revision == head else f"behind {head}: run `consultbot db upgrade`"
    click.echo(f"{revision or 'empty'} ({state})")


def _describe(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
