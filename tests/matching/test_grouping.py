"""Telling a rephrasing from a new question, and keeping every wording of a group."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from consultbot.matching.grouping import group_counted, is_rephrasing


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("how fast is django", "is django quick"),
        ("which is faster", "which one is faster for apis"),
        ("how much is it", "how much does it cost"),
        ("Is FastAPI stable?", "is fastapi stable"),
    ],
)
def test_the_same_question_in_other_words_is_a_rephrasing(first: str, second: str) -> None:
    assert is_rephrasing(first, second)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("what does a migration cost", "and for a small team?"),
        ("is fastapi faster", "how long does it take"),
        ("what about flask", "what about go"),  # only function words in common
        ("", "anything"),
        ("?!", "..."),
    ],
)
def test_a_new_question_is_not_a_rephrasing(first: str, second: str) -> None:
    assert not is_rephrasing(first, second)


@given(st.text(max_size=3000), st.text(max_size=3000))
def test_any_two_texts_are_compared_without_error(first: str, second: str) -> None:
    assert isinstance(is_rephrasing(first, second), bool)


def test_a_group_keeps_every_wording_exactly_as_given() -> None:
    groups = group_counted([("Do you host apps?", 2), ("do you host apps", 1), ("Rust?", 1)])
    assert groups[0].members == ("Do you host apps?", "do you host apps")
    assert groups[1].members == ("Rust?",)
