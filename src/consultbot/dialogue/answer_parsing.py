"""Understand free-form lead-form answers: emails, time spans, team sizes, money, yes/no."""

from __future__ import annotations

import re
from dataclasses import dataclass

EMAIL = re.compile(r"[A-Za-z0-9._%+\-']+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
_AT_WITHOUT_DOMAIN = re.compile(r"\S+@(\S*)")
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "couple": 2,
    "few": 3, "several": 4,
}  # fmt: skip
_UNIT_WEEKS = {"day": 1 / 7, "week": 1, "wk": 1, "month": 4.345, "mo": 4.345, "year": 52.18}
_SPAN = re.compile(
    r"(?P<num>\d+(?:\.\d+)?|" + "|".join(_NUMBER_WORDS) + r")\s*(?:-|to|–)?\s*"
    r"(?P<num2>\d+(?:\.\d+)?)?\s*(?P<unit>days?|weeks?|wks?|months?|mos?|years?)\b",
    re.IGNORECASE,
)
_YES = {"yes", "y", "yep", "yeah", "sure", "ok", "okay", "agree", "i agree", "confirm", "correct"}
_NO = {"no", "n", "nope", "nah", "don't", "do not", "disagree", "not now"}


@dataclass(frozen=True, slots=True)
class ParsedEmail:
    """An email found in a reply, or the reason none was accepted."""

    email: str | None
    problem: str | None = None


def parse_email(text: str) -> ParsedEmail:
    """Find a work email in the text, or say what is wrong with the one given."""
    found = EMAIL.search(text)
    if found:
        return ParsedEmail(found.group(0).lower())
    broken = _AT_WITHOUT_DOMAIN.search(text)
    if broken and not broken.group(1):
        return ParsedEmail(None, "that address has no domain after the @")
    if broken:
        return ParsedEmail(None, f"'{broken.group(1)}' is not a full domain (like example.com)")
    return ParsedEmail(None, "I could not find an email address in that")


def parse_weeks(text: str) -> float | None:
    """Return a time span in weeks ("about 3 months" → 13.0), the upper end of a range."""
    match = _SPAN.search(text)
    if not match:
        return None
    raw = match.group("num2") or match.group("num")
    value = float(_NUMBER_WORDS.get(raw.lower(), 0) or raw)
    unit = match.group("unit").lower().rstrip("s")
    for prefix, weeks in _UNIT_WEEKS.items():
        if unit.startswith(prefix):
            return round(value * weeks, 1)
    return None


def parse_yes_no(text: str) -> bool | None:
    """Read a yes or no; None when the reply is neither."""
    cleaned = re.sub(r"[^a-z' ]", "", text.lower()).strip()
    if cleaned in _YES or cleaned.startswith(("yes", "yeah", "sure", "i agree", "i consent")):
        return True
    if cleaned in _NO or cleaned.startswith(("no ", "nope", "i don't", "i do not")):
        return False
    return None
