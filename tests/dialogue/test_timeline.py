"""Timelines read as weeks from today, the ways people write them, or kept as not understood."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from consultbot.dialogue.timeline import Timeline, read_timeline, weeks_text

TODAY = date(2026, 12, 1)

# (answer, weeks from 1 December 2026 or None for "not understood")
CASES = [
    ("asap", 1.0),
    ("ASAP please", 1.0),
    ("as soon as possible", 1.0),
    ("yesterday!", 1.0),
    ("urgently", 1.0),
    ("in 6 weeks", 6.0),
    ("2-3 months", 13.0),
    ("about 3 months", 13.0),
    ("in two weeks", 2.0),
    ("a few weeks", 3.0),
    ("a couple of months", 8.7),
    ("half a year", 26.1),
    ("within a year", 52.2),
    ("next week", 1.0),
    ("next month", 4.4),
    ("by March", 12.9),
    ("March 2027", 12.9),
    ("15 march", 14.9),
    ("2027-03-01", 12.9),
    ("1/3/2027", 12.9),
    ("end of january", 8.3),
    ("mid december", 2.0),
    ("Q3", 30.3),
    ("next quarter", 4.4),
    ("this quarter", 0.0),
    ("q1 next year", 4.4),
    ("third quarter of 2027", 30.3),
    ("early next year", 8.9),
    ("end of next year", 52.1),
    ("mid 2027", 26.0),
    ("this summer", 30.3),
    ("next spring", 17.3),
    ("next year", 30.3),  # some time next year: its middle, never its first day
    ("when the board decides", None),
    ("whenever", None),
    ("no rush", None),
    ("not sure", None),
    ("2019-01-01", None),
    ("???", None),
]


def test_the_table_has_at_least_twenty_five_phrasings() -> None:
    assert len(CASES) >= 25


@pytest.mark.parametrize(("text", "weeks"), CASES)
def test_a_timeline_is_read_as_weeks_or_not_understood(text: str, weeks: float | None) -> None:
    found = read_timeline(text, TODAY)
    assert found.weeks == weeks
    if weeks is None:
        assert found.read_as.startswith("not understood")


# Negated periods, bare numbers and formulas say nothing of when: never read as a date.
NOT_A_TIMELINE = [
    "not this year",
    "ASAP but not before 2028",
    "not urgent",
    "not before March",
    "definitely not in Q1",
    "no, not next month",
    "2",
    "12",
    "1-2",
    "=1+1",
    "+5",
    "-3",
    "@2027",
    "in -3 weeks",  # a span into the past
    "-3 weeks",
    "in −2 months",
]
# What still reads, next to them: spans, dates written in digits, "no later than".
STILL_READ = [
    ("in 2 years", 104.4),
    ("next month", 4.4),
    ("ASAP", 1.0),
    ("by March", 12.9),
    ("no later than March", 12.9),
    ("2027-03-01", 12.9),
    ("1.3.2027", 12.9),
    ("no time to lose", 1.0),
    ("not sure, maybe Q3", 30.3),
    ("in 3 weeks", 3.0),
    ("3-4 weeks", 4.0),
]


@pytest.mark.parametrize("text", NOT_A_TIMELINE)
def test_a_negated_period_a_bare_number_or_a_formula_is_not_understood(text: str) -> None:
    found = read_timeline(text, TODAY)
    assert found.weeks is None
    assert found.read_as.startswith("not understood")


@pytest.mark.parametrize(("text", "weeks"), STILL_READ)
def test_periods_near_those_are_still_read(text: str, weeks: float) -> None:
    assert read_timeline(text, TODAY).weeks == weeks


@given(st.text(max_size=200))
def test_any_answer_reads_as_weeks_ahead_or_not_understood(text: str) -> None:
    found = read_timeline(text, TODAY)
    assert found.weeks is None or 0 <= found.weeks <= 520


# Said on 1 December 2026: the past, the end of a quarter, this month, absurd numbers.
PAST_AND_ABSURD = [
    "2 weeks ago",
    "a month ago",
    "last month",
    "by end of 2025",
    "early 2025",
    "Q1 2026",
    "by the end of Q3 2026",
    "in 99999999999999999999 weeks",
    "in 100000 days",
    "in 600 weeks",
]
# Next to each, the reading that stays (or is now right).
AHEAD = [
    ("in 2 weeks", 2.0, "about 2 weeks"),
    ("by end of 2027", 52.1, "end of 2027, about 52.1 weeks away"),
    ("end of Q1", 17.1, "the end of Q1 2027, about 17.1 weeks away"),
    ("by the end of Q1 2027", 17.1, "the end of Q1 2027, about 17.1 weeks away"),
    ("Q1", 4.4, "Q1 2027, about 4.4 weeks away"),
    ("december", 4.3, "by the end of December 2026, about 4.3 weeks away"),
    ("by December", 4.3, "by the end of December 2026, about 4.3 weeks away"),
    ("this month", 4.3, "by the end of December 2026, about 4.3 weeks away"),
    ("january", 4.4, "1 January 2027, about 4.4 weeks away"),
    ("in 99 weeks", 99.0, "about 99 weeks"),
    ("1 week", 1.0, "about 1 week"),
]


@pytest.mark.parametrize("text", PAST_AND_ABSURD)
def test_the_past_and_absurd_numbers_are_not_understood(text: str) -> None:
    found = read_timeline(text, TODAY)
    assert found.weeks is None
    assert found.read_as.startswith("not understood")


@pytest.mark.parametrize(("text", "weeks", "read_as"), AHEAD)
def test_the_end_of_a_quarter_and_this_month_are_read_as_meant(
    text: str, weeks: float, read_as: str
) -> None:
    assert read_timeline(text, TODAY) == Timeline(weeks, read_as)


def test_one_week_is_written_in_the_singular() -> None:
    assert weeks_text(1) == "1 week"
    assert weeks_text(2.5) == "2.5 weeks"
