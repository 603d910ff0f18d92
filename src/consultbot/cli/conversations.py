"""``consultbot conversations``: purge the conversations that never became a lead."""

from __future__ import annotations

import click
from sqlalchemy.exc import SQLAlchemyError

from consultbot.storage.db import closing_engine, get_engine, open_session
from consultbot.storage.db_errors import describe_database_error
from consultbot.storage.retention import (
    PURGE_BATCH_SIZE,
    PurgeCounts,
    count_stale_conversations,
    purge_batches,
    retention_cutoff,
)


@click.group("conversations")
def conversations() -> None:
    """Work with the stored chat conversations."""


@conversations.command("purge")
@click.option(
    "--older-than-days",
    type=click.IntRange(min=1),
    help="Purge after this many days without activity [default: CONVERSATION_RETENTION_DAYS].",
)
@click.option("--dry-run", is_flag=True, help="Only count what would be deleted.")
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=PURGE_BATCH_SIZE,
    show_default=True,
    help="Conversations deleted per transaction.",
)
def purge(older_than_days: int | None, dry_run: bool, batch_size: int) -> None:
    """Delete conversations without a lead whose last activity is older than the retention.

    Conversations that led to a lead are never purged. Each batch is its own transaction, so
    the chat keeps working while a large purge runs; stopping it midway loses nothing.
    """
    from consultbot.cli import load_app

    app = load_app()
    days = older_than_days or app.config["CONVERSATION_RETENTION_DAYS"]
    cutoff = retention_cutoff(days)
    scope = f"without a lead, last active before {cutoff:%Y-%m-%d %H:%M} UTC ({days} days ago)"
    total = PurgeCounts()
    with closing_engine(app), open_session(app) as session:
        try:
            if dry_run:
                counts = count_stale_conversations(session, cutoff)
                click.echo(f"would delete {describe_purge(counts)} {scope}")
                click.echo("dry run: nothing was deleted")
                return
            for batch in purge_batches(session, cutoff, batch_size):
                session.commit()
                total += batch
        except SQLAlchemyError as error:
            raise click.ClickException(
                f"purge stopped after deleting {describe_purge(total)}; the batch in progress "
                f"was undone: {describe_database_error(get_engine(app).url, error)}"
            ) from None
    click.echo(f"deleted {describe_purge(total)} {scope}")


def describe_purge(counts: PurgeCounts) -> str:
    """Say how many conversations and messages, for people."""
    return f"{counts.conversations} conversation(s) ({counts.messages} message(s))"
