"""Tell real English words from typos, with the word list pyspellchecker ships.

A word found in the list is never "corrected" into a knowledge word: "difference" stays
"difference" even though "different" is closer to the knowledge's vocabulary. The most frequent
words ("what", "good", "want") say nothing about a topic, so they are kept apart as common;
the very most frequent ("the", "is", "you") are function words.

Which words can be nouns comes from LemmInflect's English lemma table: what a question is about
is named by nouns ("pizza", "brazil"), while a verb or an adverb the knowledge never uses
("arrive", "typically") is only the visitor's way of asking.
"""

from __future__ import annotations

import gzip
import heapq
import json
import sys
from dataclasses import dataclass
from functools import cache
from importlib import resources

from spellchecker import SpellChecker

COMMON_RANK = 2000
FUNCTION_RANK = 150
# Adjectives stay: "useless", "ongoing" say something about what is asked.
NAMELESS_CLASSES = frozenset({"verb", "adv", "aux"})


@dataclass(frozen=True, slots=True)
class English:
    """The English words, and the most frequent of them."""

    words: frozenset[str]
    common: frozenset[str]
    function: frozenset[str]
    # Words that are only verbs or adverbs.
    nameless: frozenset[str] = frozenset()

    def is_word(self, token: str) -> bool:
        """Return True if the token is an English word (any frequency)."""
        return token in self.words

    def names_nothing(self, token: str) -> bool:
        """Return True for an English verb or adverb that cannot be a noun ("arrive", "typically").

        A word the lemma table does not know may be a name, so it can name something.
        """
        return token in self.nameless and token in self.words


@cache
def english() -> English:
    """Return the English word list, read once per process."""
    frequencies = _frequencies()
    ranked = heapq.nlargest(COMMON_RANK, sorted(frequencies), key=frequencies.__getitem__)
    classes = _word_classes()
    return English(
        words=frozenset(frequencies),
        common=frozenset(ranked[:COMMON_RANK]),
        function=frozenset(ranked[:FUNCTION_RANK]),
        nameless=frozenset(w for w, kinds in classes.items() if kinds <= NAMELESS_CLASSES),
    )


def _word_classes() -> dict[str, frozenset[str]]:
    """Read each word's classes (noun, verb, adj, adv, aux) from LemmInflect's lemma table.

    The packaged table is read directly, once, line by line: LemmInflect's own lookup keeps it
    as Python dictionaries of every form, some 35 MB more resident memory in every worker, for
    one set of some twenty thousand words.
    """
    packaged = resources.files("lemminflect").joinpath("resources", "lemma_lu.csv.gz")
    found: dict[str, frozenset[str]] = {}
    with packaged.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as lines:
        for line in lines:
            word, _, rest = line.partition(",")
            word_class = sys.intern(rest.partition(",")[0])
            if word and word_class:
                found[word] = found.get(word, frozenset()) | {word_class}
    return found


def _frequencies() -> dict[str, int]:
    """Read pyspellchecker's English word counts.

    The packaged file is read directly when it is where pyspellchecker keeps it: building a
    ``SpellChecker`` to get at it costs some 40 MB more resident memory in every worker.
    """
    packaged = resources.files("spellchecker").joinpath("resources", "en.json.gz")
    if packaged.is_file():
        data = json.loads(gzip.decompress(packaged.read_bytes()))
        if isinstance(data, dict) and data:
            return data
    return dict(SpellChecker(language="en", distance=1).word_frequency.dictionary)
