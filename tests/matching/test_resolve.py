"""What is asked x what about x the conversation's context, on a small page built in memory."""

from __future__ import annotations

import pytest

from consultbot.matching.evidence import MatchContext
from consultbot.matching.index import MatcherIndex
from consultbot.matching.matcher import determine_intent

PAGE = "alpha-vs-beta"
ON_PAGE = MatchContext(PAGE)


def intent(index: MatcherIndex, text: str, context: MatchContext = ON_PAGE) -> str | None:
    return determine_intent(index, text, context).intent


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("alpha vs beta", "alpha-vs-beta/verdict"),
        ("what's the difference", "alpha-vs-beta/verdict"),
        ("which is faster", "alpha-vs-beta/criterion/speed"),
        ("price?", "alpha-vs-beta/migration"),
        ("how much does it cost to migrate", "alpha-vs-beta/migration"),
        ("how much does a small migration cost", "alpha-vs-beta/tier/small"),
        ("what can go wrong", "alpha-vs-beta/pitfalls"),
        ("any pitfalls with two orms", "alpha-vs-beta/pitfall/mixing"),
        ("what are the alternatives", "alpha-vs-beta/alternatives"),
        ("which should i choose", "choose"),
        ("what do you recommend for a web shop", "alpha-vs-beta/use_case/shops"),
        ("what is delta", "framework/delta"),
        ("hello", "hello"),
    ],
)
def test_kind_and_subject_resolve_to_one_item(
    tiny_index: MatcherIndex, text: str, expected: str
) -> None:
    assert intent(tiny_index, text) == expected


def test_the_kind_decides_between_items_sharing_a_name(tiny_index: MatcherIndex) -> None:
    # "enterprise" names both the use case and the large tier: the question's kind decides.
    assert intent(tiny_index, "what does an enterprise migration cost") == (
        "alpha-vs-beta/tier/large"
    )
    assert intent(tiny_index, "which is best for enterprise") == (
        "alpha-vs-beta/use_case/enterprise"
    )


def test_a_name_shared_by_two_items_without_a_kind_asks_which(tiny_index: MatcherIndex) -> None:
    result = determine_intent(tiny_index, "throughput", ON_PAGE)
    assert result.intent is None and result.clarify
    assert {s.intent_id for s in result.suggestions} >= {
        "alpha-vs-beta/criterion/speed",
        "alpha-vs-beta/metric/rps",
    }
    assert all("/" not in s.ask for s in result.suggestions)


def test_a_migration_size_alone_is_not_a_migration_question(tiny_index: MatcherIndex) -> None:
    assert intent(tiny_index, "enterprise") == "alpha-vs-beta/use_case/enterprise"
    after_migration = MatchContext(PAGE, "migration")
    assert intent(tiny_index, "and a large one?", after_migration) == "alpha-vs-beta/tier/large"


def test_a_follow_up_takes_its_subject_from_the_last_answer(tiny_index: MatcherIndex) -> None:
    after_tier = MatchContext(PAGE, "tier:large")
    assert intent(tiny_index, "how long would that take?", after_tier) == (
        "alpha-vs-beta/tier/large"
    )
    after_speed = MatchContext(PAGE, "criterion:speed")
    assert intent(tiny_index, "why?", after_speed) == "alpha-vs-beta/criterion/speed"
    assert intent(tiny_index, "and admin?", after_speed) == "alpha-vs-beta/criterion/admin"


def test_context_does_not_capture_a_new_question(tiny_index: MatcherIndex) -> None:
    after_tier = MatchContext(PAGE, "tier:large")
    assert intent(tiny_index, "hello", after_tier) == "hello"
    assert intent(tiny_index, "what are the alternatives", after_tier) == (
        "alpha-vs-beta/alternatives"
    )


def test_an_english_word_that_is_also_a_name_counts_only_where_it_reads_as_one(
    tiny_index: MatcherIndex,
) -> None:
    # "go" is an alias of Gamma, but "what could go wrong" is about pitfalls.
    assert intent(tiny_index, "what could go wrong?") == "alpha-vs-beta/pitfalls"
    result = determine_intent(tiny_index, "go vs beta for a shop", ON_PAGE)
    assert result.intent == "alpha-vs-beta/alternative/gamma"
    assert result.outside == ("gamma",)


def test_an_unknown_comparand_falls_back_and_names_it(tiny_index: MatcherIndex) -> None:
    result = determine_intent(tiny_index, "alpha vs rails", ON_PAGE)
    assert result.intent is None and result.unknown == ("rails",)
    assert "rails" in result.explain()


def test_words_the_knowledge_never_uses_keep_a_cue_from_answering(
    tiny_index: MatcherIndex,
) -> None:
    assert intent(tiny_index, "how much does a pizza with extra cheese cost") is None
    assert intent(tiny_index, "how do i install alpha on windows") is None


def test_a_rule_match_explains_its_rules_and_words(tiny_index: MatcherIndex) -> None:
    result = determine_intent(tiny_index, "how much does a small migration cost", ON_PAGE)
    explanation = result.explain()
    assert "matched alpha-vs-beta/tier/small" in explanation
    assert "name 'small'" in explanation and "cue cost 'cost, how much'" in explanation
    assert "cue migrate 'migration'" in explanation


def test_a_complete_rule_match_is_not_overridden_by_the_learned_scorer(
    tiny_index: MatcherIndex,
) -> None:
    # "choose" has a learned example with "which", yet the criterion is named.
    result = determine_intent(tiny_index, "which should i choose for speed", ON_PAGE)
    assert result.intent == "alpha-vs-beta/criterion/speed"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A plain "what is" asks for the framework itself, even one the page lists as an option.
        ("what is gamma", "framework/gamma"),
        ("gamma is what exactly", "framework/gamma"),
        # Anything more ("how does it compare", "what about") is answered by the page's row.
        ("what about gamma?", "alpha-vs-beta/alternative/gamma"),
        ("what is gamma, is it better than alpha", "alpha-vs-beta/alternative/gamma"),
    ],
)
def test_what_is_an_alternative_answers_the_framework_and_more_answers_the_row(
    tiny_index: MatcherIndex, text: str, expected: str
) -> None:
    assert intent(tiny_index, text) == expected


def test_a_weak_name_counts_when_written_with_a_capital_inside_a_sentence(
    tiny_index: MatcherIndex,
) -> None:
    # "go" is English and Gamma's alias: lower case in a sentence it is the verb.
    assert intent(tiny_index, "We could look at Go") == "alpha-vs-beta/alternative/gamma"
    assert intent(tiny_index, "we could look at go") is None
    assert intent(tiny_index, "what can go wrong") == "alpha-vs-beta/pitfalls"
