"""Kinds of question read from grammar: how often, by how much, a mark, either for me."""

from __future__ import annotations

import pytest

from consultbot.matching.evidence import MatchContext
from consultbot.matching.index import MatcherIndex
from consultbot.matching.matcher import determine_intent

ON_PAGE = MatchContext("django-vs-fastapi")


@pytest.mark.parametrize(
    "text",
    ["and by how much?", "how much faster, roughly", "by how much lol", "by how many points?"],
)
def test_by_how_much_asks_the_size_of_the_last_difference(index: MatcherIndex, text: str) -> None:
    after_speed = MatchContext("django-vs-fastapi", "criterion:api-performance")
    read = determine_intent(index, text, after_speed)
    assert read.intent == "django-vs-fastapi/criterion/api-performance"


@pytest.mark.parametrize(
    "text", ["how much more does the large tier cost", "how much cheaper is a small migration"]
)
def test_how_much_more_with_a_price_still_asks_a_price(index: MatcherIndex, text: str) -> None:
    after_speed = MatchContext("django-vs-fastapi", "criterion:api-performance")
    read = determine_intent(index, text, after_speed)
    assert read.intent in ("django-vs-fastapi/tier/large", "django-vs-fastapi/tier/small")


@pytest.mark.parametrize(
    "text",
    [
        "we export invoices every month, is django overkill for that",
        "a report job per week: fastapi?",
    ],
)
def test_every_month_says_how_often_not_how_long(index: MatcherIndex, text: str) -> None:
    read = determine_intent(index, text, ON_PAGE)
    assert not any(r.rule.startswith("cue duration") for r in read.reasons)
    assert read.intent != "django-vs-fastapi/migration"


def test_weeks_of_work_still_ask_how_long(index: MatcherIndex) -> None:
    read = determine_intent(index, "is a medium migration done in weeks or months?", ON_PAGE)
    assert read.intent == "django-vs-fastapi/tier/medium"


@pytest.mark.parametrize(
    "text",
    ["honestly, shall we take fastapi or django", "django or fastapi for my side hustle app"],
)
def test_either_framework_for_me_asks_which_to_choose(index: MatcherIndex, text: str) -> None:
    assert determine_intent(index, text, ON_PAGE).intent == "which-to-choose"


def test_either_framework_for_a_named_use_case_answers_the_use_case(index: MatcherIndex) -> None:
    text = "should we use django or fastapi for our machine learning inference api"
    read = determine_intent(index, text, ON_PAGE)
    assert read.intent == "django-vs-fastapi/use_case/ml-inference"


@pytest.mark.parametrize("text", ["so is an 8 good or bad?", "what does 9 mean here"])
def test_what_a_mark_means_asks_about_the_scoring(index: MatcherIndex, text: str) -> None:
    assert determine_intent(index, text, ON_PAGE).intent == "django-vs-fastapi/scoring"


@pytest.mark.parametrize(
    "text", ["django wins 4 to 2 on criteria, does that mean it is better", "a 500 person team"]
)
def test_a_tally_or_a_large_number_is_not_a_mark(index: MatcherIndex, text: str) -> None:
    read = determine_intent(index, text, ON_PAGE)
    assert not any(r.rule.startswith("cue scoring") for r in read.reasons)


@pytest.mark.parametrize(
    "text",
    [
        "what kind of production problems show up after switching over?",
        "which errors tend to happen in production with these two?",
    ],
)
def test_trouble_in_production_asks_the_pitfalls(index: MatcherIndex, text: str) -> None:
    assert determine_intent(index, text, MatchContext("django-vs-fastapi")).intent == (
        "django-vs-fastapi/pitfalls"
    )


def test_an_error_to_fix_in_production_is_still_a_debugging_request(index: MatcherIndex) -> None:
    text = "how do i fix this error in production: ModuleNotFoundError"
    assert determine_intent(index, text, MatchContext("django-vs-fastapi")).intent is None


def test_how_much_faster_to_deliver_asks_the_time_saved(index: MatcherIndex) -> None:
    text = "how much faster would fastapi let us ship the v1?"
    assert determine_intent(index, text, ON_PAGE).intent == "django-vs-fastapi/saving/pure-api"
    # Faster alone is still the speed.
    speed = determine_intent(index, "how much faster is fastapi under load?", ON_PAGE)
    assert speed.intent == "django-vs-fastapi/criterion/api-performance"
