"""Write answers from the structured knowledge: scores, metrics, costs, alternatives..."""

from __future__ import annotations

from consultbot.dialogue.replies import Reply
from consultbot.knowledge.comparison import Comparison, CostTier, Money, Span
from consultbot.knowledge.schema import KnowledgeBase

ESTIMATE = "Get a cost estimate"
EXPERT = "Talk to an expert"


def name_of(kb: KnowledgeBase, framework_id: str) -> str:
    """Return a framework's display name."""
    framework = kb.framework(framework_id)
    return framework.name if framework else framework_id


def format_money(money: Money) -> str:
    """Write a cost range the way the page does: "$6K–$20K" or "$120K–$400K+"."""
    low, high = format_amount(money.min, money.currency), format_amount(money.max, money.currency)
    return f"{low}–{high}" + ("+" if money.open_ended else "")


def format_amount(amount: int, currency: str = "USD") -> str:
    """Write one amount the way the page does: "$120K", "$1.5M", "€900"."""
    symbol = {"USD": "$", "EUR": "€", "GBP": "£"}.get(currency, currency + " ")
    if amount >= 1_000_000:
        return f"{symbol}{amount / 1_000_000:g}M"
    if amount >= 1000:
        return f"{symbol}{amount / 1000:g}K"
    return f"{symbol}{amount}"


def format_span(span: Span) -> str:
    """Write a duration range: "2–6 weeks"."""
    return f"{span.min}–{span.max} {span.unit}"


def describe_tier(comparison: Comparison, tier: CostTier) -> str:
    """Say what a migration tier costs, how long it takes and what the money goes on."""
    text = (
        f"A {tier.name.lower()} migration ({tier.description}) typically costs "
        f"{format_money(tier.cost)} and takes {format_span(tier.timeline)}."
    )
    if tier.approach:
        text += f" The usual approach: {tier.approach}."
    if tier.dominated_by:
        text += f" Most of the effort goes into {_join(tier.dominated_by)}."
    if tier.notes:
        text += " " + " ".join(tier.notes)
    migration = comparison.migration
    if migration is not None:
        text += f" These ranges come from {migration.projects}+ migrations we have delivered"
        # ``includes`` is optional in the knowledge: without it the sentence ends here.
        text += f" and include {_join(migration.includes)}." if migration.includes else "."
    return text


def answer_framework(kb: KnowledgeBase, framework_id: str) -> Reply | None:
    """Say what a framework or tool is, and where it comes up on the comparison pages."""
    framework = kb.framework(framework_id)
    if framework is None:
        return None
    text = framework.description or f"{framework.name} is one of the tools our pages mention."
    if framework.language and framework.language not in text:
        text += f" Language: {framework.language}."
    compared = [c for c in kb.comparisons if framework.id in c.frameworks]
    quick: tuple[str, ...] = ()
    if compared:
        comparison = compared[0]
        verdict = comparison.verdicts.get(framework.id)
        if verdict:
            text += f" In {comparison.title}: {verdict}"
        quick = ("Who wins overall?", EXPERT)
    elif any(a.framework == framework.id for c in kb.comparisons for a in c.alternatives):
        # Asked right after "What is X?", "What about X?" reads as asking the same again.
        quick = (f"Is {framework.name} a good alternative?", "What are the alternatives?")
    return Reply(text, quick)


def answer_topic(
    kb: KnowledgeBase, comparison: Comparison, kind: str, item_id: str | None
) -> Reply | None:
    """Answer a structured topic of a comparison; None if the item no longer exists."""
    writer = _WRITERS.get(kind)
    return writer(kb, comparison, item_id) if writer else None


def _criterion(kb: KnowledgeBase, comparison: Comparison, item_id: str | None) -> Reply | None:
    criterion = comparison.criterion(item_id or "")
    if criterion is None:
        return None
    scores = ", ".join(
        f"{name_of(kb, fw)} {criterion.scores[fw]}/10" for fw in comparison.frameworks
    )
    lead = "It's a tie" if criterion.winner == "tie" else f"{name_of(kb, criterion.winner)} wins"
    others = [c.name for c in comparison.criteria if c.id != criterion.id][:2]
    return Reply(
        f"{criterion.name}: {lead} ({scores}). {criterion.why}",
        (*others, ESTIMATE),
    )


def _metric(kb: KnowledgeBase, comparison: Comparison, item_id: str | None) -> Reply | None:
    metric = comparison.metric(item_id or "")
    if metric is None:
        return None
    values = "; ".join(f"{name_of(kb, fw)}: {metric.values[fw]}" for fw in comparison.frameworks)
    text = f"{metric.name} — {values}. Source: {metric.source}."
    if metric.note:
        text += f" Note: {metric.note}."
    others = [m.name for m in comparison.metrics if m.id != metric.id][:2]
    return Reply(text, tuple(others))


def _tier(kb: KnowledgeBase, comparison: Comparison, item_id: str | None) -> Reply | None:
    tier = comparison.tier(item_id or "")
    if tier is None:
        return None
    others = [f"And a {t.name.lower()} one?" for t in _tiers(comparison) if t.id != tier.id]
    return Reply(describe_tier(comparison, tier), (*others, ESTIMATE))


def _migration(kb: KnowledgeBase, comparison: Comparison, _item: str | None) -> Reply | None:
    tiers = _tiers(comparison)
    if not tiers:
        return None
    lines = "; ".join(
        f"{t.name.lower()} ({t.description}): {format_money(t.cost)}, {format_span(t.timeline)}"
        for t in tiers
    )
    return Reply(
        f"It depends on the size of the project — {lines}. Which one is closest to yours?",
        (*(t.name for t in tiers), ESTIMATE),
    )


def _alternative(kb: KnowledgeBase, comparison: Comparison, item_id: str | None) -> Reply | None:
    alternative = next((a for a in comparison.alternatives if a.framework == item_id), None)
    if alternative is None:
        return None
    name = name_of(kb, alternative.framework)
    return Reply(
        f"{name} is best for {alternative.best_for}. Pricing: {alternative.pricing}. "
        f"Biggest gotcha: {alternative.gotcha}",
        ("Biggest gotcha?", "Other alternatives", EXPERT),
    )


def _alternatives(kb: KnowledgeBase, comparison: Comparison, _item: str | None) -> Reply | None:
    if not comparison.alternatives:
        return None
    listed = "; ".join(
        f"{name_of(kb, a.framework)} for {a.best_for}" for a in comparison.alternatives
    )
    names = tuple(f"What about {name_of(kb, a.framework)}?" for a in comparison.alternatives)
    return Reply(f"When neither fits, teams also look at: {listed}.", names[:3])


def _pitfall(kb: KnowledgeBase, comparison: Comparison, item_id: str | None) -> Reply | None:
    pitfall = next((p for p in comparison.pitfalls if p.id == item_id), None)
    if pitfall is None:
        return None
    return Reply(f"{pitfall.title}: {pitfall.problem} {pitfall.advice}", (ESTIMATE, EXPERT))


def _pitfalls(kb: KnowledgeBase, comparison: Comparison, _item: str | None) -> Reply | None:
    if not comparison.pitfalls:
        return None
    listed = " ".join(f"{p.title}: {p.problem}" for p in comparison.pitfalls)
    return Reply(f"The failures we see most in production: {listed}", (EXPERT,))


def _neither(kb: KnowledgeBase, comparison: Comparison, item_id: str | None) -> Reply | None:
    case = next((n for n in comparison.neither_fits if n.id == item_id), None)
    if case is None:
        return None
    return Reply(f"When {case.when}: {case.advice}", ("Other alternatives", EXPERT))


def _use_case(kb: KnowledgeBase, comparison: Comparison, item_id: str | None) -> Reply | None:
    case = next((u for u in comparison.use_cases if u.id == item_id), None)
    if case is None:
        return None
    return Reply(
        f"For {case.title.lower()}, go with {name_of(kb, case.best)}. {case.why}", (EXPERT,)
    )


def _saving(kb: KnowledgeBase, comparison: Comparison, item_id: str | None) -> Reply | None:
    saving = next((s for s in comparison.time_savings if s.id == item_id), None)
    if saving is None:
        return None
    return Reply(
        f"For a {saving.title[0].lower() + saving.title[1:]}, {name_of(kb, saving.best)} "
        f"comes out ahead: {saving.saving}. {saving.detail}",
        (ESTIMATE,),
    )


def _verdict(kb: KnowledgeBase, comparison: Comparison, _item: str | None) -> Reply | None:
    tally = ", ".join(
        f"{name_of(kb, key) if key != 'ties' else 'ties'} {value}"
        for key, value in comparison.tally.items()
    )
    text = comparison.summary
    if tally:
        text += f" Criteria won: {tally}."
    return Reply(text, tuple(c.name for c in comparison.criteria[:2]) + (EXPERT,))


def _scoring(kb: KnowledgeBase, comparison: Comparison, _item: str | None) -> Reply | None:
    method = comparison.scoring
    if method is None:
        return None
    bands = "; ".join(f"{a.label}: {a.meaning}" for a in method.anchors)
    text = method.scale + (f" {bands}." if bands else "")
    if method.inputs:
        text += f" They draw on {_join(method.inputs)}."
    return Reply(text)


def _metrics(kb: KnowledgeBase, comparison: Comparison, _item: str | None) -> Reply | None:
    if not comparison.metrics:
        return None
    names = ", ".join(m.name for m in comparison.metrics)
    return Reply(
        f"I can quote these figures, each with its source: {names}. Which one?",
        tuple(m.name for m in comparison.metrics[:3]),
    )


def _tiers(comparison: Comparison) -> tuple[CostTier, ...]:
    return comparison.migration.tiers if comparison.migration else ()


def _join(items: tuple[str, ...] | list[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


_WRITERS = {
    "criterion": _criterion,
    "metric": _metric,
    "tier": _tier,
    "migration": _migration,
    "alternative": _alternative,
    "alternatives": _alternatives,
    "pitfall": _pitfall,
    "pitfalls": _pitfalls,
    "neither": _neither,
    "use_case": _use_case,
    "saving": _saving,
    "verdict": _verdict,
    "scoring": _scoring,
    "metrics": _metrics,
}
