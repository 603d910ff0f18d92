"""Recognising money, time spans, emails and named knowledge items."""

from __future__ import annotations

import pytest

from consultbot.matching.analysis import analyse
from consultbot.matching.entities import find_emails, find_money, find_weeks
from consultbot.matching.index import MatcherIndex
from consultbot.matching.phrases import Role, fold


@pytest.mark.parametrize(
    ("text", "amounts"),
    [("about $30k", (30000,)), ("120 000 dollars", (120000,)), ("€1.5m tops", (1500000,)),
     ("$1,200,000", (1200000,)), ("we have 40 people", ()),
     ("between 20k and 50k usd", (20000, 50000))],
)  # fmt: skip
def test_money(text: str, amounts: tuple[int, ...]) -> None:
    assert find_money(text) == amounts


@pytest.mark.parametrize(
    ("text", "weeks"),
    [("about 3 months", 13.0), ("2-6 weeks", 6.0), ("in six weeks", 6.0), ("a year", 52.2),
     ("asap", None)],
)  # fmt: skip
def test_time_spans_in_weeks(text: str, weeks: float | None) -> None:
    assert find_weeks(text) == weeks


def test_emails() -> None:
    assert find_emails("mail Ada@Example.com or bob@x.io") == ("ada@example.com", "bob@x.io")
    assert find_emails("ada@ nope") == ()


def test_frameworks_and_criteria_are_recognised_through_typos(index: MatcherIndex) -> None:
    analysis = analyse(
        "is djnago or fast api better for docs",
        index.phrases,
        index.corrector,
        index.shorthand,
        index.known,
        index.english,
    )
    senses = {(sense.role, sense.target) for spot in analysis.spots for sense in spot.senses}
    assert {
        (Role.FRAMEWORK, "django"),
        (Role.FRAMEWORK, "fastapi"),
        (Role.NAME, "criterion:documentation"),
    } <= senses
    assert analysis.corrections == (("djnago", "django"),)


def test_shorthand_is_read_as_the_full_word(index: MatcherIndex) -> None:
    analysis = analyse(
        "wat r u", index.phrases, index.corrector, index.shorthand, index.known, index.english
    )
    assert analysis.tokens == ("what", "are", "you")


@pytest.mark.parametrize(
    ("word", "folded"),
    [("downloads", "download"), ("pitfalls", "pitfall"), ("libraries", "library"),
     ("class", "class"), ("this", "this"), ("vs", "vs"), ("status", "status")],
)  # fmt: skip
def test_plurals_fold_for_lookups(word: str, folded: str) -> None:
    assert fold(word) == folded
