"""Situations described in the visitor's own words: a team without Python, docs the framework
makes, one model to run."""

from __future__ import annotations

import pytest

from consultbot.matching.evidence import MatchContext
from consultbot.matching.index import MatcherIndex
from consultbot.matching.matcher import determine_intent

ON_PAGE = MatchContext("django-vs-fastapi")


@pytest.mark.parametrize(
    "text",
    [
        "our devs only write typescript, is fastapi worth it?",
        "we're a ruby house, which of these two?",
        "honestly nobody in our group has ever written python",
    ],
)
def test_a_team_without_python_is_the_case_neither_fits(index: MatcherIndex, text: str) -> None:
    assert determine_intent(index, text, ON_PAGE).intent == (
        "django-vs-fastapi/neither/no-python-team"
    )
    assert "a team that writes another language" in determine_intent(index, text, ON_PAGE).explain()


@pytest.mark.parametrize(
    "text",
    [
        "we only use python here, which of the two?",
        "our team writes ruby and python, which of these two?",
        "we do not know whether python is quick enough",
    ],
)
def test_python_written_or_doubted_is_no_team_without_python(
    index: MatcherIndex, text: str
) -> None:
    assert "a team that writes another language" not in (
        determine_intent(index, text, ON_PAGE).explain()
    )


@pytest.mark.parametrize(
    "text",
    [
        "will fastapi generate the docs for my endpoints?",
        "does django create its own documentation for a rest api?",
    ],
)
def test_docs_the_framework_makes_are_the_automatic_docs(index: MatcherIndex, text: str) -> None:
    assert determine_intent(index, text, ON_PAGE).intent == "django-vs-fastapi/metric/auto-api-docs"


def test_the_quality_of_the_docs_is_still_the_documentation(index: MatcherIndex) -> None:
    text = "are the django docs good enough to learn it on my own?"
    assert determine_intent(index, text, ON_PAGE).intent == (
        "django-vs-fastapi/criterion/documentation"
    )


@pytest.mark.parametrize(
    "text",
    [
        "our churn prediction model needs an http endpoint, which of the two?",
        "the model we trained answers in about three seconds a request, will that be a problem?",
    ],
)
def test_one_model_to_run_is_machine_learning(index: MatcherIndex, text: str) -> None:
    assert determine_intent(index, text, ON_PAGE).intent == (
        "django-vs-fastapi/use_case/ml-inference"
    )


def test_database_models_and_a_model_noun_keep_their_sense(index: MatcherIndex) -> None:
    text = "can fastapi reuse the django models we already have?"
    assert "one model to run" not in determine_intent(index, text, ON_PAGE).explain()
    club = "a small site for my model aircraft club with news the members can edit"
    assert "one model to run" not in determine_intent(index, club, ON_PAGE).explain()
