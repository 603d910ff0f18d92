"""The delivery worker's loop: the daily purge of conversations without a lead."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.orm import sessionmaker

from consultbot.notify.worker import run_worker
from consultbot.storage.db import create_engine
from tests.seeding import add_chats, add_old_chats, public_ids


class RoundCounter(threading.Event):
    """The worker's stop event, counting its rounds: each round ends in one ``wait``.

    Tests wait for rounds to have passed instead of sleeping and hoping they did.
    """

    def __init__(self) -> None:
        super().__init__()
        self.rounds = 0
        self._changed = threading.Condition()

    def wait(self, timeout: float | None = None) -> bool:
        """Count the round that ends here, then wait as the event does."""
        with self._changed:
            self.rounds += 1
            self._changed.notify_all()
        return super().wait(timeout)

    def wait_for_rounds(self, count: int, timeout: float = 10.0) -> None:
        """Block until ``count`` rounds have ended, failing after ``timeout`` seconds."""
        with self._changed:
            assert self._changed.wait_for(lambda: self.rounds >= count, timeout), "timed out"


@contextmanager
def running_worker(url: str, config: dict[str, Any], **options: Any) -> Iterator[RoundCounter]:
    """Run the worker on a thread, polling every 10 ms; stop and join it on the way out."""
    engine = create_engine(url)
    stop = RoundCounter()
    worker = threading.Thread(
        target=run_worker, args=(sessionmaker(engine), config, stop, 0.01), kwargs=options
    )
    worker.start()
    try:
        yield stop
    finally:
        stop.set()
        worker.join(timeout=10)
        engine.dispose()
    assert not worker.is_alive()


def test_the_worker_purges_at_start_and_not_again_before_the_interval(
    migrated_database_url: str,
) -> None:
    url = migrated_database_url
    chats = add_chats(url)
    with running_worker(url, {"CONVERSATION_RETENTION_DAYS": 90}, purge_every=3600.0) as worker:
        worker.wait_for_rounds(1)  # the first round purges before it delivers
        assert chats.old_without_lead not in public_ids(url)
        add_old_chats(url, 1)
        worker.wait_for_rounds(worker.rounds + 3)
        assert "bulk-0" in public_ids(url)
    assert public_ids(url) == {
        chats.old_with_lead,
        chats.recent_without_lead,
        chats.ten_days_old,
        "bulk-0",
    }


def test_the_worker_does_not_purge_unless_asked(migrated_database_url: str) -> None:
    url = migrated_database_url
    chats = add_chats(url)
    with running_worker(url, {}) as worker:
        worker.wait_for_rounds(3)
    assert chats.old_without_lead in public_ids(url)
