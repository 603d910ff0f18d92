"""Run outbox delivery in a loop: as ``consultbot worker`` or as a thread of the web process."""

from __future__ import annotations

import logging
import threading
from typing import Any

from flask import Flask
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from consultbot.notify.outbox import deliver_due, enabled_channels
from consultbot.storage.db import get_database

log = logging.getLogger(__name__)
POLL_SECONDS = 2.0


def run_worker(
    sessions: sessionmaker[Session],
    config: dict[str, Any],
    stop: threading.Event,
    poll_seconds: float = POLL_SECONDS,
) -> None:
    """Deliver due notifications every few seconds until ``stop`` is set."""
    while not stop.is_set():
        try:
            with sessions() as session:
                deliver_due(session, config)
        except SQLAlchemyError as error:
            # The database may be briefly away; try again on the next round.
            log.warning("outbox delivery paused: %s", str(error).splitlines()[0])
        stop.wait(poll_seconds)


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
