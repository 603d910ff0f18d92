"""Readings added from the ninth development set: fillers, small talk said last, marks and
versions that are not other things, several items of a kind, and the cost of an alternative."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from consultbot.knowledge.schema import KnowledgeBase
from consultbot.matching.evidence import MatchContext
from consultbot.matching.index import MatcherIndex, compile_index
from consultbot.matching.matcher import determine_intent
from tests.matching.conftest import CUES, tiny_comparison

ON_PAGE = MatchContext("django-vs-fastapi")


def intent(index: MatcherIndex, text: str) -> str | None:
    return determine_intent(index, text, ON_PAGE).intent


def test_fillers_are_read_as_nothing() -> None:
    data = {
        "frameworks": [{"id": "alpha", "name": "Alpha"}, {"id": "beta", "name": "Beta"},
                       {"id": "delta", "name": "Delta", "kind": "tool", "description": "Jobs."}],
        "comparisons": [tiny_comparison("alpha-vs-beta", "alpha", "beta")],
        "cues": CUES,
        "vocabulary": {"fillers": ["even", "lol"]},
    }  # fmt: skip
    index = compile_index(KnowledgeBase.model_validate(data))
    context = MatchContext("alpha-vs-beta")
    read = determine_intent(index, "what even is delta lol", context)
    assert read.intent == "framework/delta"
    # Without the filler list the same words stand between "what" and "is".
    del data["vocabulary"]
    plain = compile_index(KnowledgeBase.model_validate(data))
    assert determine_intent(plain, "what even is delta lol", context).confidence < read.confidence


@pytest.mark.parametrize("filler", ["two words", "LOL", ""])
def test_a_filler_must_be_one_lower_case_word(filler: str) -> None:
    with pytest.raises(ValidationError, match="fillers"):
        KnowledgeBase.model_validate({"vocabulary": {"fillers": [filler]}})


def test_the_shipped_fillers(index: MatcherIndex) -> None:
    assert intent(index, "what even is fastapi lol") == "framework/fastapi"


def test_marks_compared_are_not_two_other_things(index: MatcherIndex) -> None:
    text = "those 7/10 vs 10/10 ratings, who decided them?"
    assert intent(index, text) == "django-vs-fastapi/scoring"


def test_two_versions_of_one_name_ask_about_it_but_two_other_things_do_not(
    index: MatcherIndex,
) -> None:
    assert intent(index, "which pydantic does fastapi need, v1 or v2?") == (
        "django-vs-fastapi/pitfall/pydantic-v2"
    )
    assert intent(index, "Should we use React or Vue for the frontend?") is None


def test_several_items_of_a_kind_with_its_cue_ask_for_the_overview(index: MatcherIndex) -> None:
    text = "any hard numbers comparing the two, like downloads, stars and benchmarks?"
    assert intent(index, text) == "django-vs-fastapi/metrics"
    assert intent(index, "how many github stars does each have") == (
        "django-vs-fastapi/metric/github-stars"
    )


def test_the_cost_of_an_alternative_is_its_row(index: MatcherIndex) -> None:
    assert intent(index, "is litestar a paid product or free?") == (
        "django-vs-fastapi/alternative/litestar"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("do u save my chats", "privacy"),
        ("does this chat log what I type?", "privacy"),
        ("cheapest migration tier?", "django-vs-fastapi/tier/small"),
        ("which framework wins in general?", "django-vs-fastapi/verdict"),
    ],
)  # fmt: skip
def test_shipped_cues_for_privacy_tiers_and_the_whole(
    index: MatcherIndex, text: str, expected: str
) -> None:
    assert intent(index, text) == expected


def test_keeping_your_models_is_not_about_privacy(index: MatcherIndex) -> None:
    text = "can I just keep my Django models and call them from FastAPI routes?"
    assert intent(index, text) != "privacy"


def follow(index: MatcherIndex, before: str, text: str) -> str | None:
    first = determine_intent(index, before, ON_PAGE)
    assert first.intent is not None and first.best is not None
    context = MatchContext("django-vs-fastapi", last=":".join(first.best.intent_id.split("/")[1:]))
    return determine_intent(index, text, context).intent


def test_a_follow_up_pointing_at_the_last_answer_keeps_it_despite_words_of_its_own(
    index: MatcherIndex,
) -> None:
    before = "what's a rough price to switch from django to fastapi?"
    assert follow(index, before, "does that include testing?") == "django-vs-fastapi/migration"
    large = "django to fastapi for a multi-tenant saas, how long?"
    assert follow(index, large, "what's the hardest part of that?") == (
        "django-vs-fastapi/tier/large"
    )
    # Without the pointing word the same words are a new question nobody answers.
    assert intent(index, "what's the hardest part of testing?") is None


def test_moving_a_project_to_a_framework_asks_about_a_migration(index: MatcherIndex) -> None:
    text = "what happens to our admin panel and signals if we move a huge app to fastapi"
    assert intent(index, text) == "django-vs-fastapi/tier/large"
    # "Go with" chooses; it moves nothing.
    assert intent(index, "should I go with fastapi") == "which-to-choose"


def test_what_a_word_only_mentioned_is_is_not_answered_by_the_item_mentioning_it(
    index: MatcherIndex,
) -> None:
    assert intent(index, "explain kubernetes to me like I'm five") is None
    assert intent(index, "explain the async support") == (
        "django-vs-fastapi/criterion/async-support"
    )


def test_a_how_to_inside_one_framework_is_not_a_migration_question(index: MatcherIndex) -> None:
    assert intent(index, "How do I roll back a single migration in Django?") is None
    assert intent(index, "how do we migrate our app from django to fastapi") == (
        "django-vs-fastapi/migration"
    )


def test_a_word_no_dictionary_has_weighs_more_than_an_everyday_word_we_never_use(
    index: MatcherIndex,
) -> None:
    # Both add one word the knowledge never uses to the same question about the admin.
    named = determine_intent(index, "does django ship an admin for granian", ON_PAGE)
    worded = determine_intent(index, "does django ship an admin for grandmothers", ON_PAGE)
    assert named.confidence < worded.confidence


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Excuse me, with whom do I speak here?", "bot-identity"),
        ("who am i chatting with", "bot-identity"),
        ("who do I talk to for a quote", "consultation"),
        ("could we partner up on client projects? who do i talk to", "consultation"),
        ("who am I talking to right now?", "bot-identity"),
    ],
)
def test_who_am_i_talking_to_is_read_by_grammar(
    index: MatcherIndex, text: str, expected: str
) -> None:
    assert intent(index, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("airflow, what is it in a nutshell", "framework/airflow"),
        ("what is flask in a nutshell", "framework/flask"),
        ("django vs fastapi in a nutshell", "django-vs-fastapi/verdict"),
        ("what is fastapi in one sentence, for someone coming from express", "framework/fastapi"),
    ],
)
def test_what_is_a_framework_briefly_and_for_someone_from_elsewhere(
    index: MatcherIndex, text: str, expected: str
) -> None:
    assert intent(index, text) == expected


def test_lone_marks_beside_vs_are_not_versions(index: MatcherIndex) -> None:
    assert intent(index, "DX at 8 vs 9, why?") == "django-vs-fastapi/criterion/developer-experience"
    assert intent(index, "is python 3.12 faster than 3.11") is None


def test_a_named_topic_answers_its_risk_rather_than_the_list_of_pitfalls(
    index: MatcherIndex,
) -> None:
    text = "whats the risk of the framework getting abandoned? fastapi seems young"
    assert intent(index, text) == "django-vs-fastapi/criterion/maturity"
    assert intent(index, "what are the risks in production?") == "django-vs-fastapi/pitfalls"


@pytest.mark.parametrize("text", ["ok", "?", "lol", "yes", "no", "😀", "is django dead"])
def test_a_message_that_asks_nothing_does_not_repeat_the_last_answer(
    index: MatcherIndex, text: str
) -> None:
    assert follow(index, "which is faster", text) != "django-vs-fastapi/criterion/api-performance"


@pytest.mark.parametrize(
    ("before", "text", "expected"),
    [
        ("which is faster", "and async?", "django-vs-fastapi/criterion/async-support"),
        ("how much is a large migration", "how long would that take?",
         "django-vs-fastapi/tier/large"),
        ("What does the Stack Overflow survey say about Django usage?", "Same for FastAPI?",
         "django-vs-fastapi/metric/stack-overflow-usage"),
        ("how much is a large migration", "who wrote this page", "about-us"),
    ],
)  # fmt: skip
def test_a_follow_up_that_asks_or_names_something_leans_on_the_last_answer(
    index: MatcherIndex, before: str, text: str, expected: str
) -> None:
    assert follow(index, before, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("bob@example.com", None),
        ("see https://example.com/docs", None),
        ("which one should i pick for a startup mvp", "which-to-choose"),
        ("does fastapi support websockets", "django-vs-fastapi/criterion/async-support"),
    ],
)
def test_addresses_are_not_words_and_a_size_alone_is_not_a_topic(
    index: MatcherIndex, text: str, expected: str | None
) -> None:
    assert intent(index, text) == expected


def test_the_other_one_after_a_framework_of_the_page_is_the_other_framework(
    index: MatcherIndex,
) -> None:
    context = MatchContext("django-vs-fastapi", last="framework:fastapi")
    assert determine_intent(index, "And the other one?", context).intent == "framework/django"


def test_do_i_need_either_for_a_nightly_job_is_the_neither_answer(index: MatcherIndex) -> None:
    text = "I need a nightly job that loads a CSV into a database. Do I need Django or FastAPI?"
    assert intent(index, text) == "django-vs-fastapi/neither/simple-scripts"


def test_a_what_is_question_about_a_framework_is_not_overridden_by_faq_examples(
    index: MatcherIndex,
) -> None:
    assert intent(index, "Sorry, really basic question: what's Django?") == "framework/django"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("gracias, muy útil la info", "thanks"),
        ("alright, I'll think it over with my cofounder. bye for now", "goodbye"),
    ],
)
def test_pleasantries_are_said_in_any_words_around_them(
    index: MatcherIndex, text: str, expected: str
) -> None:
    assert intent(index, text) == expected


def test_who_is_answering_still_needs_the_question_put_to_it(index: MatcherIndex) -> None:
    # The identity entry is small talk too, but an insult that names a bot does not ask it.
    assert intent(index, "are you a bot?") == "bot-identity"
    assert intent(index, "you're useless, just a sales bot spitting marketing") is None


@pytest.mark.parametrize(
    "text",
    ["do you sell my email to anyone?", "do you store my messages?"],
)
def test_what_happens_to_what_the_visitor_types_is_privacy(index: MatcherIndex, text: str) -> None:
    assert intent(index, text) == "privacy"
    assert intent(index, "what do you do?") != "privacy"


@pytest.mark.parametrize("text", ["what can i ask u here", "what topics do you cover?"])
def test_what_to_ask_is_what_the_assistant_can_help_with(index: MatcherIndex, text: str) -> None:
    assert intent(index, text) == "capabilities"
    assert intent(index, "am I talking to a bot?") == "bot-identity"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("can you sum up the conclusion in one sentence", "django-vs-fastapi/verdict"),
        ("what's your bottom-line conclusion?", "django-vs-fastapi/verdict"),
        ("What is Django, in a sentence or two?", "framework/django"),
    ],
)
def test_asking_for_it_briefly(index: MatcherIndex, text: str, expected: str) -> None:
    assert intent(index, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("who is behind this comparison?", "about-us"),
        ("are you a bot?", "bot-identity"),
    ],
)
def test_who_is_behind_the_page(index: MatcherIndex, text: str, expected: str) -> None:
    assert intent(index, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tl;dr?", "django-vs-fastapi/verdict"),
        ("whats the tl;dr, who wins", "django-vs-fastapi/verdict"),
        ("im not technical at all, just tell me which one i should go with", "which-to-choose"),
        ("in simple terms, what is fastapi?", "framework/fastapi"),
    ],
)
def test_a_brief_answer_is_the_verdict_alone_and_a_shape_beside_a_question(
    index: MatcherIndex, text: str, expected: str
) -> None:
    assert intent(index, text) == expected


@pytest.mark.parametrize(
    "text",
    ["I want a consultation", "i'd like a free consultation"],
)
def test_wanting_the_consultation_asks_for_it(index: MatcherIndex, text: str) -> None:
    assert intent(index, text) == "consultation"
    assert intent(index, "is the consultation free?") == "consultation-info"
