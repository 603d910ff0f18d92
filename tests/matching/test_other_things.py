"""Questions about something the knowledge has no word for."""

from __future__ import annotations

import pytest

from consultbot.matching.analysis import Analysis, analyse
from consultbot.matching.index import MatcherIndex
from consultbot.matching.other_things import asks_about_something_else, priced_thing


def read(index: MatcherIndex, text: str) -> Analysis:
    return analyse(
        text, index.phrases, index.corrector, index.shorthand, index.known, index.english
    )


@pytest.mark.parametrize(
    ("text", "thing"),
    [
        ("how much does AWS hosting cost per month", "aws"),
        ("what's the price of a pizza", "pizza"),
        ("what is the cost of a sandwich for a small team", "sandwich"),
    ],
)
def test_the_cost_of_another_thing(index: MatcherIndex, text: str, thing: str) -> None:
    assert priced_thing(read(index, text), index.english) == thing


@pytest.mark.parametrize(
    "text",
    [
        "how much does a medium migration cost",
        "what's the cost of a large migration",
        "is there any charge for the initial consultation?",
        "how much does it typically cost",
    ],
)
def test_the_cost_of_our_own_things(index: MatcherIndex, text: str) -> None:
    assert priced_thing(read(index, text), index.english) is None


def test_a_course_to_recommend_is_another_thing(index: MatcherIndex) -> None:
    text = "can you recommend a good python course for beginners"
    assert asks_about_something_else(read(index, text), index.known, index.english) == "course"
