"""Correct misspelt words against the knowledge's own vocabulary, with rapidfuzz.

Only a word that is not English is a candidate typo: "difference" is a real word even if the
knowledge only says "different", so it is left alone; so is a word the knowledge's own texts use
("Starlette" in an answer is not a typo of the alias "Starlite").
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process

MIN_LENGTH = 4
SHORT_WORD = 5
SCORE_CUTOFF = 80.0
_CACHE_LIMIT = 50_000


class TypoCorrector:
    """Map an unknown, non-English word to the closest known word, remembering past answers."""

    def __init__(
        self, vocabulary: Iterable[str], english: Iterable[str] = (), kept: Iterable[str] = ()
    ) -> None:
        self.vocabulary = frozenset(vocabulary)
        self.english = english if isinstance(english, frozenset) else frozenset(english)
        # Words the knowledge's own texts use ("starlette"): real words, never typos.
        self.kept = frozenset(kept)
        self._by_length: dict[int, dict[int, str]] = {}
        for index, word in enumerate(sorted(self.vocabulary)):
            self._by_length.setdefault(len(word), {})[index] = word
        self._cache: dict[str, str | None] = {}

    def correct(self, word: str) -> str | None:
        """Return the known word this one is a typo of, or None if it is a word or too far off."""
        if (
            word in self.vocabulary
            or word in self.english
            or word in self.kept
            or len(word) < MIN_LENGTH
            or not word.isalpha()
        ):
            return None
        if word in self._cache:
            return self._cache[word]
        # Short words are often real words ("table", "mate"): only fix them when the typo keeps
        # the first letter and the length within one ("wich" → "which", "asnyc" → "async").
        spread = 1 if len(word) <= SHORT_WORD else 2
        choices: dict[int, str] = {}
        for length in range(len(word) - spread, len(word) + spread + 1):
            choices.update(self._by_length.get(length, {}))
        if len(word) <= SHORT_WORD:
            choices = {key: known for key, known in choices.items() if known[0] == word[0]}
        found = process.extractOne(
            word, choices, scorer=fuzz.ratio, processor=None, score_cutoff=SCORE_CUTOFF
        )
        result = found[0] if found else None
        if len(self._cache) < _CACHE_LIMIT:
            self._cache[word] = result
        return result
