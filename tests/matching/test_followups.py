"""Follow-ups: what a message owes to the answer before it, and when it asks something new."""

from __future__ import annotations

import pytest

from consultbot.matching.evidence import MatchContext
from consultbot.matching.index import MatcherIndex
from consultbot.matching.matcher import determine_intent

PAGE = "django-vs-fastapi"


@pytest.mark.parametrize(
    "text",
    ["fine, but which one should I actually use?", "ok. which should we go with, then?"],
)
def test_which_one_to_use_after_the_verdict_asks_for_a_recommendation(
    index: MatcherIndex, text: str
) -> None:
    after_verdict = MatchContext(PAGE, "verdict")
    assert determine_intent(index, text, after_verdict).intent == "which-to-choose"


def test_which_one_chooses_and_that_one_points_back(index: MatcherIndex) -> None:
    after_speed = MatchContext(PAGE, "criterion:api-performance")
    pointed = determine_intent(index, "that one is interesting", after_speed)
    assert pointed.intent == "django-vs-fastapi/criterion/api-performance"
    assert "points at the last answer" in pointed.explain()
    chosen = determine_intent(index, "which one?", after_speed)
    assert "points at the last answer" not in chosen.explain()


@pytest.mark.parametrize("text", ["tell me more", "tell me more about it", "more details?"])
def test_more_after_what_a_framework_is(index: MatcherIndex, text: str) -> None:
    # Airflow has no row on the page: it is described again; Flask's row says more.
    after_airflow = MatchContext(PAGE, "framework:airflow")
    assert determine_intent(index, text, after_airflow).intent == "framework/airflow"
    after_flask = MatchContext(PAGE, "framework:flask")
    assert determine_intent(index, text, after_flask).intent == (
        "django-vs-fastapi/alternative/flask"
    )
    # "More" names nothing on its own: without an answer before it, no framework is meant.
    alone = determine_intent(index, text, MatchContext(PAGE)).intent or ""
    assert "flask" not in alone and "airflow" not in alone


def test_instead_after_a_feature_asks_for_a_stand_in_for_it(index: MatcherIndex) -> None:
    after_admin = MatchContext(PAGE, "metric:built-in-admin")
    read = determine_intent(index, "so what would I use instead?", after_admin)
    assert read.intent == "django-vs-fastapi/metric/built-in-admin"
    assert "a stand-in for what the last answer was about" in read.explain()
    # After an alternative, or with nothing before it, "instead" asks for the other options.
    assert determine_intent(index, "what would I use instead?", MatchContext(PAGE)).intent == (
        "django-vs-fastapi/alternatives"
    )


def test_an_opener_with_a_subject_the_knowledge_lacks_is_not_more_of_the_last(
    index: MatcherIndex,
) -> None:
    after_docs = MatchContext(PAGE, "criterion:documentation")
    assert determine_intent(index, "how about security", after_docs).intent is None
    assert determine_intent(index, "what about async?", after_docs).intent == (
        "django-vs-fastapi/criterion/async-support"
    )
    assert determine_intent(index, "and for a big team?", after_docs).intent is not None


def test_scaling_is_not_the_scoring_scale(index: MatcherIndex) -> None:
    assert determine_intent(index, "what scale are the scores on?", MatchContext(PAGE)).intent == (
        "django-vs-fastapi/scoring"
    )
    assert determine_intent(index, "which scales better", MatchContext(PAGE)).intent != (
        "django-vs-fastapi/scoring"
    )


def test_a_quick_reply_s_own_words_answer_its_entry(index: MatcherIndex) -> None:
    # The assistant offers FAQ entries by their titles; tapped after anything, they answer.
    after_flask = MatchContext(PAGE, "alternative:flask")
    read = determine_intent(index, "Consultation: free or paid?", after_flask)
    assert read.intent == "consultation-info"


def test_a_size_after_an_answer_on_something_else_is_not_a_price(index: MatcherIndex) -> None:
    after_speed = MatchContext(PAGE, "criterion:api-performance")
    assert determine_intent(index, "and for a big app?", after_speed).intent is None
    after_small = MatchContext(PAGE, "tier:small")
    assert determine_intent(index, "and for a big app?", after_small).intent == (
        "django-vs-fastapi/tier/large"
    )


def test_explain_it_after_what_a_framework_is_asks_what_it_is_again(index: MatcherIndex) -> None:
    after_litestar = MatchContext(PAGE, "framework:litestar")
    read = determine_intent(index, "explain it like I'm new to python", after_litestar)
    assert read.intent == "framework/litestar"
    assert determine_intent(index, "tell me more", after_litestar).intent == (
        "django-vs-fastapi/alternative/litestar"
    )


@pytest.mark.parametrize(
    "text", ["does it support graphql?", "is it secure?", "will it run on a raspberry pi"]
)
def test_a_pronoun_alone_does_not_tie_an_unknown_subject_to_the_last_answer(
    index: MatcherIndex, text: str
) -> None:
    after = MatchContext(PAGE, "tier:large")
    read = determine_intent(index, text, after)
    assert read.intent is None
    # The last answer is still offered, as a guess the visitor can take.
    assert "django-vs-fastapi/tier/large" in [s.intent_id for s in read.suggestions]


def test_a_pronoun_judging_the_last_answer_still_leans_on_it(index: MatcherIndex) -> None:
    after = MatchContext(PAGE, "pitfall:django-orm-under-fastapi")
    read = determine_intent(index, "is that a good idea?", after)
    assert read.intent == "django-vs-fastapi/pitfall/django-orm-under-fastapi"


def test_a_framework_named_after_a_list_picks_nothing_from_it(index: MatcherIndex) -> None:
    after = MatchContext(PAGE, "pitfalls")
    read = determine_intent(index, "and fastapi?", after)
    assert read.intent != "django-vs-fastapi/pitfall/django-orm-under-fastapi"
    assert determine_intent(index, "the orm one", after).intent == (
        "django-vs-fastapi/pitfall/django-orm-under-fastapi"
    )


def test_in_the_first_place_picks_nothing_from_a_list(index: MatcherIndex) -> None:
    after = MatchContext(PAGE, "pitfalls")
    read = determine_intent(index, "why do migrations go wrong in the first place?", after)
    assert not any(r.rule == "picked from the list just given" for r in read.reasons)
    picked = determine_intent(index, "tell me about the first one", after)
    assert any(r.rule == "picked from the list just given" for r in picked.reasons)


def test_what_about_for_someone_else_asks_the_same_again(index: MatcherIndex) -> None:
    after_docs = MatchContext(PAGE, "criterion:documentation")
    for text in ("how about for a junior?", "and for a hobbyist then?"):
        assert determine_intent(index, text, after_docs).intent == (
            "django-vs-fastapi/criterion/documentation"
        )
    # Opening a conversation, it asks nothing the knowledge knows.
    assert determine_intent(index, "how about for a junior?", MatchContext(PAGE)).intent is None


@pytest.mark.parametrize(
    "context",
    [MatchContext(PAGE, "framework:flask"), MatchContext(None, "framework:flask")],
)
def test_it_after_what_a_framework_is_asks_of_that_one_as_an_option(
    index: MatcherIndex, context: MatchContext
) -> None:
    text = "could it work for us instead of django and fastapi?"
    assert determine_intent(index, text, context).intent == "django-vs-fastapi/alternative/flask"


def test_other_options_after_one_alternative_still_ask_for_the_list(index: MatcherIndex) -> None:
    after_litestar = MatchContext(PAGE, "framework:litestar")
    intent = determine_intent(index, "are there other options though?", after_litestar).intent
    assert intent == "django-vs-fastapi/alternatives"


def test_that_after_a_tool_the_page_names_for_a_case_is_that_case(index: MatcherIndex) -> None:
    after_typer = MatchContext(PAGE, "framework:typer")
    text = "why would we pick that instead of django or fastapi?"
    assert determine_intent(index, text, after_typer).intent == (
        "django-vs-fastapi/neither/simple-scripts"
    )


def test_the_middle_one_of_three_picks_the_middle(index: MatcherIndex) -> None:
    after_tiers = MatchContext(PAGE, "migration")
    assert determine_intent(index, "the middle one please", after_tiers).intent == (
        "django-vs-fastapi/tier/medium"
    )
    # Two pitfalls have no middle one: nothing is picked from them.
    after_pitfalls = MatchContext(PAGE, "pitfalls")
    picked = determine_intent(index, "the middle one please", after_pitfalls)
    assert "picked from the list just given" not in picked.explain()


def test_how_much_faster_after_a_saving_asks_its_size(index: MatcherIndex) -> None:
    after_saving = MatchContext(PAGE, "saving:pure-api")
    assert determine_intent(index, "how much faster with fastapi?", after_saving).intent == (
        "django-vs-fastapi/saving/pure-api"
    )
    after_speed = MatchContext(PAGE, "criterion:api-performance")
    assert determine_intent(index, "how much faster?", after_speed).intent == (
        "django-vs-fastapi/criterion/api-performance"
    )
