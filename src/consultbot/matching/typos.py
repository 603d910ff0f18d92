"""Correct misspelt words against the knowledge's own vocabulary, with rapidfuzz."""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process

MIN_LENGTH = 4
SCORE_CUTOFF = 80.0
_CACHE_LIMIT = 50_000


class TypoCorrector:
    """Map an unknown word to the closest known word, remembering past answers."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        self.vocabulary = frozenset(vocabulary)
        self._by_length: dict[int, dict[int, str]] = {}
        for index, word in enumerate(sorted(self.vocabulary)):
            self._by_length.setdefault(len(word), {})[index] = word
        self._cache: dict[str, str | None] = {}

    def correct(self, word: str) -> str | None:
        """Return the known word this one is a typo of, or None if it is known or too far off."""
        if word in self.vocabulary or len(word) < MIN_LENGTH or not word.isalpha():
            return None
        if word in self._cache:
            return self._cache[word]
        choices: dict[int, str] = {}
        for length in range(len(word) - 2, len(word) + 3):
            choices.update(self._by_length.get(length, {}))
        found = process.extractOne(
            word, choices, scorer=fuzz.ratio, processor=None, score_cutoff=SCORE_CUTOFF
        )
        result = found[0] if found else None
        if len(self._cache) < _CACHE_LIMIT:
            self._cache[word] = result
        return result
