"""Constructions read as the knowledge's own phrases: building new, someone of ours, what the
visitor writes, what one framework has and the other lacks, how we can help."""

from __future__ import annotations

import pytest

from consultbot.matching.evidence import MatchContext
from consultbot.matching.index import MatcherIndex
from consultbot.matching.matcher import determine_intent

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


@pytest.mark.parametrize("text", ["how could you help us here?", "so how do you help exactly"])
def test_how_can_you_help_asks_what_the_assistant_does(index: MatcherIndex, text: str) -> None:
    assert determine_intent(index, text, ON_PAGE).intent == "capabilities"


def test_how_can_you_help_with_a_task_is_not_only_that(index: MatcherIndex) -> None:
    read = determine_intent(index, "how can you help us migrate a large django app", ON_PAGE)
    assert not any(r.rule == "asks how we can help" for r in read.reasons)


def test_a_missing_thing_of_one_framework_alone_is_not_that(index: MatcherIndex) -> None:
    read = determine_intent(index, "django does not have async views, right?", ON_PAGE)
    assert not any(r.rule == "what one has and the other lacks" for r in read.reasons)


@pytest.mark.parametrize(
    "text", ["could somebody ring me tomorrow", "can anyone email us a proposal"]
)
def test_someone_asked_to_get_in_touch_is_the_consultation(index: MatcherIndex, text: str) -> None:
    assert determine_intent(index, text, ON_PAGE).intent == "consultation"


def test_someone_helping_somebody_else_is_not_a_request(index: MatcherIndex) -> None:
    read = determine_intent(index, "someone help them pick django or fastapi", ON_PAGE)
    assert not any(r.rule == "asks for someone of ours" for r in read.reasons)


@pytest.mark.parametrize(
    "text", ["ok so what are you even for?", "what's this chat thing good for"]
)
def test_what_are_you_for_asks_what_the_assistant_does(index: MatcherIndex, text: str) -> None:
    assert determine_intent(index, text, ON_PAGE).intent == "capabilities"


def test_what_a_framework_is_for_is_not_about_us(index: MatcherIndex) -> None:
    read = determine_intent(index, "what is airflow for", ON_PAGE)
    assert not any(r.rule == "asks what we are for" for r in read.reasons)


@pytest.mark.parametrize(
    "text", ["what can this bot help us with?", "what could you help me with today"]
)
def test_what_we_can_help_with_asks_our_capabilities(index: MatcherIndex, text: str) -> None:
    assert determine_intent(index, text, ON_PAGE).intent == "capabilities"


def test_what_a_framework_can_help_with_is_not_asked_of_us(index: MatcherIndex) -> None:
    read = determine_intent(index, "what can litestar help me with", ON_PAGE)
    assert "asks what we can help with" not in read.explain()


def test_what_we_do_with_something_is_not_what_we_do(index: MatcherIndex) -> None:
    text = "what do you do with the things i write in here?"
    assert determine_intent(index, text, ON_PAGE).intent == "privacy"
    assert determine_intent(index, "so what do you do?", ON_PAGE).intent == "capabilities"


def test_a_price_to_build_something_is_a_new_build(index: MatcherIndex) -> None:
    text = "how much do you charge to build a small shop for a client of mine?"
    assert determine_intent(index, text, ON_PAGE).intent == "new-build-cost"
    # Building it again as a move is the migration.
    moved = determine_intent(index, "how much to rebuild it in fastapi when we migrate", ON_PAGE)
    assert "asks to build something new" not in moved.explain()


def test_the_price_of_talking_to_us_is_the_consultations_price(index: MatcherIndex) -> None:
    text = "must we pay anything to speak with one of your engineers?"
    assert determine_intent(index, text, ON_PAGE).intent == "consultation-info"
    assert determine_intent(
        index, "i want to speak with one of your engineers", ON_PAGE
    ).intent == ("consultation")
