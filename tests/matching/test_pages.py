"""Many comparison pages: each conversation is scoped to its page unless another pair is named."""

from __future__ import annotations

from consultbot.matching.compile import compile_index
from consultbot.matching.evidence import MatchContext
from consultbot.matching.matcher import determine_intent
from tests.matching.conftest import comparison_kb

QUESTIONS = ("which is faster", "how much does a small migration cost", "what can go wrong",
             "alpha vs beta", "what do you recommend for a web shop")  # fmt: skip


def test_a_page_answers_the_same_whatever_the_number_of_pages() -> None:
    one, many = compile_index(comparison_kb(1)), compile_index(comparison_kb(40))
    page = MatchContext("alpha-vs-beta")
    for text in QUESTIONS:
        assert determine_intent(one, text, page).intent == determine_intent(many, text, page).intent


def test_a_conversation_on_another_page_answers_about_its_own_pair() -> None:
    index = compile_index(comparison_kb(40))
    page = MatchContext("first7-vs-second7")
    assert determine_intent(index, "which is faster", page).intent == (
        "first7-vs-second7/criterion/speed"
    )


def test_naming_another_pair_switches_to_its_page() -> None:
    index = compile_index(comparison_kb(40))
    result = determine_intent(
        index, "firstling12 vs secondling12 speed", MatchContext("alpha-vs-beta")
    )
    assert result.intent == "first12-vs-second12/criterion/speed"
    alone = determine_intent(index, "which is faster, firstling3 or secondling3?")
    assert alone.intent == "first3-vs-second3/criterion/speed"


def test_pages_share_their_names_so_the_phrase_table_grows_only_by_framework_names() -> None:
    one, many = compile_index(comparison_kb(1)), compile_index(comparison_kb(40))
    added = set(many.phrases) - set(one.phrases)
    # Two framework names (id and display name) per added page, and nothing else.
    assert len(added) <= 4 * 39
    assert all(word.startswith(("first", "second")) for phrase in added for word in phrase)
