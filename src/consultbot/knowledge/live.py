"""Keep the knowledge in service current: reload edited files, keep the last good version."""

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
    files is logged and the last good snapshot stays in service until the files are fixed.
    """

    def __init__(
        self,
        directory: Path,
        compile_index: Callable[[KnowledgeBase], Any] | None = None,
        check_every: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.directory = Path(directory)
        self._compile_index = compile_index or (lambda knowledge: None)
        self._check_every = check_every
        self._clock = clock
        self._lock = threading.Lock()
        self._rejected: Fingerprint | None = None
        self.last_error: str | None = None
        self._snapshot = self._load(fingerprint_directory(self.directory))
        self._checked_at = self._clock()

    def current(self) -> KnowledgeSnapshot:
        """Return the snapshot in service, looking for edited files at most every few seconds."""
        if self._clock() - self._checked_at >= self._check_every:
            self.refresh()
        return self._snapshot

    def refresh(self) -> bool:
        """Reload if the files changed; return True when a new version went into service."""
        with self._lock:
            self._checked_at = self._clock()
            found = fingerprint_directory(self.directory)
            if found in (self._snapshot.fingerprint, self._rejected):
                return False
            try:
                self._snapshot = self._load(found)
            except KnowledgeError as error:
                self._rejected = found
                self.last_error = error.message
                log.error(
                    "knowledge in %s was edited but is invalid; still serving the version "
                    "loaded before. %s",
                    self.directory,
                    error.message,
                )
                return False
            self._rejected = None
            self.last_error = None
            log.info("knowledge reloaded from %s", self.directory)
            return True

    def _load(self, fingerprint: Fingerprint) -> KnowledgeSnapshot:
        knowledge = load_knowledge(self.directory)
        return KnowledgeSnapshot(
            knowledge=knowledge,
            index=self._compile_index(knowledge),
            fingerprint=fingerprint,
            loaded_at=time.time(),
        )
