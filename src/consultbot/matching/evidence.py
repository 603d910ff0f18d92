"""The evidence a decision is made of: reasons with points, gathered per candidate.

Also the two tables that say how a kind of question relates to a kind of item.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from consultbot.knowledge.faq import QuestionKind as Q
from consultbot.matching.catalogue import Item, ItemKind
from consultbot.matching.phrases import Role, Spot

K = ItemKind

CUE_POINTS = 2.5

HINT_POINTS = 1.0

NAME_POINTS = 3.0

WORD_NAME_POINTS = 2.5

RELATED_POINTS = 2.0

SUBJECT_CAP = 4.5

MORE_CUES = 0.5

MORE_CUES_CAP = 1.0

# How well a kind of question fits a kind of item (1 = this is what the kind asks about).
FIT: Mapping[Q, Mapping[ItemKind, float]] = {
    Q.COMPARE: {K.VERDICT: 1.0, K.CRITERION: 0.5, K.METRIC: 0.3, K.ALTERNATIVE: 0.5,
                K.USE_CASE: 0.3, K.SAVING: 0.3},
    Q.OVERALL: {K.VERDICT: 1.0},
    Q.BRIEF: {K.VERDICT: 1.0},
    Q.RECOMMEND: {K.USE_CASE: 0.8, K.NEITHER: 0.8, K.SAVING: 0.5, K.ALTERNATIVE: 0.3},
    Q.BEST_FOR: {K.USE_CASE: 1.0, K.SAVING: 0.5, K.ALTERNATIVE: 0.5, K.NEITHER: 0.5,
                 K.FRAMEWORK: 0.3},
    Q.COST: {K.MIGRATION: 1.0, K.TIER: 1.0, K.ALTERNATIVE: 0.5},
    Q.DURATION: {K.MIGRATION: 1.0, K.TIER: 1.0, K.SAVING: 0.5},
    Q.MIGRATE: {K.MIGRATION: 0.8, K.TIER: 0.8, K.PITFALLS: 0.4, K.PITFALL: 0.4},
    Q.PITFALLS: {K.PITFALLS: 1.0, K.PITFALL: 1.0, K.ALTERNATIVE: 0.5},
    Q.ALTERNATIVES: {K.ALTERNATIVES: 1.0, K.ALTERNATIVE: 0.6, K.NEITHER: 0.3},
    Q.METRICS: {K.METRICS: 1.0, K.METRIC: 0.5},
    Q.SCORING: {K.SCORING: 1.0, K.CRITERION: 0.3},
    Q.WHAT_IS: {},
    Q.WHY: {},
    Q.MORE: {},
    Q.HOWTO: {},
    Q.IDENTITY: {},
    Q.SAVING: {K.SAVING: 1.0, K.USE_CASE: 0.3},
}  # fmt: skip

# Kinds whose general answer is a page overview (the others only qualify named items).
OVERVIEW: Mapping[Q, ItemKind] = {
    Q.COMPARE: K.VERDICT,
    Q.OVERALL: K.VERDICT,
    Q.BRIEF: K.VERDICT,
    Q.COST: K.MIGRATION,
    Q.DURATION: K.MIGRATION,
    Q.MIGRATE: K.MIGRATION,
    Q.PITFALLS: K.PITFALLS,
    Q.ALTERNATIVES: K.ALTERNATIVES,
    Q.METRICS: K.METRICS,
    Q.SCORING: K.SCORING,
}
OVERVIEWS = frozenset(OVERVIEW.values())

# Points taken off an overview or an entry when something more specific was named.
SUPPRESSED = 2.0

# The reason a tier named without any cost, time or migration word gets: a size, not a topic.
SIZE_ONLY = "no cost, time or migration asked"


@dataclass(frozen=True, slots=True)
class MatchContext:
    """What the conversation established: its page, the last item answered, the project's size.

    ``size`` is a migration tier's id the visitor's own project was described by ("a medium
    product with 15 features"), so that "what would migrating it cost?" later means that tier.
    """

    comparison_id: str | None = None
    last: str | None = None
    size: str | None = None
    # The FAQ entry answered last: "is it free?" right after it is about the entry's topic.
    faq: str | None = None


@dataclass(frozen=True, slots=True)
class Reason:
    """One rule that moved a candidate: which rule, on which words, by how many points."""

    rule: str
    words: str
    points: float

    def __str__(self) -> str:
        words = f" '{self.words}'" if self.words else ""
        return f"{self.rule}{words} ({self.points:+.2f})"


@dataclass(frozen=True, slots=True)
class Scored:
    """A candidate answer with its points and the reasons for them."""

    item: Item
    points: float
    reasons: tuple[Reason, ...]
    subject: bool = False


@dataclass(slots=True)
class Board:
    """Points gathered per candidate while the rules run."""

    items: dict[str, Item] = field(default_factory=dict)
    reasons: dict[str, list[Reason]] = field(default_factory=dict)
    subject: set[str] = field(default_factory=set)

    def add(self, item: Item, rule: str, words: str, points: float) -> None:
        self.items.setdefault(item.intent_id, item)
        self.reasons.setdefault(item.intent_id, []).append(Reason(rule, words, round(points, 3)))

    def has(self, item: Item) -> bool:
        return item.intent_id in self.items

    def total(self, intent_id: str) -> float:
        return sum(r.points for r in self.reasons[intent_id])


# Kinds a brief answer goes with rather than against ("what's the tl;dr, who wins?").
SHAPED = frozenset({Q.BRIEF, Q.WHAT_IS, Q.MORE, Q.WHY, Q.COMPARE, Q.OVERALL})


def kinds_of(spots: Iterable[Spot]) -> dict[Q, tuple[float, str]]:
    """Return each question kind the cue words point at, with its strongest weight."""
    seen: dict[Q, list[tuple[float, str]]] = {}
    for spot in spots:
        for sense in spot.senses:
            if sense.role not in (Role.CUE, Role.HINT) or sense.target.startswith("intent:"):
                continue
            points = CUE_POINTS if sense.role is Role.CUE else HINT_POINTS
            seen.setdefault(Q(sense.target), []).append((points, spot.words))
    found: dict[Q, tuple[float, str]] = {}
    for kind, hits in seen.items():
        hits.sort(key=lambda hit: -hit[0])
        # A second cue of the same kind ("scores ... out of 10") makes the kind a little surer.
        extra = min(MORE_CUES_CAP, MORE_CUES * (len(hits) - 1))
        found[kind] = (hits[0][0] + extra, ", ".join(dict.fromkeys(w for _, w in hits)))
    # "Not technical, just tell me which one to pick": the shape of an answer to a question.
    if Q.BRIEF in found and any(
        points >= CUE_POINTS for kind, (points, _) in found.items() if kind not in SHAPED
    ):
        del found[Q.BRIEF]
    return found
