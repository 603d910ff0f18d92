"""Tell which alphabet (Unicode script) letters come from, to catch look-alike addresses.

"аda@example.com" with a Cyrillic "а" looks exactly like Ada's address but is another one, so
a part of an address that mixes alphabets is refused. The mixes people really write are kept,
as Unicode's "highly restrictive" profile (UTS #39) allows: Latin with Han and kana (Japanese),
with Han and Bopomofo (Chinese), with Han and Hangul (Korean).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

WRITTEN_TOGETHER = (
    frozenset({"Latin", "Han", "Hiragana", "Katakana"}),
    frozenset({"Latin", "Han", "Bopomofo"}),
    frozenset({"Latin", "Han", "Hangul"}),
)
# Words in a character's Unicode name that say it is a letter of a script ("LATIN SMALL
# LETTER A", "HANGUL SYLLABLE HAN", "CJK UNIFIED IDEOGRAPH-7530", "THAI CHARACTER KO KAI").
_LETTER_NAME = re.compile(r"\b(LETTER|LIGATURE|SYLLABLE|IDEOGRAPH|CHARACTER)\b")
_NOT_A_SCRIPT = {"MODIFIER", "COMBINING"}
_SCRIPT_NAMES = {"CJK": "Han"}
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class MixedLetter:
    """A letter from another alphabet than most of its text's, and the word it is in."""

    letter: str
    script: str
    word: str


def script_of(char: str) -> str | None:
    """Return the script a letter belongs to ("Latin", "Cyrillic", "Han"...), or None."""
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "").removeprefix("FULLWIDTH ").removeprefix("HALFWIDTH ")
    if not _LETTER_NAME.search(name):
        return None
    first = name.split(" ", 1)[0].split("-", 1)[0]
    if first in _NOT_A_SCRIPT:
        return None
    return _SCRIPT_NAMES.get(first, first.capitalize())


def find_mixed_letter(text: str) -> MixedLetter | None:
    """Return the first letter of a minority alphabet when ``text`` mixes alphabets."""
    scripts = Counter(script for script in map(script_of, text) if script is not None)
    if len(scripts) < 2 or any(set(scripts) <= mix for mix in WRITTEN_TOGETHER):
        return None
    majority = scripts.most_common(1)[0][0]
    for word in _WORD.findall(text):
        for char in word:
            script = script_of(char)
            if script is not None and script != majority:
                return MixedLetter(char, script, word)
    return None
