"""Find amounts of money, time spans and email addresses in what a visitor typed."""

from __future__ import annotations

import re

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
