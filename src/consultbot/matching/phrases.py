"""Find known phrases in a message: cue words, names, related words; longest phrase first."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

MAX_PHRASE_TOKENS = 8


class Role(StrEnum):
    """What a phrase tells: the kind of question, or what it is about, and how strongly."""

    CUE = "cue"
    HINT = "hint"
    NAME = "name"
    RELATED = "related"
    FRAMEWORK = "framework"


@dataclass(frozen=True, slots=True)
class Sense:
    """One meaning of a phrase: its role and target (a kind, ``intent:id``, ``kind:id``)."""

    role: Role
    target: str


@dataclass(frozen=True, slots=True)
class Spot:
    """A phrase found in the tokens, with the token span it covers and all its meanings."""

    words: str
    start: int
    end: int
    senses: tuple[Sense, ...]


PhraseTable = Mapping[tuple[str, ...], tuple[Sense, ...]]
_KEEP_S = ("ss", "us", "is", "as", "os")
# Any number: knowledge phrases can say "# features" for "15 features", "10 features"...
NUMBER = "#"
# Words that end in "s" without being plurals ("news" is not many "new").
_NOT_PLURALS = frozenset(
    {"news", "series", "species", "analytics", "physics", "kubernetes", "postgres", "redis",
     "jenkins", "pandas", "sales", "devops", "ops", "aws", "windows", "mongodb", "express"}
)  # fmt: skip


def fold(token: str) -> str:
    """Fold a plural into its singular for lookups ("downloads" → "download"); a number is "#"."""
    if token.isdigit():
        return NUMBER
    if token in _NOT_PLURALS:
        return token
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 3 and token.endswith("s") and not token.endswith(_KEEP_S):
        return token[:-1]
    return token


def fold_all(tokens: Sequence[str]) -> tuple[str, ...]:
    """Fold every token."""
    return tuple(fold(token) for token in tokens)


def find_spots(tokens: Sequence[str], table: PhraseTable) -> tuple[Spot, ...]:
    """Return the table's phrases in the tokens, longest first, without overlaps.

    Longest first over the whole message, not left to right: in "what comes out of the box",
    "out of the box" (4 words) wins over "comes out" (2). The table's phrases are folded (see
    ``fold``); the spots keep the visitor's own words.
    """
    keys = fold_all(tokens)
    matches: list[tuple[int, int]] = []
    for start in range(len(tokens)):
        for size in range(1, min(MAX_PHRASE_TOKENS, len(tokens) - start) + 1):
            if keys[start : start + size] in table:
                matches.append((start, size))
    taken = [False] * len(tokens)
    chosen: list[tuple[int, int]] = []
    for start, size in sorted(matches, key=lambda match: (-match[1], match[0])):
        if not any(taken[start : start + size]):
            taken[start : start + size] = [True] * size
            chosen.append((start, size))
    return tuple(
        Spot(
            " ".join(tokens[start : start + size]),
            start,
            start + size,
            table[keys[start : start + size]],
        )  # fmt: skip
        for start, size in sorted(chosen)
    )
