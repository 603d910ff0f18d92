"""Answers written from the structured knowledge, on a small comparison built in memory."""

from __future__ import annotations

import pytest

from consultbot.dialogue.answers import (
    ESTIMATE,
    EXPERT,
    answer_framework,
    answer_topic,
    describe_tier,
    format_money,
    format_span,
    name_of,
)
from consultbot.dialogue.replies import Reply
from consultbot.knowledge.comparison import Comparison, Money, Span
from consultbot.knowledge.schema import KnowledgeBase
from tests.matching.conftest import comparison_kb

KB = comparison_kb()
[ALPHA_VS_BETA] = KB.comparisons


def topic(kind: str, item_id: str | None = None) -> Reply | None:
    """Answer a topic of the Alpha vs Beta comparison."""
    return answer_topic(KB, ALPHA_VS_BETA, kind, item_id)


@pytest.mark.parametrize(
    ("money", "written"),
    [
        (Money(min=6000, max=20000), "$6K–$20K"),
        (Money(min=120_000, max=400_000, open_ended=True), "$120K–$400K+"),
        (Money(min=500, max=1_500_000, currency="EUR"), "€500–€1.5M"),
        (Money(min=1000, max=2500, currency="GBP"), "£1K–£2.5K"),
        (Money(min=100, max=200, currency="CHF"), "CHF 100–CHF 200"),
    ],
)
def test_money_is_written_as_the_page_writes_it(money: Money, written: str) -> None:
    assert format_money(money) == written


def test_a_span_gives_both_ends_and_the_unit() -> None:
    assert format_span(Span(min=2, max=6, unit="weeks")) == "2–6 weeks"


def test_a_framework_is_named_by_its_display_name_or_its_id() -> None:
    assert name_of(KB, "beta") == "Beta"
    assert name_of(KB, "omega") == "omega"


def test_a_tier_says_cost_time_and_what_the_ranges_come_from() -> None:
    assert ALPHA_VS_BETA.migration is not None
    small = ALPHA_VS_BETA.migration.tiers[0]
    assert describe_tier(ALPHA_VS_BETA, small) == (
        "A small migration (one service) typically costs $1K–$2K and takes 1–2 weeks. "
        "These ranges come from 10+ migrations we have delivered."
    )


def test_a_framework_answer_says_what_it_is_and_where_it_is_compared() -> None:
    compared = answer_framework(KB, "beta")
    assert compared == Reply(
        "Beta is one of the tools our pages mention. In alpha vs beta: Pick it for speed.",
        ("Who wins overall?", EXPERT),
    )
    tool = answer_framework(KB, "delta")
    assert tool == Reply("A job runner.", ())
    alternative = answer_framework(KB, "gamma")
    assert alternative is not None
    assert alternative.quick_replies == (
        "Is Gamma a good alternative?",
        "What are the alternatives?",
    )
    assert answer_framework(KB, "omega") is None


def test_a_criterion_gives_both_scores_the_winner_and_why() -> None:
    assert topic("criterion", "speed") == Reply(
        "Speed: Beta wins (Alpha 5/10, Beta 9/10). It is leaner.", ("Admin screens", ESTIMATE)
    )


@pytest.mark.parametrize(
    ("kind", "item_id", "start"),
    [
        ("metric", "rps", "Requests per second — Alpha: 5K; Beta: 50K. Source: a benchmark."),
        ("tier", "large", "A large migration (a platform) typically costs $9K–$20K"),
        ("migration", None, "It depends on the size of the project — small (one service): "),
        ("alternative", "gamma", "Gamma is best for static sites. Pricing: free."),
        ("alternatives", None, "When neither fits, teams also look at: Gamma for static sites."),
        ("pitfall", "mixing", "Mixing both ORMs: Deadlocks. Pick one."),
        ("pitfalls", None, "The failures we see most in production: Mixing both ORMs"),
        ("use_case", "shops", "For web shops, go with Alpha. Carts come built in."),
        ("verdict", None, "Both are fine."),
        ("metrics", None, "I can quote these figures, each with its source: Requests per second."),
    ],
)
def test_each_kind_of_topic_is_answered_from_its_item(
    kind: str, item_id: str | None, start: str
) -> None:
    reply = topic(kind, item_id)
    assert reply is not None and reply.text.startswith(start)


@pytest.mark.parametrize(
    ("kind", "item_id"),
    [("criterion", "gone"), ("tier", "medium"), ("pitfall", None), ("neither", "x"),
     ("saving", "x"), ("scoring", None), ("no-such-kind", None)],
)  # fmt: skip
def test_a_topic_whose_item_is_gone_has_no_answer(kind: str, item_id: str | None) -> None:
    assert topic(kind, item_id) is None


def test_a_tier_names_what_the_ranges_include_when_the_knowledge_says() -> None:
    assert ALPHA_VS_BETA.migration is not None
    migration = ALPHA_VS_BETA.migration.model_copy(update={"includes": ("testing", "QA")})
    comparison = ALPHA_VS_BETA.model_copy(update={"migration": migration})
    assert describe_tier(comparison, migration.tiers[0]).endswith(
        "These ranges come from 10+ migrations we have delivered and include testing and QA."
    )


def test_a_comparison_without_lists_has_no_list_answers() -> None:
    bare = Comparison.model_validate(
        {**ALPHA_VS_BETA.model_dump(), "metrics": [], "pitfalls": [], "alternatives": [],
         "migration": None}
    )  # fmt: skip
    kb = KnowledgeBase(frameworks=KB.frameworks, comparisons=(bare,))
    for kind in ("metrics", "pitfalls", "alternatives", "migration"):
        assert answer_topic(kb, bare, kind, None) is None, kind
