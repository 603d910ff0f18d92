"""``consultbot worker``: deliver lead notifications (email, webhook) with retries."""

from __future__ import annotations

import signal
import threading

import click

from consultbot.notify.outbox import enabled_channels
from consultbot.notify.worker import POLL_SECONDS, PURGE_EVERY_SECONDS, run_worker
from consultbot.storage.db import closing_engine, get_database


@click.command()
@click.option("--poll", default=POLL_SECONDS, show_default=True, help="Seconds between rounds.")
def worker(poll: float) -> None:
    """Deliver pending notifications until stopped (Ctrl+C or SIGTERM).

    Once a day it also purges the conversations without a lead that have been inactive for
    CONVERSATION_RETENTION_DAYS (as `consultbot conversations purge` does).
    """
    from consultbot.cli import load_app

    app = load_app()
    channels = enabled_channels(app.config)
    if not channels:
        raise click.ClickException(
            "no notification channel is configured: set CONSULTBOT_SALES_EMAIL (and SMTP_*) "
            "and/or CONSULTBOT_WEBHOOK_URL with CONSULTBOT_WEBHOOK_SECRET"
        )
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    click.echo(f"delivering {', '.join(c.value for c in channels)} notifications", err=True)
    click.echo(
        "purging conversations without a lead after "
        f"{app.config['CONVERSATION_RETENTION_DAYS']} days, once a day",
        err=True,
    )
    with closing_engine(app):
        try:
            run_worker(
                get_database(app).sessionmaker,
                app.config,
                stop,
                poll,
                purge_every=PURGE_EVERY_SECONDS,
            )
        except KeyboardInterrupt:
            stop.set()
