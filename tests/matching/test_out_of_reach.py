"""Questions that name a page's item but ask for a fact it does not hold fall back."""

from __future__ import annotations

import pytest

from consultbot.matching.evidence import MatchContext
from consultbot.matching.index import MatcherIndex
from consultbot.matching.matcher import determine_intent

ON_PAGE = MatchContext("django-vs-fastapi")
P = "django-vs-fastapi/"


@pytest.mark.parametrize(
    ("unknown", "known", "expected"),
    [
        # A figure the page gives only for Django and FastAPI.
        ("how many github stars does flask have?", "how many github stars does fastapi have?",
         P + "metric/github-stars"),
        ("monthly downloads of litestar", "monthly downloads of django",
         P + "metric/pypi-downloads"),
        # A move between other frameworks than the page's.
        ("what's the cost to migrate from flask to fastapi",
         "what's the cost to migrate from django to fastapi", P + "migration"),
        ("what would it cost to move our fastapi app to go",
         "what would it cost to move our django app to fastapi", P + "migration"),
        ("what would a flask → fastapi port set us back?",
         "what would a django → fastapi port set us back?", P + "migration"),
        # Another round or year of a source the page quotes.
        ("what did fastapi score in techempower round 23?",
         "what did fastapi score in techempower round 22?", P + "metric/techempower-json"),
        ("what does the 2025 stack overflow survey say about fastapi",
         "what does the 2024 stack overflow survey say about fastapi",
         P + "metric/stack-overflow-usage"),
    ],
)  # fmt: skip
def test_a_fact_the_page_does_not_hold_falls_back(
    index: MatcherIndex, unknown: str, known: str, expected: str
) -> None:
    missing = determine_intent(index, unknown, ON_PAGE)
    assert missing.intent is None
    assert missing.beyond is not None
    assert determine_intent(index, known, ON_PAGE).intent == expected


def test_a_feature_row_of_another_framework_is_still_its_row(index: MatcherIndex) -> None:
    # Whether Go has an ORM is something Go's row can speak to; stars are a figure.
    after_go = MatchContext("django-vs-fastapi", "alternative:go-gin")
    read = determine_intent(index, "does go have a decent orm though?", after_go)
    assert read.intent == P + "alternative/go-gin"


def test_the_reason_is_in_the_explanation(index: MatcherIndex) -> None:
    read = determine_intent(index, "how many github stars does flask have?", ON_PAGE)
    assert "a figure the page gives only for its own frameworks" in read.explain()
    assert read.beyond == (
        "a figure the page gives only for its own frameworks",
        "GitHub stars for Flask",
    )


@pytest.mark.parametrize(
    "text", ["how much does fastapi cost", "django pricing?", "what's the price of django"]
)
def test_the_price_of_one_of_the_pages_frameworks_is_out_of_reach(
    index: MatcherIndex, text: str
) -> None:
    read = determine_intent(index, text, MatchContext("django-vs-fastapi"))
    assert read.intent is None
    assert read.beyond is not None and read.beyond[0] == "a price the page does not give"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("how much does moving from django to fastapi cost", "django-vs-fastapi/migration"),
        ("django -> fastapi cost?", "django-vs-fastapi/migration"),
        ("how much does flask cost", "django-vs-fastapi/alternative/flask"),
    ],
)
def test_a_move_or_an_alternatives_price_keeps_its_answer(
    index: MatcherIndex, text: str, expected: str
) -> None:
    assert determine_intent(index, text, MatchContext("django-vs-fastapi")).intent == expected


def test_a_figure_of_the_language_is_not_the_frameworks(index: MatcherIndex) -> None:
    assert determine_intent(index, "which python version should we run?", ON_PAGE).intent is None
    assert determine_intent(index, "which django version is current?", ON_PAGE).intent == (
        P + "metric/stable-version"
    )
