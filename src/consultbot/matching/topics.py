"""Make structured knowledge matchable: every criterion, metric, tier... becomes a target.

Editors should not need to write example phrases for each combination, so each kind of item
gets a few phrasings generated from its names and aliases, and its names go into the lexicon so
that naming the item is a rule that points at it.
"""

from __future__ import annotations

from collections.abc import Iterable

from consultbot.knowledge.schema import Comparison, KnowledgeBase
from consultbot.matching.index import Lexicon, MatchTarget
from consultbot.matching.normalize import normalize, tokenize

_TEMPLATES: dict[str, tuple[str, ...]] = {
    "criterion": (
        "{name}",
        "which has better {name}",
        "which is better for {name}",
        "how do they compare on {name}",
        "{name} {a} vs {b}",
        "who wins on {name}",
        "what about {name}",
        "compare {name}",
    ),
    "metric": (
        "{name}",
        "how many {name}",
        "what are the {name}",
        "{name} numbers",
        "compare {name}",
        "what is the {name} of each",
    ),
    "tier": (
        "how much does a {name} migration cost",
        "cost to migrate a {name} app",
        "{name} project price and timeline",
        "how long does a {name} migration take",
        "{name}",
        "what about a {name} one",
    ),
    "pitfall": ("{name}", "problems with {name}", "what goes wrong with {name}", "{name} issues"),
    "alternative": (
        "what about {name}",
        "{name}",
        "should i use {name} instead",
        "is {name} an option",
        "{name} pros and cons",
    ),
    "neither": ("{name}", "what if {name}", "do i need a framework for {name}"),
    "use_case": ("{name}", "which is better for {name}", "best framework for {name}"),
    "saving": ("{name}", "how much time does it save for {name}", "time saved {name}"),
}
_KIND_EXAMPLES: dict[str, tuple[str, ...]] = {
    "verdict": (
        "{a} vs {b}",
        "{a} or {b}",
        "what is the verdict",
        "summary of the comparison",
        "how do {a} and {b} compare overall",
        "what is the overall winner",
        "which one wins more categories",
        "score tally",
    ),
    "scoring": (
        "how do you score",
        "what do the scores mean",
        "how are the scores calculated",
        "scoring methodology",
        "what does 10 out of 10 mean",
    ),
    "migration": (
        "how much does a migration cost",
        "migration cost",
        "what does it cost to port from {a} to {b}",
        "price of migrating",
        "how long does a migration take",
        "how mcuh to port my app",
    ),
    "alternatives": (
        "what are the alternatives",
        "other options",
        "anything else besides {a} and {b}",
        "what else should i consider",
    ),
    "pitfalls": (
        "what can go wrong",
        "production pitfalls",
        "common mistakes when migrating",
        "what problems do teams hit",
    ),
    "metrics": ("show me the numbers", "metrics", "key figures", "stats"),
}


def targets_from_knowledge(kb: KnowledgeBase) -> tuple[list[MatchTarget], Lexicon]:
    """Return the match targets and the name lexicon for everything in the knowledge."""
    targets = [
        MatchTarget(intent.id, intent.examples, title=intent.id.replace("-", " "), kind="faq")
        for intent in kb.intents
    ]
    lexicon: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    for framework in kb.frameworks:
        _add_names(
            lexicon, "framework", framework.id, (framework.id, framework.name, *framework.aliases)
        )
    for comparison in kb.comparisons:
        targets.extend(_comparison_targets(comparison, lexicon, kb))
    return targets, {phrase: tuple(dict.fromkeys(owners)) for phrase, owners in lexicon.items()}


def topic_id(comparison: Comparison, kind: str, item: str | None = None) -> str:
    """Return the intent id of a structured item, e.g. ``django-vs-fastapi/criterion/maturity``."""
    return f"{comparison.id}/{kind}" + (f"/{item}" if item else "")


def _comparison_targets(
    comparison: Comparison, lexicon: dict[tuple[str, ...], list[tuple[str, str]]], kb: KnowledgeBase
) -> Iterable[MatchTarget]:
    first, second = (_display(kb, f) for f in comparison.frameworks[:2])
    for kind, examples in _KIND_EXAMPLES.items():
        if kind == "migration" and comparison.migration is None:
            continue
        phrases = tuple(e.format(a=first, b=second) for e in examples)
        yield MatchTarget(topic_id(comparison, kind), phrases, title=kind, kind=kind)
    items: list[tuple[str, str, str, tuple[str, ...]]] = []
    items += [("criterion", c.id, c.name, c.aliases) for c in comparison.criteria]
    items += [("metric", m.id, m.name, m.aliases) for m in comparison.metrics]
    items += [("pitfall", p.id, p.title, p.aliases) for p in comparison.pitfalls]
    items += [("neither", n.id, n.title, n.aliases) for n in comparison.neither_fits]
    items += [("use_case", u.id, u.title, u.aliases) for u in comparison.use_cases]
    items += [("saving", s.id, s.title, s.aliases) for s in comparison.time_savings]
    if comparison.migration is not None:
        items += [
            ("tier", t.id, t.name, (t.description, *t.aliases)) for t in comparison.migration.tiers
        ]
    for alternative in comparison.alternatives:
        framework = kb.framework(alternative.framework)
        names = (framework.name, *framework.aliases) if framework else ()
        items.append(
            (
                "alternative",
                alternative.framework,
                framework.name if framework else alternative.framework,
                names,
            )
        )
    for kind, item_id, name, aliases in items:
        names = tuple(dict.fromkeys((name, *aliases)))
        if kind != "alternative":
            _add_names(lexicon, kind, item_id, names)
        examples = tuple(
            template.format(name=written, a=first, b=second)
            for written in names
            for template in _TEMPLATES[kind]
        )
        mention_kind = "framework" if kind == "alternative" else kind
        yield MatchTarget(
            topic_id(comparison, kind, item_id),
            examples,
            title=name,
            kind=kind,
            mentions=((mention_kind, item_id),),
        )


def _display(kb: KnowledgeBase, framework_id: str) -> str:
    framework = kb.framework(framework_id)
    return framework.name if framework else framework_id


def _add_names(
    lexicon: dict[tuple[str, ...], list[tuple[str, str]]],
    kind: str,
    item_id: str,
    names: Iterable[str],
) -> None:
    for name in names:
        phrase = tuple(tokenize(normalize(name)))
        if phrase:
            lexicon.setdefault(phrase, []).append((kind, item_id))
