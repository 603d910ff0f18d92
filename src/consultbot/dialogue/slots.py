"""Answer only the part a follow-up asks of the item just discussed: its cost or its duration.

"And how long?" after the whole answer on a medium migration asks for one figure of it; the
matcher says what kind of question it is (``MatchResult.kinds``) and which item it is about, and the
dialogue gives that figure instead of the whole answer again.
"""

from __future__ import annotations

from consultbot.dialogue.answers import ESTIMATE, format_money, format_span
from consultbot.dialogue.replies import Reply
from consultbot.knowledge.comparison import Comparison, CostTier
from consultbot.knowledge.faq import QuestionKind

SLOT_KINDS = frozenset({QuestionKind.COST, QuestionKind.DURATION})
TIER = "tier"
MIGRATION = "migration"


def slot_answer(
    comparison: Comparison, kind: str, item_id: str | None, asked: frozenset[QuestionKind]
) -> Reply | None:
    """The asked figure (cost, duration or both) of a tier or of the migration overview.

    None when the question asks neither, or the item holds no such figure: the whole answer
    is given then.
    """
    slots = asked & SLOT_KINDS
    if not slots or comparison.migration is None:
        return None
    tiers = comparison.migration.tiers
    if kind == TIER:
        tier = comparison.tier(item_id or "")
        if tier is None:
            return None
        others = tuple(f"And a {t.name.lower()} one?" for t in tiers if t.id != tier.id)
        return Reply(_tier_figures(tier, slots), (*others, ESTIMATE))
    if kind == MIGRATION:
        return Reply(_overview_figures(tiers, slots), (*(t.name for t in tiers), ESTIMATE))
    return None


def _tier_figures(tier: CostTier, slots: frozenset[QuestionKind]) -> str:
    said = []
    if QuestionKind.COST in slots:
        said.append(f"costs {format_money(tier.cost)}")
    if QuestionKind.DURATION in slots:
        said.append(f"takes {format_span(tier.timeline)}")
    return f"A {tier.name.lower()} migration typically {' and '.join(said)}."


def _overview_figures(tiers: tuple[CostTier, ...], slots: frozenset[QuestionKind]) -> str:
    def figures(tier: CostTier) -> str:
        said = []
        if QuestionKind.COST in slots:
            said.append(format_money(tier.cost))
        if QuestionKind.DURATION in slots:
            said.append(format_span(tier.timeline))
        return f"{tier.name.lower()} {', '.join(said)}"

    what = {
        frozenset({QuestionKind.COST}): "Typical costs",
        frozenset({QuestionKind.DURATION}): "Typical timelines",
    }.get(slots, "Typical costs and timelines")
    listed = "; ".join(figures(tier) for tier in tiers)
    return f"{what}: {listed}. Which size is closest to yours?"
