"""Conversation tokens this process has already checked against the database.

A conversation's token hash is written once, when it is opened, and never changed, so a
message whose token hashes to what this process read for its conversation before needs no
SELECT of its own: one statement and one round trip fewer per message. Only what the database
said is kept; a token that does not match (or a conversation not seen yet) is checked against
the database as before, so its answer (401, 404) is always the database's. A conversation
deleted since (forgotten, purged) is found gone when the message's transaction locks it.
"""

from __future__ import annotations

import hmac
import threading

from flask import Flask, current_app

EXTENSION = "consultbot.known_tokens"
# About 150 bytes each: a few hundred kilobytes at most per worker.
DEFAULT_SIZE = 4096


class KnownTokens:
    """The token hashes of the last conversations checked, oldest dropped first."""

    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        self._size = size
        self._hashes: dict[str, str] = {}
        self._lock = threading.Lock()

    def matches(self, public_id: str, token_hash: str) -> bool:
        """Whether ``token_hash`` is the one the database gave this conversation (compared in
        constant time); False when the conversation is not known here."""
        known = self._hashes.get(public_id)
        return known is not None and hmac.compare_digest(known, token_hash)

    def remember(self, public_id: str, token_hash: str) -> None:
        """Keep the conversation's token hash as the database has it."""
        with self._lock:
            if public_id not in self._hashes and len(self._hashes) >= self._size:
                del self._hashes[next(iter(self._hashes))]
            self._hashes[public_id] = token_hash


def init_app(app: Flask) -> None:
    """Give the app its own (empty) record of checked tokens."""
    app.extensions[EXTENSION] = KnownTokens()


def known_tokens() -> KnownTokens:
    """The current app's record of checked tokens."""
    known: KnownTokens = current_app.extensions[EXTENSION]
    return known
