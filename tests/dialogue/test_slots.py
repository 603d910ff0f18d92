"""Follow-ups that ask one figure of the item just answered get that figure, not it all again."""

from __future__ import annotations

from consultbot.dialogue.answers import format_money, format_span
from consultbot.knowledge.comparison import Comparison, CostTier
from consultbot.knowledge.faq import QuestionKind
from consultbot.knowledge.schema import KnowledgeBase
from consultbot.matching.evidence import MatchContext
from consultbot.matching.index import MatcherIndex
from consultbot.matching.matcher import determine_intent
from tests.dialogue.conftest import Chat, text_of

MEDIUM = "django-vs-fastapi/tier/medium"


def comparison(kb: KnowledgeBase) -> Comparison:
    found = kb.comparison("django-vs-fastapi")
    assert found is not None
    return found


def tier(kb: KnowledgeBase, tier_id: str) -> CostTier:
    found = comparison(kb).tier(tier_id)
    assert found is not None
    return found


def test_how_long_after_a_tier_answer_gives_only_its_duration(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    medium = tier(kb, "medium")
    chat = Chat(kb, index)
    whole = chat.say("what would a medium migration cost?")
    assert medium.description in text_of(whole)
    follow_up = chat.say("and how long?")
    assert follow_up.intent == MEDIUM
    assert text_of(follow_up) == (
        f"A medium migration typically takes {format_span(medium.timeline)}."
    )
    assert "Get a cost estimate" in follow_up.replies[0].quick_replies


def test_how_much_after_a_tier_answer_gives_only_its_cost(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    medium = tier(kb, "medium")
    chat = Chat(kb, index)
    chat.say("what would a medium migration cost?")
    follow_up = chat.say("how much would that be?")
    assert follow_up.intent == MEDIUM
    assert text_of(follow_up) == f"A medium migration typically costs {format_money(medium.cost)}."


def test_cost_and_duration_asked_together_get_both_figures(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    large = tier(kb, "large")
    chat = Chat(kb, index)
    chat.say("what would migrating a large app cost?")
    both = text_of(chat.say("what's the price and timeline?"))
    assert both == (
        f"A large migration typically costs {format_money(large.cost)} "
        f"and takes {format_span(large.timeline)}."
    )


def test_a_follow_up_naming_another_tier_gets_that_tier_in_full(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    chat = Chat(kb, index)
    chat.say("what would a medium migration cost?")
    large = chat.say("and how long for a large one?")
    assert large.intent == "django-vs-fastapi/tier/large"
    assert tier(kb, "large").description in text_of(large)


def test_a_first_question_about_a_tier_gets_the_whole_answer(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    # The slot answer is for follow-ups: asked first, "how long" gets the full picture.
    answer = Chat(kb, index).say("how long does a medium migration take?")
    assert answer.intent == MEDIUM
    assert tier(kb, "medium").description in text_of(answer)


def test_a_follow_up_on_the_migration_overview_lists_the_asked_figure_per_tier(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    chat = Chat(kb, index)
    chat.say("What does a migration cost?")
    timelines = text_of(chat.say("and how long?"))
    migration = comparison(kb).migration
    assert migration is not None
    tiers = migration.tiers
    assert timelines.startswith("Typical timelines: ")
    for each in tiers:
        assert f"{each.name.lower()} {format_span(each.timeline)}" in timelines
        assert format_money(each.cost) not in timelines
    assert "Medium" in chat.say("how much?").replies[0].quick_replies


def test_the_kinds_asked_come_with_the_match(index: MatcherIndex) -> None:
    context = MatchContext("django-vs-fastapi", "tier:medium")
    assert determine_intent(index, "and how long?", context).kinds == {QuestionKind.DURATION}
    assert QuestionKind.COST in determine_intent(index, "how much?", context).kinds
    assert not determine_intent(index, "hello", context).kinds & {
        QuestionKind.COST,
        QuestionKind.DURATION,
    }
