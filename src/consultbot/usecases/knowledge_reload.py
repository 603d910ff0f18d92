"""The knowledge reload use case: keep the knowledge in service current (reload edited files,
keep the last good version). The polling thread, clock and logging live here, in the shell,
so the core (knowledge, matching, dialogue) stays plain values."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from consultbot.errors import KnowledgeError
from consultbot.knowledge.loader import knowledge_files, load_knowledge
from consultbot.knowledge.schema import KnowledgeBase
from consultbot.knowledge.validate import lost_lead_entry

log = logging.getLogger(__name__)

Fingerprint = tuple[tuple[str, int, int], ...]


@dataclass(frozen=True, slots=True)
class KnowledgeSnapshot:
    """One loaded, valid version of the knowledge and its compiled matcher index."""

    knowledge: KnowledgeBase
    index: Any
    fingerprint: Fingerprint
    loaded_at: float


def fingerprint_directory(directory: Path) -> Fingerprint:
    """Describe every knowledge file by path, modification time and size."""
    entries = []
    for path in knowledge_files(directory):
        try:
            stat = path.stat()
        except FileNotFoundError:  # removed while we looked; the next check sees the change
            continue
        entries.append((str(path.relative_to(directory)), stat.st_mtime_ns, stat.st_size))
    return tuple(entries)


class LiveKnowledge:
    """The knowledge a process serves, reloaded when its files change.

    The first load must succeed (``KnowledgeError`` otherwise). Later, an edit that breaks the
    files, or any failure while reloading them, is logged and the last good snapshot stays in
    service until the files are fixed. With ``background=True`` (the web app) a reload runs on
    a thread of its own: the request that notices it is due is answered from the snapshot in
    service, so no visitor ever waits on loading and compiling.
    """

    def __init__(
        self,
        directory: Path,
        compile_index: Callable[[KnowledgeBase], Any] | None = None,
        check_every: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
        background: bool = False,
    ) -> None:
        self.directory = Path(directory)
        self._compile_index = compile_index or (lambda knowledge: None)
        self._check_every = check_every
        self._clock = clock
        self._background = background
        self._lock = threading.Lock()
        self._rejected: Fingerprint | None = None
        self.last_error: str | None = None
        self._snapshot = self._load(fingerprint_directory(self.directory))
        self._checked_at = self._clock()

    def current(self) -> KnowledgeSnapshot:
        """Return the snapshot in service, looking for edited files at most every few seconds."""
        if self._clock() - self._checked_at >= self._check_every:
            if self._background:
                self._refresh_in_background()
            else:
                self.refresh()
        return self._snapshot

    def _refresh_in_background(self) -> None:
        """Start a reload on its own thread unless one is already under way."""
        if self._lock.locked():
            return
        self._checked_at = self._clock()
        threading.Thread(target=self.refresh, name="consultbot-knowledge", daemon=True).start()

    def refresh(self) -> bool:
        """Reload if the files changed; return True when a new version went into service."""
        with self._lock:
            self._checked_at = self._clock()
            found = fingerprint_directory(self.directory)
            if found == self._snapshot.fingerprint:
                # Back to the files in service (a bad edit undone): nothing is refused now.
                self._rejected = None
                self.last_error = None
                return False
            if found == self._rejected:
                return False
            try:
                knowledge = load_knowledge(self.directory)
                lost = lost_lead_entry(self._snapshot.knowledge, knowledge)
                if lost:
                    self._reject(found, "the edit was refused: " + "; ".join(lost))
                    return False
                self._snapshot = self._compile(knowledge, found)
            except KnowledgeError as error:
                self._reject(found, error.message)
                return False
            except Exception as error:  # noqa: BLE001 - any failure must keep the last good one
                log.exception("reloading the knowledge in %s failed", self.directory)
                self._reject(found, f"reloading failed: {type(error).__name__}: {error}")
                return False
            self._rejected = None
            self.last_error = None
            log.info("knowledge reloaded from %s", self.directory)
            return True

    def _reject(self, found: Fingerprint, message: str) -> None:
        """Keep the snapshot in service and remember why these files were refused."""
        self._rejected = found
        self.last_error = message
        log.error(
            "knowledge in %s was edited but is invalid; still serving the version loaded "
            "before. %s",
            self.directory,
            message,
        )

    @property
    def edit_refused(self) -> bool:
        """Whether the files on disk differ from the version in service and were refused."""
        return self.last_error is not None

    def _load(self, fingerprint: Fingerprint) -> KnowledgeSnapshot:
        return self._compile(load_knowledge(self.directory), fingerprint)

    def _compile(self, knowledge: KnowledgeBase, fingerprint: Fingerprint) -> KnowledgeSnapshot:
        return KnowledgeSnapshot(
            knowledge=knowledge,
            index=self._compile_index(knowledge),
            fingerprint=fingerprint,
            loaded_at=time.time(),
        )
