"""Kinds of question read from grammar: building something new is not a migration."""

from __future__ import annotations

import pytest

from consultbot.matching.index import MatcherIndex
from consultbot.matching.matcher import determine_intent
from consultbot.matching.resolve import MatchContext

ON_PAGE = MatchContext("django-vs-fastapi")


@pytest.mark.parametrize(
    "text",
    [
        "what would creating a completely new booking platform cost us",
        "rough budget to make a fresh api for our shop?",
        "how long does developing an app from zero usually take",
    ],
)
def test_building_something_new_with_a_cost_or_time_is_a_new_build(
    index: MatcherIndex, text: str
) -> None:
    read = determine_intent(index, text, ON_PAGE)
    assert read.intent == "new-build-cost"
    assert any(r.rule == "asks to build something new" for r in read.reasons)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Building new without a cost or a time asks something else.
        ("we are creating a new api, django or fastapi?", None),
        # Moving a project stays a migration even where something new is built on the way.
        ("what does it cost to migrate a small app and create a new admin", None),
    ],
)
def test_building_new_without_a_cost_or_with_a_migration_is_not_a_new_build(
    index: MatcherIndex, text: str, expected: None
) -> None:
    read = determine_intent(index, text, ON_PAGE)
    assert not any(r.rule == "asks to build something new" for r in read.reasons)
    assert read.intent != "new-build-cost" or expected is not None


@pytest.mark.parametrize(
    "text",
    [
        "could somebody on your side review our architecture",
        "I want one of your people to ring me tomorrow",
        "is anyone from you available to chat through our options",
    ],
)
def test_asking_for_someone_of_ours_is_the_consultation(index: MatcherIndex, text: str) -> None:
    read = determine_intent(index, text, ON_PAGE)
    assert read.intent == "consultation"
    assert any(r.rule == "asks for someone of ours" for r in read.reasons)


@pytest.mark.parametrize(
    "text",
    ["how much does each one give you out of the box", "someone told me fastapi is faster"],
)
def test_someone_without_one_of_ours_asks_for_nobody(index: MatcherIndex, text: str) -> None:
    read = determine_intent(index, text, ON_PAGE)
    assert not any(r.rule == "asks for someone of ours" for r in read.reasons)


@pytest.mark.parametrize(
    "text", ["and by how much?", "how much faster, roughly", "by how much lol"]
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
    [
        "where does everything we enter here end up",
        "is anything i say here saved somewhere",
        "where does the info i typed earlier go",
    ],
)
def test_what_the_visitor_writes_is_the_privacy_entry(index: MatcherIndex, text: str) -> None:
    read = determine_intent(index, text, ON_PAGE)
    assert read.intent == "privacy"
    assert any(r.rule == "asks about what the visitor writes" for r in read.reasons)


def test_the_visitor_writing_code_is_not_about_their_messages(index: MatcherIndex) -> None:
    read = determine_intent(index, "does fastapi check the types i write in my models", ON_PAGE)
    assert read.intent != "privacy"


def test_sign_me_up_books_but_signing_in_does_not(index: MatcherIndex) -> None:
    assert determine_intent(index, "perfect, sign us up", ON_PAGE).intent == "consultation"
    read = determine_intent(index, "can editors sign in to the admin", ON_PAGE)
    assert not any(r.rule == "asks to book" for r in read.reasons)


@pytest.mark.parametrize(
    "text",
    [
        "which things does django include that fastapi lacks",
        "what will fastapi not have that i get with django",
    ],
)
def test_what_one_has_and_the_other_lacks_is_feature_completeness(
    index: MatcherIndex, text: str
) -> None:
    read = determine_intent(index, text, ON_PAGE)
    assert read.intent == "django-vs-fastapi/criterion/feature-completeness"


def test_a_missing_thing_of_one_framework_alone_is_not_that(index: MatcherIndex) -> None:
    read = determine_intent(index, "django does not have async views, right?", ON_PAGE)
    assert not any(r.rule == "what one has and the other lacks" for r in read.reasons)


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


@pytest.mark.parametrize("text", ["how could you help us here?", "so how do you help exactly"])
def test_how_can_you_help_asks_what_the_assistant_does(index: MatcherIndex, text: str) -> None:
    assert determine_intent(index, text, ON_PAGE).intent == "capabilities"


def test_how_can_you_help_with_a_task_is_not_only_that(index: MatcherIndex) -> None:
    read = determine_intent(index, "how can you help us migrate a large django app", ON_PAGE)
    assert not any(r.rule == "asks how we can help" for r in read.reasons)


@pytest.mark.parametrize("text", ["so is an 8 good or bad?", "what does 9 mean here"])
def test_what_a_mark_means_asks_about_the_scoring(index: MatcherIndex, text: str) -> None:
    assert determine_intent(index, text, ON_PAGE).intent == "django-vs-fastapi/scoring"


@pytest.mark.parametrize(
    "text", ["django wins 4 to 2 on criteria, does that mean it is better", "a 500 person team"]
)
def test_a_tally_or_a_large_number_is_not_a_mark(index: MatcherIndex, text: str) -> None:
    read = determine_intent(index, text, ON_PAGE)
    assert not any(r.rule.startswith("cue scoring") for r in read.reasons)
