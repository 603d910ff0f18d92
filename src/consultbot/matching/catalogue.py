"""What can be answered: each comparison page's items, the frameworks, the FAQ intents.

An item is one answerable thing (a criterion, a cost tier, the list of pitfalls...). Its intent
id (``django-vs-fastapi/criterion/maturity``), the title visitors see, and a question in the
visitor's words that leads back to it (used as a quick reply when the assistant asks which of
two things was meant).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from consultbot.knowledge.comparison import Comparison
from consultbot.knowledge.faq import Intent
from consultbot.knowledge.refs import ItemRef
from consultbot.knowledge.schema import KnowledgeBase


class ItemKind(StrEnum):
    """The kinds of answerable items."""

    VERDICT = "verdict"
    SCORING = "scoring"
    METRICS = "metrics"
    MIGRATION = "migration"
    PITFALLS = "pitfalls"
    ALTERNATIVES = "alternatives"
    CRITERION = "criterion"
    METRIC = "metric"
    TIER = "tier"
    USE_CASE = "use_case"
    SAVING = "saving"
    PITFALL = "pitfall"
    ALTERNATIVE = "alternative"
    NEITHER = "neither"
    FRAMEWORK = "framework"
    FAQ = "faq"


# A named specific item makes its overview the less likely answer ("how much does a large
# migration cost" is about the large tier, not the table of tiers).
OVERVIEW_OF: Mapping[ItemKind, ItemKind] = {
    ItemKind.CRITERION: ItemKind.VERDICT,
    ItemKind.METRIC: ItemKind.METRICS,
    ItemKind.TIER: ItemKind.MIGRATION,
    ItemKind.PITFALL: ItemKind.PITFALLS,
    ItemKind.ALTERNATIVE: ItemKind.ALTERNATIVES,
}


@dataclass(frozen=True, slots=True)
class Item:
    """One answerable thing: its kind and id, its intent id, its title and a way to ask it."""

    kind: ItemKind
    id: str | None
    intent_id: str
    title: str
    ask: str
    suggest: bool = True

    @property
    def key(self) -> str:
        """Return the key phrases point at: ``criterion:maturity``, or ``verdict``."""
        return f"{self.kind}:{self.id}" if self.id is not None else str(self.kind)


@dataclass(frozen=True, slots=True)
class Page:
    """One comparison's items, by key."""

    comparison_id: str
    frameworks: tuple[str, ...]
    items: Mapping[str, Item]
    # Metrics whose every value is a figure ("4.6M", "0.115"), not a feature ("yes, …").
    figures: frozenset[str] = frozenset()
    # The time savings each framework is best for, by framework id ("django" → saving keys).
    savings_of: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Where the page names a tool for a case neither framework fits ("typer" → that case's key).
    used_instead: Mapping[str, str] = field(default_factory=dict)


def topic_id(comparison_id: str, kind: str, item: str | None = None) -> str:
    """Return the intent id of a structured item, e.g. ``django-vs-fastapi/criterion/maturity``."""
    return str(ItemRef.topic(comparison_id, kind, item))


def framework_item(framework_id: str, name: str) -> Item:
    """Return the "what is it" item of a framework or tool."""
    return Item(
        ItemKind.FRAMEWORK,
        framework_id,
        str(ItemRef.framework(framework_id)),
        name,
        f"What is {name}?",
    )


def faq_item(intent: Intent) -> Item:
    """Return the item of a plain FAQ intent, titled in the visitor's words."""
    title = intent.title or _sentence(intent.examples[0])
    return Item(ItemKind.FAQ, intent.id, intent.id, title, title, intent.suggest)


def build_page(kb: KnowledgeBase, comparison: Comparison) -> Page:
    """Return the items of one comparison page."""
    items = {item.key: item for item in _page_items(kb, comparison)}
    figures = frozenset(
        f"{ItemKind.METRIC}:{metric.id}"
        for metric in comparison.metrics
        if all(any(ch.isdigit() for ch in value) for value in metric.values.values())
    )
    savings_of: dict[str, tuple[str, ...]] = {}
    for saving in comparison.time_savings:
        key = f"{ItemKind.SAVING}:{saving.id}"
        savings_of[saving.best] = (*savings_of.get(saving.best, ()), key)
    used_instead = {
        tool: f"{ItemKind.NEITHER}:{neither.id}"
        for neither in comparison.neither_fits
        for tool in neither.instead
    }
    return Page(
        comparison.id, tuple(comparison.frameworks), items, figures, savings_of, used_instead
    )


def _page_items(kb: KnowledgeBase, comparison: Comparison) -> Iterator[Item]:
    first, second = (_name(kb, f) for f in comparison.frameworks[:2])

    def item(kind: ItemKind, item_id: str | None, title: str, ask: str) -> Item:
        return Item(kind, item_id, topic_id(comparison.id, kind, item_id), title, ask)

    yield item(ItemKind.VERDICT, None, f"{first} vs {second} overall", "Who wins overall?")
    if comparison.scoring is not None:
        yield item(ItemKind.SCORING, None, "How the scores work", "How do the scores work?")
    if comparison.metrics:
        yield item(ItemKind.METRICS, None, "The key figures", "Show me the numbers")
    if comparison.migration is not None:
        yield item(ItemKind.MIGRATION, None, "Migration costs", "What does a migration cost?")
        for tier in comparison.migration.tiers:
            name = tier.name.lower()
            yield item(ItemKind.TIER, tier.id, f"A {name} migration",
                       f"What does a {name} migration cost?")  # fmt: skip
    if comparison.pitfalls:
        yield item(ItemKind.PITFALLS, None, "Production pitfalls", "What can go wrong?")
    if comparison.alternatives:
        yield item(ItemKind.ALTERNATIVES, None, "Alternatives", "What are the alternatives?")
    for criterion in comparison.criteria:
        yield item(ItemKind.CRITERION, criterion.id, criterion.name,
                   f"Compare {criterion.name.lower()}")  # fmt: skip
    for metric in comparison.metrics:
        yield item(ItemKind.METRIC, metric.id, metric.name, metric.name)
    for case in comparison.use_cases:
        yield item(ItemKind.USE_CASE, case.id, case.title,
                   f"Which is best for {case.title[0].lower()}{case.title[1:]}?")  # fmt: skip
    for saving in comparison.time_savings:
        yield item(ItemKind.SAVING, saving.id, saving.title, saving.title)
    for pitfall in comparison.pitfalls:
        yield item(ItemKind.PITFALL, pitfall.id, pitfall.title, pitfall.title)
    for alternative in comparison.alternatives:
        name = _name(kb, alternative.framework)
        yield item(ItemKind.ALTERNATIVE, alternative.framework, name, f"What about {name}?")
    for neither in comparison.neither_fits:
        yield item(ItemKind.NEITHER, neither.id, neither.title, neither.title)


def _name(kb: KnowledgeBase, framework_id: str) -> str:
    framework = kb.framework(framework_id)
    return framework.name if framework else framework_id


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]
