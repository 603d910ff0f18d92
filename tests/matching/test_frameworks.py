"""Frameworks named in a message: what is asked about them."""

from __future__ import annotations

import pytest

from consultbot.matching.evidence import MatchContext
from consultbot.matching.index import MatcherIndex
from consultbot.matching.matcher import determine_intent

ON_PAGE = MatchContext("django-vs-fastapi")


def test_what_is_a_names_property_does_not_ask_what_the_name_is(index: MatcherIndex) -> None:
    owned = determine_intent(index, "what's django's market share", ON_PAGE)
    assert owned.best is not None and owned.best.intent_id != "framework/django"
    assert determine_intent(index, "what's django", ON_PAGE).intent == "framework/django"
    assert determine_intent(index, "what is fastapi's admin like", ON_PAGE).intent == (
        "django-vs-fastapi/metric/built-in-admin"
    )


def test_a_weak_name_beside_not_instead_or_all_is_a_name(index: MatcherIndex) -> None:
    expected = "django-vs-fastapi/alternative/node-express"
    assert determine_intent(index, "why not node instead of python for this", ON_PAGE).intent == (
        expected
    )
    assert determine_intent(index, "our team is all typescript, would express make more sense?",
                            ON_PAGE).intent == expected  # fmt: skip
    # An everyday "go" is still not Go.
    assert determine_intent(index, "what could go wrong?", ON_PAGE).intent == (
        "django-vs-fastapi/pitfalls"
    )


def test_heard_of_it_and_asking_more_is_about_its_row(index: MatcherIndex) -> None:
    read = determine_intent(index, "heard of litestar, is it worth it over fastapi", ON_PAGE)
    assert read.intent == "django-vs-fastapi/alternative/litestar"
    assert determine_intent(index, "what is litestar?", ON_PAGE).intent == "framework/litestar"


def test_a_name_alone_asks_what_it_is_and_it_then_points_at_it(index: MatcherIndex) -> None:
    home = MatchContext()
    assert determine_intent(index, "fastapi", home).intent == "framework/fastapi"
    after = MatchContext(None, "framework:fastapi")
    assert determine_intent(index, "what is it", after).intent == "framework/fastapi"
    # A listed alternative's name alone asks for its row on the page.
    assert determine_intent(index, "flask?", ON_PAGE).intent == (
        "django-vs-fastapi/alternative/flask"
    )


@pytest.mark.parametrize(
    ("text", "framework"),
    [
        ("is fastapi just a library or a whole framework?", "fastapi"),
        ("Django: is it a programming language?", "django"),
        ("flask is what exactly", "flask"),
    ],
)
def test_a_framework_taken_for_a_kind_of_thing_asks_what_it_is(
    index: MatcherIndex, text: str, framework: str
) -> None:
    read = determine_intent(index, text, MatchContext("django-vs-fastapi"))
    assert read.intent == f"framework/{framework}"


@pytest.mark.parametrize(
    "text", ["is django a good framework for a cms?", "is fastapi too young to bet a product on?"]
)
def test_a_framework_judged_is_not_asked_what_it_is(index: MatcherIndex, text: str) -> None:
    read = determine_intent(index, text, MatchContext("django-vs-fastapi"))
    assert not (read.intent or "").startswith("framework/")


def test_what_about_a_framework_just_explained_answers_its_row(index: MatcherIndex) -> None:
    after = MatchContext("django-vs-fastapi", "framework:litestar")
    read = determine_intent(index, "ok, and what about litestar then?", after)
    assert read.intent == "django-vs-fastapi/alternative/litestar"


def test_a_framework_name_alone_after_a_page_answer_asks_the_same_of_it(
    index: MatcherIndex,
) -> None:
    after = MatchContext("django-vs-fastapi", "metric:github-stars")
    assert determine_intent(index, "django?", after).intent == (
        "django-vs-fastapi/metric/github-stars"
    )
    # Opening a chat, the name alone asks what it is.
    assert determine_intent(index, "django?", ON_PAGE).intent == "framework/django"


@pytest.mark.parametrize(
    ("text", "framework"),
    [
        ("what does prefect do?", "framework/prefect"),
        ("so what does Typer do exactly", "framework/typer"),
        ("what does gin do", "framework/go-gin"),
        ("the chi framework: what is it?", "framework/go-gin"),
    ],
)
def test_what_a_framework_does_asks_what_it_is(
    index: MatcherIndex, text: str, framework: str
) -> None:
    assert determine_intent(index, text, ON_PAGE).intent == framework


def test_what_a_framework_does_better_is_not_what_it_is(index: MatcherIndex) -> None:
    assert determine_intent(index, "what does django do better", ON_PAGE).intent != (
        "framework/django"
    )


def test_the_pages_pair_after_a_tool_is_not_the_next_name_to_explain(index: MatcherIndex) -> None:
    after_prefect = MatchContext("django-vs-fastapi", "framework:prefect")
    intent = determine_intent(
        index, "so do we need django or fastapi at all?", after_prefect
    ).intent
    assert intent == "django-vs-fastapi/neither/simple-scripts"
    # One other name alone still asks the same of it.
    after_express = MatchContext("django-vs-fastapi", "framework:node-express")
    assert determine_intent(index, "and flask?", after_express).intent == "framework/flask"
