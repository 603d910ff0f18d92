"""Matching a message: the winner, its confidence, fallbacks, suggestions, the explanation."""

from __future__ import annotations

from dataclasses import replace

import pytest

from consultbot.knowledge.faq import QuestionKind
from consultbot.knowledge.schema import KnowledgeBase
from consultbot.matching.compile import compile_index
from consultbot.matching.evidence import MatchContext
from consultbot.matching.index import MatcherIndex
from consultbot.matching.matcher import determine_intent

PAGE = MatchContext("django-vs-fastapi")


def test_a_typo_ridden_question_reaches_its_criterion_and_explains_why(
    index: MatcherIndex,
) -> None:
    result = determine_intent(index, "wich is fatser djnago or fastpi", PAGE)
    assert result.intent == "django-vs-fastapi/criterion/api-performance"
    assert 0 < result.confidence <= 1 and not result.fallback
    assert result.runner_up is not None
    explanation = result.explain()
    assert "fatser→faster" in explanation and "djnago→django" in explanation
    assert "fastpi→fastapi" in explanation
    assert "name 'faster'" in explanation and "cue compare" in explanation
    assert "margin" in explanation


def test_structured_items_match_from_their_names_without_examples(index: MatcherIndex) -> None:
    assert str(determine_intent(index, "how do they compare on docs").intent).endswith(
        "/documentation"
    )
    assert str(determine_intent(index, "which has better documentation").intent).endswith(
        "/documentation"
    )


def test_out_of_scope_chatter_falls_back_without_small_talk_suggestions(
    index: MatcherIndex,
) -> None:
    result = determine_intent(index, "what is the weather in paris tomorrow", PAGE)
    assert result.fallback and result.intent is None
    assert result.foreign == ("paris",)
    assert not {"greeting", "thanks", "goodbye", "bot-identity"} & {
        s.intent_id for s in result.suggestions
    }


def test_nothing_known_falls_back_without_a_guess(index: MatcherIndex) -> None:
    result = determine_intent(index, "xqzt vbnm", PAGE)
    assert result.fallback and result.best is None and result.confidence == 0
    assert "falling back" in result.explain()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("what's the difference between django and fast api", "django-vs-fastapi/verdict"),
        ("how much does it cost to migrate?", "django-vs-fastapi/migration"),
        ("price?", "django-vs-fastapi/migration"),
        ("cost", "django-vs-fastapi/migration"),
        ("who wins overall?", "django-vs-fastapi/verdict"),
        ("is the consultation free?", "consultation-info"),
        ("what ORM should I use with FastAPI", "django-vs-fastapi/metric/built-in-orm"),
        ("what could go wrong?", "django-vs-fastapi/pitfalls"),
        ("go vs fastapi for high-throughput apis", "django-vs-fastapi/alternative/go-gin"),
        ("which to choose", "which-to-choose"),
    ],
)
def test_the_basic_questions_of_the_issue_are_answered(
    index: MatcherIndex, text: str, expected: str
) -> None:
    assert determine_intent(index, text, PAGE).intent == expected


def test_a_higher_threshold_turns_a_weak_match_into_a_question(index: MatcherIndex) -> None:
    strict = replace(index, settings=replace(index.settings, threshold=0.99))
    result = determine_intent(strict, "how mature is django", PAGE)
    assert result.fallback and result.clarify
    assert result.suggestions[0].intent_id == "django-vs-fastapi/criterion/maturity"


def test_a_generic_faq_knowledge_base_is_matched_from_its_examples(faq_kb: KnowledgeBase) -> None:
    index = compile_index(faq_kb)
    assert determine_intent(index, "wheres my parcell").intent == "delivery"
    assert determine_intent(index, "can i get a refund").intent == "refund"
    assert determine_intent(index, "what time do you open").intent == "opening-hours"


def test_an_empty_knowledge_base_always_falls_back() -> None:
    index = compile_index(KnowledgeBase())
    assert determine_intent(index, "hello").fallback


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Who is answering, when the question is put to the assistant...
        ("is this an AI?", "bot-identity"),
        ("am i talking to a human", "bot-identity"),
        ("are you a real person?", "bot-identity"),
        # ...and the same words in their usual sense.
        ("I want to talk to a human", "consultation"),
        ("which is better for AI inference", "django-vs-fastapi/use_case/ml-inference"),
        # "This comparison" is the page being read, not a request to compare.
        ("who wrote this comparison?", "about-us"),
        ("fastapi vs django comparison", "django-vs-fastapi/verdict"),
        # An FAQ entry's words asked with a kind it answers.
        ("how much does a consultation cost", "consultation-info"),
        ("how long is the consultation", "consultation-info"),
        ("price for building an mvp from scratch", "new-build-cost"),
    ],
)
def test_what_is_asked_of_whom_and_about_what(
    index: MatcherIndex, text: str, expected: str
) -> None:
    assert determine_intent(index, text, PAGE).intent == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A mark out of ten, however written, asks how the scores work.
        ("what does a 7/10 mean", "django-vs-fastapi/scoring"),
        # "How long has X been around" asks its age, not how long a piece of work takes.
        ("how long has django been around", "django-vs-fastapi/criterion/maturity"),
        ("how long does a migration take", "django-vs-fastapi/migration"),
    ],
)
def test_numbers_and_tenses_that_change_the_question(
    index: MatcherIndex, text: str, expected: str
) -> None:
    assert determine_intent(index, text, PAGE).intent == expected


def test_out_of_the_box_is_not_a_mark(index: MatcherIndex) -> None:
    result = determine_intent(index, "what comes out of the box", PAGE)
    assert all(r.rule != "cue scoring" for r in result.reasons)
    assert (result.best is None) or result.best.intent_id != "django-vs-fastapi/scoring"


@pytest.mark.parametrize(
    "text",
    [
        "recommend me a good netflix show",
        "can you recommend a good python course for a data analyst?",
        "flask vs bottle?",
    ],
)
def test_asking_for_something_the_knowledge_never_names_falls_back(
    index: MatcherIndex, text: str
) -> None:
    assert determine_intent(index, text, PAGE).intent is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("which framework do you recommend", "which-to-choose"),
        ("flask vs django for a blog", "django-vs-fastapi/alternative/flask"),
    ],
)
def test_the_same_shapes_about_our_topics_are_answered(
    index: MatcherIndex, text: str, expected: str
) -> None:
    assert determine_intent(index, text, PAGE).intent == expected


def test_a_follow_up_after_what_a_framework_is_reads_the_page_row_on_it(
    index: MatcherIndex,
) -> None:
    after = MatchContext("django-vs-fastapi", "framework:litestar")
    result = determine_intent(index, "ok what's the downside", after)
    assert result.intent == "django-vs-fastapi/alternative/litestar"


def test_thanks_after_an_answer_is_thanks_not_a_follow_up(index: MatcherIndex) -> None:
    after = MatchContext("django-vs-fastapi", "criterion:api-performance")
    assert determine_intent(index, "thanks, that helps", after).intent == "thanks"
    assert determine_intent(index, "and why?", after).intent == (
        "django-vs-fastapi/criterion/api-performance"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("how much time does django save on an app with logins and an admin",
         "django-vs-fastapi/saving/crud-app"),
        ("json backend for a mobile app: which one ships faster?",
         "django-vs-fastapi/saving/pure-api"),
        ("which is faster under load", "django-vs-fastapi/criterion/api-performance"),
    ],
)  # fmt: skip
def test_time_saved_on_a_project_is_not_speed(
    index: MatcherIndex, text: str, expected: str
) -> None:
    assert determine_intent(index, text, PAGE).intent == expected


@pytest.mark.parametrize(
    "text",
    [
        "write a django model for a blog post with tags",
        "can you write me a sqlalchemy model for a users table?",
        "what's new in django 5.1",
        "how do i install fastapi with pip?",
    ],
)
def test_requests_for_code_and_news_are_not_answered_from_the_page(
    index: MatcherIndex, text: str
) -> None:
    assert determine_intent(index, text, PAGE).intent is None


@pytest.mark.parametrize(
    "text",
    [
        "great, thanks! also could you please proofread my cover letter",
        "ok last thing, can u review our django repo and say if it is any good",
        "quick one: would you help me draft a tweet about the admin",
        "tell me a joke about python",
        "what is the admin password for the dashboard",
    ],
)
def test_a_request_for_work_or_off_topic_fun_later_in_the_message_is_not_answered(
    index: MatcherIndex, text: str
) -> None:
    assert determine_intent(index, text, PAGE).intent is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "I can generate…" is the visitor's own doing, not a request to us.
        ("does fastapi give me an openapi schema so i can generate my client", "auto-api-docs"),
        ("can you compare the admin of both", "built-in-admin"),
    ],
)
def test_can_without_a_request_to_us_still_answers(
    index: MatcherIndex, text: str, expected: str
) -> None:
    assert determine_intent(index, text, PAGE).intent == f"django-vs-fastapi/metric/{expected}"


@pytest.mark.parametrize(
    ("text", "last"),
    [
        ("ok now translate that into pirate speak", "framework:django"),
        ("and now write me a sqlalchemy model for a users table", "metric:built-in-orm"),
    ],
)
def test_a_request_for_work_after_an_answer_is_still_not_answered(
    index: MatcherIndex, text: str, last: str
) -> None:
    after = MatchContext("django-vs-fastapi", last)
    assert determine_intent(index, "tell me more about that", after).intent is not None
    assert determine_intent(index, text, after).intent is None


def test_a_how_to_word_lowers_the_faq_entries_but_not_hiring_us(index: MatcherIndex) -> None:
    # "help me with" is how the capabilities entry is asked; homework is not what we do.
    assert determine_intent(index, "what can you help me with?", PAGE).intent == "capabilities"
    assert determine_intent(index, "can you help me with my python homework", PAGE).intent is None
    # Asking us to fix it is asking to hire us.
    assert determine_intent(index, "can your engineers fix our django app?", PAGE).intent == (
        "consultation"
    )
    # "book" is booking a call; a good book to read is a how-to.
    assert determine_intent(index, "can I book a call?", PAGE).intent == "consultation"
    assert determine_intent(index, "recommend a good book on django", PAGE).intent is None


def test_building_something_for_us_is_still_a_sales_request(index: MatcherIndex) -> None:
    assert determine_intent(index, "can you build our api backend?", PAGE).intent == (
        "consultation"
    )
    assert determine_intent(index, "can you explain what fastapi is?", PAGE).intent == (
        "framework/fastapi"
    )


def test_asking_to_talk_to_a_person_is_not_asking_who_answers(index: MatcherIndex) -> None:
    assert determine_intent(index, "can I talk to a person?", PAGE).intent == "consultation"


@pytest.mark.parametrize(
    "text",
    [
        "migrar django a fastapi, precio?",
        "combien pour migrer vers fastapi",
        "kosten der migration",
    ],
)
def test_a_few_words_of_other_languages_are_read(index: MatcherIndex, text: str) -> None:
    assert determine_intent(index, text, PAGE).intent == "django-vs-fastapi/migration"


def test_the_result_says_which_kinds_of_question_were_asked(index: MatcherIndex) -> None:
    read = determine_intent(index, "how long and how much for a medium migration", PAGE)
    assert {QuestionKind.DURATION, QuestionKind.COST} <= read.kinds
    assert QuestionKind.COST not in determine_intent(index, "by how much?", PAGE).kinds


@pytest.mark.parametrize(
    "text", ["compare django and rails", "what's the difference between rails and fastapi"]
)
def test_our_framework_joined_by_and_to_another_compares_with_something_else(
    index: MatcherIndex, text: str
) -> None:
    read = determine_intent(index, text, PAGE)
    assert read.intent is None and "rails" in read.unknown


def test_our_two_frameworks_joined_by_and_are_the_page(index: MatcherIndex) -> None:
    read = determine_intent(index, "compare django and fastapi", PAGE)
    assert read.intent == "django-vs-fastapi/verdict"


def test_a_greeting_before_a_question_in_german_answers_the_question(index: MatcherIndex) -> None:
    read = determine_intent(index, "hallo, welches framework ist schneller?", PAGE)
    assert read.intent == "django-vs-fastapi/criterion/api-performance"
