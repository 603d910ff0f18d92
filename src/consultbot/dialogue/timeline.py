"""Read when a visitor needs their project, in weeks from today, the ways people write it.

"asap", "in 6 weeks", "2-3 months", "next month", "by March", "Q3", "early next year", "this
summer", "2027-03-01": each becomes weeks from ``today`` with a short note of how it was read
("next year" alone is its middle, never its first day).
Spans and the season, quarter and part-of-year phrases are rules here; dates and the remaining
relative phrases ("next week", "15 March") go to the ``dateparser`` library. What neither
reads stays ``None``: the answer is kept verbatim and the score lists it as not understood.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from consultbot.matching.entities import find_weeks
from consultbot.matching.normalize import normalize

DAYS_PER_WEEK = 7
MAX_WEEKS = 520.0  # ten years: beyond that the answer is not a timeline
URGENT = re.compile(
    r"\b(asap|a\.s\.a\.p|as soon as possible|urgent(ly)?|immediately|right away|right now|"
    r"now|yesterday|straight away|today|this week|no time)\b"
)
_QUARTER = re.compile(r"\b(?:q([1-4])|(first|second|third|fourth|1st|2nd|3rd|4th) quarter)"
                      r"(?:\s+(?:of\s+)?(next year|this year|\d{4}))?\b")  # fmt: skip
_RELATIVE_QUARTER = re.compile(r"\b(this|next|coming) quarter\b")
_QUARTER_WORDS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
                  "fourth": 4, "4th": 4}  # fmt: skip
_PART_OF_YEAR = re.compile(
    r"\b(early|beginning of|start of|mid|middle of|late|end of|later)\s*-?\s*"
    r"(next year|this year|\d{4})\b"
)
_PART_MONTH = {"early": 2, "beginning of": 1, "start of": 1, "mid": 6, "middle of": 6,
               "late": 10, "end of": 12, "later": 9}  # fmt: skip
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")  # fmt: skip
_PART_OF_MONTH = re.compile(
    r"\b(early|beginning of|start of|mid|middle of|late|end of)\s*-?\s*("
    + "|".join(_MONTHS)
    + r")\b"
)
_PART_DAY = {"early": 5, "beginning of": 1, "start of": 1, "mid": 15, "middle of": 15,
             "late": 25, "end of": 28}  # fmt: skip
_COUPLE_OF = re.compile(r"\b(couple|few) of\b")
_SEASON = re.compile(r"\b(?:(this|next)\s+)?(spring|summer|autumn|fall|winter)\b")
_SEASON_MONTH = {"spring": 4, "summer": 7, "autumn": 10, "fall": 10, "winter": 1}
_WHOLE_YEAR = re.compile(r"\b(next year|within (?:a|one|the) year|this year|in a year)\b")
_HALF_YEAR = re.compile(r"\bhalf a year\b|\bsix months\b")
# "not this year", "ASAP but not before 2028", "not urgent": a period negated says when it is
# *not*, which is no timeline (and never an urgent one).
_NEGATED_PERIOD = re.compile(
    r"\b(?:not|no|never)\s+(?:\w+\s+)?(?:before|until|till|this|next|in|by|within|for|soon|"
    r"sooner|earlier|urgent|urgently|asap|now|yet|today|early|mid|late|end|start|beginning|"
    r"q[1-4]|\d|year|years|month|months|week|weeks|spring|summer|autumn|fall|winter|"
    + "|".join(_MONTHS)
    + r")\b"
)
_NO_LATER_THAN = re.compile(r"\bno(?:t)? later than\b")
# "in -3 weeks": a span into the past says nothing of when (a range "3-4 weeks" is no minus).
_NEGATIVE_SPAN = re.compile(
    r"(?:^|\b(?:in|within|about|around|roughly|by)\s+)(?:minus\s*|[-−–]\s*)\d", re.IGNORECASE
)
# Written without a letter, an answer must look like a date ("2027", "2027-03-01", "15.03.2027",
# "12/2027"); "2", "1-2" or "=1+1" say nothing of when.
_DATE_SHAPE = re.compile(
    r"\s*(?:\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{1,2}[./]\d{1,2}|"
    r"\d{1,2}[./]\d{4})\s*"
)
# "2 weeks ago", "last month": when something already happened says nothing of when it is needed.
_PAST = re.compile(r"\b(?:ago|last (?:week|month|year|quarter)|previous (?:week|month|year))\b")
# A number of five digits or more is no span and no year ("in 99999999999999999999 weeks").
_HUGE_NUMBER = re.compile(r"\d{5,}")
# "by the end of Q1", "late Q3": the quarter's end, not its start.
_END_OF = re.compile(r"\b(?:end of|late|by the end of|close of)\s*(?:the\s+)?$")
# A month named alone ("december", "by December", "this month"): typed in that month, this month.
_BARE_MONTH = re.compile(
    r"^(?:(?:in|by|for|until|till|before|around|during|this|the)\s+)*("
    + "|".join(_MONTHS)
    + r"|month)(?:\s+(\d{4}))?$"
)
PAST = "not understood (in the past)"
_DATEPARSER_NOISE = re.compile(r"\b(by|before|around|about|roughly|in|until|till|ideally|latest)\b")


@dataclass(frozen=True, slots=True)
class Timeline:
    """A timeline answer read as weeks from today (``None``: not understood) and how."""

    weeks: float | None
    read_as: str


def read_timeline(text: str, today: date) -> Timeline:
    """Read a timeline answer as weeks from ``today``."""
    if not re.search(r"[^\W\d_]", text) and not _DATE_SHAPE.fullmatch(text):
        return Timeline(None, "not understood")
    if _NEGATIVE_SPAN.search(text.strip()):
        return Timeline(None, "not understood (a span into the past)")
    if _HUGE_NUMBER.search(text):
        return Timeline(None, "not understood (a number too large)")
    cleaned = _NO_LATER_THAN.sub("by", _COUPLE_OF.sub(r"\1", normalize(text)))
    if _PAST.search(cleaned):
        return Timeline(None, PAST)
    if _NEGATED_PERIOD.search(cleaned):
        return Timeline(None, "not understood (a period negated)")
    if URGENT.search(cleaned):
        return Timeline(1.0, "as soon as possible")
    if _HALF_YEAR.search(cleaned):
        return Timeline(26.1, "about half a year")
    span = find_weeks(cleaned)
    if span is not None:
        if span > MAX_WEEKS:
            return Timeline(None, "not understood (too far away)")
        return Timeline(span, f"{_weeks(span)}")
    for reader in (_this_month, _quarter, _part_of_year, _part_of_month, _season, _whole_year):
        found = reader(cleaned, today)
        if found is not None:
            return found
    return _parsed_date(cleaned, today)


def _weeks(weeks: float) -> str:
    return f"about {weeks_text(weeks)}"


def weeks_text(weeks: float) -> str:
    """Write a number of weeks as people do: "1 week", "2.5 weeks"."""
    return f"{weeks:g} week{'' if weeks == 1 else 's'}"


def _until(target: date, today: date, label: str) -> Timeline:
    """Weeks from today to ``target``; a target already past is not understood."""
    weeks = round((target - today).days / DAYS_PER_WEEK, 1)
    if weeks < 0:
        return Timeline(None, PAST)
    return Timeline(weeks, f"{label}, {_weeks(weeks)} away")


def _last_day(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def _this_month(text: str, today: date) -> Timeline | None:
    """Read a month named alone in that very month ("december" on 2 December) as this month."""
    found = _BARE_MONTH.match(text.strip())
    if found is None:
        return None
    month = today.month if found.group(1) == "month" else _MONTHS.index(found.group(1)) + 1
    if found.group(1) == "month" and "this" not in text:
        return None
    year = int(found.group(2)) if found.group(2) else today.year
    if (year, month) != (today.year, today.month):
        return None
    return _until(_last_day(year, month), today, f"by the end of {today:%B %Y}")


def _year(word: str | None, today: date, month: int) -> int:
    if word == "next year":
        return today.year + 1
    if word and word.isdigit():
        return int(word)
    # No year given: the next time that month comes round.
    return today.year if month >= today.month else today.year + 1


def _quarter(text: str, today: date) -> Timeline | None:
    relative = _RELATIVE_QUARTER.search(text)
    if relative is not None:
        current = (today.month - 1) // 3
        start = current + (0 if relative.group(1) == "this" else 1)
        year, index = today.year + start // 4, start % 4
        target = max(date(year, 3 * index + 1, 1), today)
        return _until(target, today, f"Q{index + 1} {year}")
    found = _QUARTER.search(text)
    if found is None:
        return None
    quarter = int(found.group(1) or _QUARTER_WORDS[found.group(2)])
    month = 3 * (quarter - 1) + 1
    year = _year(found.group(3), today, month + 2)
    end = _last_day(year, month + 2)
    if _END_OF.search(text[: found.start()]):
        return _until(end, today, f"the end of Q{quarter} {year}")
    if end < today:
        return _until(end, today, f"Q{quarter} {year}")
    return _until(max(date(year, month, 1), today), today, f"Q{quarter} {year}")


def _part_of_year(text: str, today: date) -> Timeline | None:
    found = _PART_OF_YEAR.search(text)
    if found is None:
        return None
    month = _PART_MONTH[found.group(1)]
    year = _year(found.group(2), today, month) if found.group(2) != "this year" else today.year
    if year < today.year:
        return Timeline(None, PAST)
    target = max(date(year, month, 1), today)
    return _until(target, today, f"{found.group(1)} {year}")


def _part_of_month(text: str, today: date) -> Timeline | None:
    found = _PART_OF_MONTH.search(text)
    if found is None:
        return None
    month = _MONTHS.index(found.group(2)) + 1
    target = date(_year(None, today, month), month, _PART_DAY[found.group(1)])
    return _until(max(target, today), today, f"{found.group(1)} {target:%B %Y}")


def _season(text: str, today: date) -> Timeline | None:
    found = _SEASON.search(text)
    if found is None:
        return None
    month = _SEASON_MONTH[found.group(2)]
    year = today.year if month >= today.month else today.year + 1
    if found.group(1) == "next" and date(year, month, 1) <= today.replace(day=1):
        year += 1
    return _until(date(year, month, 1), today, f"{found.group(2)} {year}")


def _whole_year(text: str, today: date) -> Timeline | None:
    found = _WHOLE_YEAR.search(text)
    if found is None:
        return None
    if found.group(1) == "next year":
        # Some time next year, not its first day: in December that is weeks away, and a
        # visitor who says "next year" is not asking to start within weeks.
        return _until(date(today.year + 1, 7, 1), today, f"some time in {today.year + 1}")
    if found.group(1) == "this year":
        return _until(date(today.year, 12, 31), today, f"by the end of {today.year}")
    return Timeline(52.2, "within a year")


def _parsed_date(text: str, today: date) -> Timeline:
    import dateparser

    base = datetime(today.year, today.month, today.day)
    settings = {"PREFER_DATES_FROM": "future", "RELATIVE_BASE": base, "DATE_ORDER": "DMY"}
    cleaned = " ".join(_DATEPARSER_NOISE.sub(" ", text).split())
    if not cleaned or not re.search(r"[a-z0-9]", cleaned):
        return Timeline(None, "not understood")
    with warnings.catch_warnings():
        # dateparser's dependencies warn about their own deprecations on import and use.
        warnings.simplefilter("ignore")
        parsed = dateparser.parse(cleaned, languages=["en"], settings=settings)
    if parsed is None:
        return Timeline(None, "not understood")
    found = _until(parsed.date(), today, parsed.date().strftime("%-d %B %Y"))
    if found.weeks is None or found.weeks > MAX_WEEKS:
        return Timeline(None, "not understood (a date in the past or too far away)")
    return found
