"""Find the things a message names: frameworks, topics, sizes, money, time spans, emails."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

EMAIL = re.compile(r"[a-z0-9._%+\-']+@[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,}", re.IGNORECASE)
_MONEY = re.compile(
    r"(?P<cur>[$€£])?\s*(?P<num>\d{1,3}(?:[ ,]\d{3})+|\d+(?:\.\d+)?)\s*"
    r"(?P<mult>k|m|thousand|million)?\b\s*"
    r"(?P<word>usd|dollars?|eur|euros?|gbp|pounds?)?",
    re.IGNORECASE,
)
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "couple": 2,
    "few": 3, "several": 4,
}  # fmt: skip
_UNIT_WEEKS = {"day": 1 / 7, "week": 1.0, "wk": 1.0, "month": 4.345, "mo": 4.345, "year": 52.18}
_SPAN = re.compile(
    r"(?P<num>\d+(?:\.\d+)?|" + "|".join(_NUMBER_WORDS) + r")\s*(?:-|to|–)?\s*"
    r"(?P<num2>\d+(?:\.\d+)?)?\s*(?P<unit>days?|weeks?|wks?|months?|mos?|years?)\b",
    re.IGNORECASE,
)
MAX_PHRASE_TOKENS = 4


@dataclass(frozen=True, slots=True)
class Mention:
    """A knowledge item named in the text: its kind (framework, criterion...), id and words."""

    kind: str
    id: str
    words: str


@dataclass(frozen=True, slots=True)
class Entities:
    """Everything recognised in one message."""

    mentions: tuple[Mention, ...] = ()
    money: tuple[int, ...] = ()
    weeks: float | None = None
    emails: tuple[str, ...] = ()

    def ids(self, kind: str) -> tuple[str, ...]:
        """Return the ids of one kind of mention, in order, without repeats."""
        return tuple(dict.fromkeys(m.id for m in self.mentions if m.kind == kind))


def find_mentions(
    tokens: Sequence[str], lexicon: Mapping[tuple[str, ...], tuple[tuple[str, str], ...]]
) -> tuple[Mention, ...]:
    """Find lexicon phrases in the tokens, longest first, without overlaps."""
    found: list[Mention] = []
    position = 0
    while position < len(tokens):
        for size in range(min(MAX_PHRASE_TOKENS, len(tokens) - position), 0, -1):
            phrase = tuple(tokens[position : position + size])
            targets = lexicon.get(phrase)
            if targets:
                found.extend(Mention(kind, item, " ".join(phrase)) for kind, item in targets)
                position += size
                break
        else:
            position += 1
    return tuple(found)


def find_money(text: str) -> tuple[int, ...]:
    """Return money amounts in whole units ("$30k" → 30000); a bare number is not money."""
    amounts = []
    for match in _MONEY.finditer(text):
        if not (match.group("cur") or match.group("mult") or match.group("word")):
            continue
        value = float(match.group("num").replace(",", "").replace(" ", ""))
        multiplier = (match.group("mult") or "").lower()
        value *= {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6}.get(multiplier, 1)
        amounts.append(int(value))
    return tuple(amounts)


def find_weeks(text: str) -> float | None:
    """Return a time span in weeks ("about 3 months" → 13.0), the upper end of a range."""
    match = _SPAN.search(text)
    if not match:
        return None
    raw = (match.group("num2") or match.group("num")).lower()
    value = float(_NUMBER_WORDS.get(raw) or raw)
    unit = match.group("unit").lower().rstrip("s")
    weeks = next(w for prefix, w in _UNIT_WEEKS.items() if unit.startswith(prefix))
    return round(value * weeks, 1)


def find_emails(text: str) -> tuple[str, ...]:
    """Return the email addresses in the text, lower-cased."""
    return tuple(match.group(0).lower() for match in EMAIL.finditer(text))
