"""A budget answer names an amount in any currency, grouping or words; vague answers do not."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from consultbot.dialogue.amounts import AmountReading, names_an_amount, read_amounts

# Shared with tests/dialogue/test_scoring.py, which checks that each one scores as a budget.
AMOUNTS = [
    "¥1,000,000", "1,000,000 yen", "ten thousand dollars", "fifty grand", "₹5,00,000",
    "two million euros", "CHF 80'000", "around 150k", "30 000 EUR", "a hundred thousand",
]  # fmt: skip
NO_AMOUNTS = ["by Q3", "flexible", "depends on the quote", "a lot", "10"]


@pytest.mark.parametrize(
    "text",
    [
        *AMOUNTS,
        "$60k",
        "€ 45.000",
        "£20,000",
        "usd 5000",
        "80 000 kroner",
        "2 lakhs",
        "1.5m",
        "three hundred thousand rupees",
        "about twenty-five thousand",
        "a few grand",
        "50 bucks",
        "1\u202f000\u202f000 rub",
    ],
)
def test_an_amount_is_named(text: str) -> None:
    assert names_an_amount(text), text


@pytest.mark.parametrize(
    "text",
    [
        *NO_AMOUNTS,
        "",
        "   ",
        "by 2027",
        "Q3 2026",
        "depends",
        "10 people",
        "the one with pounds of features",
    ],
)
def test_vague_answers_name_no_amount(text: str) -> None:
    assert not names_an_amount(text), text


@given(st.text(max_size=200))
def test_any_text_is_read_without_error(text: str) -> None:
    assert names_an_amount(text) in (True, False)


# (typed, the amounts read): European and Swiss separators, cents, ranges.
READ = [
    ("1.000.000 €", (1_000_000,)),
    ("€ 45.000", (45_000,)),
    ("1.500 €", (1_500,)),
    ("1.000.000,50 €", (1_000_000,)),
    ("CHF 80'000", (80_000,)),
    ("₹5,00,000", (500_000,)),
    ("$1,500.75", (1_500,)),
    ("$50,5", (50,)),
    ("$1.5m", (1_500_000,)),
    ("between $30,000 and $50,000", (30_000, 50_000)),
    ("100-150k", (150_000,)),
    ("$9,999,999,999", (9_999_999_999,)),
]
# Amounts no budget can be: nothing, below nothing, past any project.
UNUSABLE = ["$0", "$ 0.00", "0 dollars", "-50k", "- $50k", "minus 5k", "−€20,000",
            "$1,000,000,000,000,000,000,000", "$99999999999999"]  # fmt: skip


@pytest.mark.parametrize(("text", "amounts"), READ)
def test_amounts_are_read_with_any_grouping(text: str, amounts: tuple[int, ...]) -> None:
    assert read_amounts(text) == AmountReading(amounts)
    assert names_an_amount(text)


@pytest.mark.parametrize("text", UNUSABLE)
def test_a_zero_negative_or_absurd_amount_names_no_budget(text: str) -> None:
    assert read_amounts(text) == AmountReading((), unusable=True)
    assert not names_an_amount(text)
