"""Any text at all gets a normal result, never an exception."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consultbot.matching.english import english
from consultbot.matching.evidence import MatchContext
from consultbot.matching.index import MatcherIndex
from consultbot.matching.matcher import determine_intent

PAGE = MatchContext("django-vs-fastapi")
ID_LIKE = re.compile(r"\w/\w")
AFTER_A_TIER = MatchContext("django-vs-fastapi", "tier:large")
CONTEXTS = st.sampled_from([MatchContext(), PAGE, AFTER_A_TIER, MatchContext("no-such-page", "x")])


@pytest.mark.parametrize(
    "text",
    ["", "   \n\t ", "x" * 10_000, "🙂🚀🔥", "Джанго или фастапи", "django 和 fastapi",
     "\x00\x1b[31m", "<img src=x onerror=alert(1)>", "'; DROP TABLE leads; --", "ﷺ" * 500],
)  # fmt: skip
def test_awkward_inputs_give_a_normal_result(index: MatcherIndex, text: str) -> None:
    for context in (MatchContext(), PAGE, AFTER_A_TIER):
        result = determine_intent(index, text, context)
        assert 0 <= result.confidence <= 1
        assert result.intent is None or not result.fallback
        result.explain()


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=3000), context=CONTEXTS)
def test_any_text_gives_a_valid_result(
    index: MatcherIndex, text: str, context: MatchContext
) -> None:
    result = determine_intent(index, text, context)
    assert 0 <= result.confidence <= 1
    assert (result.intent is None) == (result.fallback or result.too_close or result.best is None)
    # Offers are in the visitor's words: never an id ("django-vs-fastapi/tier/small"); a name
    # such as "Node.js + Express / Fastify" may hold a spaced slash.
    assert all(s.ask and not ID_LIKE.search(s.ask) for s in result.suggestions)
    result.explain()


WORDS = sorted(english().words)


@settings(max_examples=500, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(word=st.sampled_from(WORDS))
def test_a_real_english_word_is_never_corrected(index: MatcherIndex, word: str) -> None:
    assert index.corrector.correct(word) is None


@pytest.mark.parametrize(
    ("word", "fixed"),
    [("djnago", "django"), ("fastpai", "fastapi"), ("migartion", "migration"),
     ("pitfals", "pitfalls"), ("perfomance", "performance")],
)  # fmt: skip
def test_a_misspelt_non_word_is_corrected(index: MatcherIndex, word: str, fixed: str) -> None:
    assert index.corrector.correct(word) == fixed


@pytest.mark.parametrize("word", ["difference", "your", "whats", "different", "pizza"])
def test_the_issue_s_false_corrections_no_longer_happen(index: MatcherIndex, word: str) -> None:
    assert index.corrector.correct(word) is None


def test_offers_may_name_a_framework_with_a_spaced_slash_but_never_an_id() -> None:
    assert not ID_LIKE.search("What about Node.js + Express / Fastify?")
    assert ID_LIKE.search("django-vs-fastapi/tier/small")
