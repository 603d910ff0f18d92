"""What an editor can add a visitor's phrasing to, and how, found by a search of the knowledge.

Each answerable item takes a phrase in the list its design calls for (knowledge/README.md):
an FAQ entry's ``examples``; a comparison item's ``related`` words (what visitors say around
it) or ``aliases`` (a real other name); a framework's ``aliases``; and an overview (the verdict,
the migration table, the pitfalls...) a ``cue`` for the kind of question that leads to it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from consultbot.knowledge.comparison import Comparison
from consultbot.knowledge.refs import ItemRef
from consultbot.knowledge.schema import KnowledgeBase

EXAMPLES = "examples"
RELATED = "related"
ALIASES = "aliases"
CUE = "cue"

FIELD_LABELS = {
    EXAMPLES: "an example phrasing",
    RELATED: "related words (what visitors say around it)",
    ALIASES: "an alias (a real other name for it)",
    CUE: "a cue (words that ask for this kind of answer)",
}
# Which list under `comparison:` holds each kind of item, and the key naming an entry.
ITEM_LISTS = {
    "criterion": (("criteria",), "id"),
    "metric": (("metrics",), "id"),
    "use_case": (("use_cases",), "id"),
    "saving": (("time_savings",), "id"),
    "tier": (("migration", "tiers"), "id"),
    "pitfall": (("pitfalls",), "id"),
    "alternative": (("alternatives",), "framework"),
    "neither": (("neither_fits",), "id"),
}
# The overviews of a page, and the kind of question (cues.yaml) that leads to each.
OVERVIEW_CUES = {
    "verdict": "overall",
    "migration": "migrate",
    "pitfalls": "pitfalls",
    "alternatives": "alternatives",
    "metrics": "metrics",
    "scoring": "scoring",
}
SEARCH_RESULTS = 12


@dataclass(frozen=True, slots=True)
class Target:
    """An item a phrasing can be added to: its matcher id, title, and the lists it takes."""

    intent_id: str
    title: str
    kind: str
    fields: tuple[str, ...]
    words: str = ""

    @property
    def label(self) -> str:
        """Return how the dashboard names it: "Documentation (criterion)"."""
        return f"{self.title} ({self.kind.replace('_', ' ')})"


def list_targets(kb: KnowledgeBase) -> list[Target]:
    """Return every item of the knowledge that can take a phrasing."""
    found = [
        Target(
            intent.id,
            intent.title or intent.examples[0],
            "FAQ",
            (EXAMPLES,),
            " ".join(intent.examples),
        )
        for intent in kb.intents
    ]
    for comparison in kb.comparisons:
        found.extend(_comparison_targets(comparison))
    for framework in kb.frameworks:
        found.append(
            Target(
                str(ItemRef.framework(framework.id)),
                framework.name,
                "framework",
                (ALIASES,),
                " ".join(framework.aliases),
            )
        )
    return found


def _comparison_targets(comparison: Comparison) -> Iterator[Target]:
    for overview, cue in OVERVIEW_CUES.items():
        if _has_overview(comparison, overview):
            title = f"{comparison.title}: {overview.replace('_', ' ')}"
            yield Target(
                str(ItemRef.topic(comparison.id, overview)), title, f"overview, cue '{cue}'", (CUE,)
            )
    entries: list[tuple[str, str, str, tuple[str, ...], tuple[str, ...]]] = []
    for criterion in comparison.criteria:
        entries.append(
            ("criterion", criterion.id, criterion.name, criterion.aliases, criterion.related)
        )
    for metric in comparison.metrics:
        entries.append(("metric", metric.id, metric.name, metric.aliases, metric.related))
    for case in comparison.use_cases:
        entries.append(("use_case", case.id, case.title, case.aliases, case.related))
    for saving in comparison.time_savings:
        entries.append(("saving", saving.id, saving.title, saving.aliases, saving.related))
    if comparison.migration is not None:
        for tier in comparison.migration.tiers:
            entries.append(("tier", tier.id, f"{tier.name} migration", tier.aliases, tier.related))
    for pitfall in comparison.pitfalls:
        entries.append(("pitfall", pitfall.id, pitfall.title, pitfall.aliases, pitfall.related))
    for alt in comparison.alternatives:
        entries.append(("alternative", alt.framework, alt.framework, (), alt.related))
    for neither in comparison.neither_fits:
        entries.append(("neither", neither.id, neither.title, neither.aliases, neither.related))
    for kind, item_id, title, aliases, related in entries:
        fields = (RELATED,) if kind == "alternative" else (RELATED, ALIASES)
        words = " ".join((*aliases, *related))
        yield Target(str(ItemRef.topic(comparison.id, kind, item_id)), title, kind, fields, words)


def _has_overview(comparison: Comparison, overview: str) -> bool:
    present = {
        "verdict": True,
        "migration": comparison.migration is not None,
        "pitfalls": bool(comparison.pitfalls),
        "alternatives": bool(comparison.alternatives),
        "metrics": bool(comparison.metrics),
        "scoring": comparison.scoring is not None,
    }
    return present[overview]


def find_target(kb: KnowledgeBase, intent_id: str) -> Target | None:
    """Return the item with this matcher id, if it can take a phrasing."""
    return next((t for t in list_targets(kb) if t.intent_id == intent_id), None)


def search_targets(
    kb: KnowledgeBase, query: str, limit: int = SEARCH_RESULTS, first: str | None = None
) -> list[Target]:
    """Return the items whose id, title or words share the most words with ``query``.

    ``first`` (the item the assistant answered or came closest to) leads the list when given.
    """
    words = {word for word in query.casefold().split() if len(word) > 1}
    scored = []
    for position, target in enumerate(list_targets(kb)):
        haystack = f"{target.intent_id} {target.title} {target.words}".casefold()
        hits = sum(1 for word in words if word in haystack)
        if target.intent_id == first:
            hits += 1000
        if hits or not words:
            scored.append((-hits, position, target))
    return [target for _, _, target in sorted(scored, key=lambda s: (s[0], s[1]))[:limit]]
