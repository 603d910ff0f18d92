"""Run outbox delivery in a loop: as ``consultbot worker`` or as a thread of the web process.

``consultbot worker`` also purges the conversations that never became a lead once a day
(``purge_every``); without it, run ``consultbot conversations purge`` daily from cron.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from flask import Flask
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from consultbot.notify.outbox import deliver_due, enabled_channels
from consultbot.storage.db import get_database
from consultbot.storage.retention import PurgeCounts, purge_batches, retention_cutoff

log = logging.getLogger(__name__)
POLL_SECONDS = 2.0
PURGE_EVERY_SECONDS = 24 * 60 * 60


def run_worker(
    sessions: sessionmaker[Session],
    config: dict[str, Any],
    stop: threading.Event,
    poll_seconds: float = POLL_SECONDS,
    purge_every: float | None = None,
) -> None:
    """Deliver due notifications every few seconds until ``stop`` is set.

    With ``purge_every`` (seconds), also purge old conversations without a lead: on the first
    round, then that often.
    """
    next_purge = time.monotonic()
    while not stop.is_set():
        if purge_every is not None and time.monotonic() >= next_purge:
            next_purge = time.monotonic() + purge_every
            purge_safely(sessions, config["CONVERSATION_RETENTION_DAYS"])
        try:
            with sessions() as session:
                deliver_due(session, config)
        except SQLAlchemyError as error:
            # The database may be briefly away; try again on the next round.
            log.warning("outbox delivery paused: %s", str(error).splitlines()[0])
        stop.wait(poll_seconds)


def purge_conversations(sessions: sessionmaker[Session], days: int) -> PurgeCounts:
    """Purge the conversations without a lead inactive for ``days``, one batch per commit."""
    total = PurgeCounts()
    with sessions() as session:
        for batch in purge_batches(session, retention_cutoff(days)):
            session.commit()
            total += batch
    return total


def purge_safely(sessions: sessionmaker[Session], days: int) -> None:
    """Purge and log the outcome; a database error waits for the next purge."""
    try:
        counts = purge_conversations(sessions, days)
    except SQLAlchemyError as error:
        log.warning("conversation purge failed: %s", str(error).splitlines()[0])
        return
    log.info(
        "purged %s conversation(s) without a lead (%s message(s)) inactive for %s days",
        counts.conversations, counts.messages, days,
    )  # fmt: skip


def start_in_process(sessions: sessionmaker[Session], config: dict[str, Any]) -> threading.Event:
    """Start delivery on a daemon thread of this process; set the returned event to stop it."""
    stop = threading.Event()
    thread = threading.Thread(
        target=run_worker, args=(sessions, config, stop), name="consultbot-outbox", daemon=True
    )
    thread.start()
    return stop


def start_for_app(app: Flask) -> threading.Event | None:
    """Deliver from this web process when configured to (the single-machine default)."""
    if not app.config["DELIVER_IN_PROCESS"] or not enabled_channels(app.config):
        return None
    log.info("delivering notifications from the web process")
    return start_in_process(get_database(app).sessionmaker, app.config)
