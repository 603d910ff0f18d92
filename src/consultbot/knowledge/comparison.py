"""A comparison page's knowledge: criteria and scores, metrics, use cases, costs, pitfalls...

One ``comparison:`` file per published page (see ``knowledge/README.md``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, field_validator

from consultbot.knowledge.fields import Entry, Id, Score, Text, check_max, rule_error

TIE = "tie"
TIES_KEY = "ties"


def expected_winner(scores: Mapping[str, int]) -> str:
    """Return the framework with the highest score, or ``tie`` when several share it."""
    best = max(scores.values())
    leaders = [framework for framework, score in scores.items() if score == best]
    return leaders[0] if len(leaders) == 1 else TIE


class Criterion(Entry):
    """One row of the comparison table: scores out of 10, the winner and why."""

    id: Id
    name: Text
    aliases: tuple[Text, ...] = ()
    related: tuple[Text, ...] = ()
    scores: dict[Id, Score]
    winner: Id
    why: Text

    @field_validator("winner")
    @classmethod
    def _winner_agrees_with_scores(cls, winner: str, info: ValidationInfo) -> str:
        """Refuse a winner that is not the highest score (or ``tie`` on a draw)."""
        scores = info.data.get("scores")
        if not scores:
            return winner
        if winner != TIE and winner not in scores:
            names = ", ".join(scores)
            raise rule_error(
                f"must be one of the scored frameworks ({names}) or '{TIE}' (got {winner!r})"
            )
        expected = expected_winner(scores)
        if winner != expected:
            raise rule_error(
                f"does not agree with the scores, which make it {expected!r} (got {winner!r})"
            )
        return winner


class Metric(Entry):
    """One row of the metrics table: a value per framework and where it comes from."""

    id: Id
    name: Text
    aliases: tuple[Text, ...] = ()
    related: tuple[Text, ...] = ()
    values: dict[Id, Text]
    source: Text
    note: Text | None = None
    as_of: Text | None = None


class UseCase(Entry):
    """A kind of project and the framework that suits it."""

    id: Id
    title: Text
    aliases: tuple[Text, ...] = ()
    related: tuple[Text, ...] = ()
    best: Id
    why: Text


class Money(Entry):
    """A cost range in whole currency units; open_ended means "or more"."""

    min: Annotated[int, Field(ge=0)]
    max: Annotated[int, Field(ge=0)]
    currency: Text = "USD"
    open_ended: bool = False

    _max_not_below_min = field_validator("max")(check_max)


class Span(Entry):
    """A duration range."""

    min: Annotated[int, Field(ge=0)]
    max: Annotated[int, Field(ge=0)]
    unit: Literal["days", "weeks", "months"]

    _max_not_below_min = field_validator("max")(check_max)


class TimeSaving(Entry):
    """How much time a framework saves for a kind of project."""

    id: Id
    title: Text
    aliases: tuple[Text, ...] = ()
    related: tuple[Text, ...] = ()
    best: Id
    saving: Text
    detail: Text
    time_saved: Span | None = None
    percent_faster: Annotated[int, Field(ge=1, le=100)] | None = None


class CostTier(Entry):
    """A migration size tier: what it costs, how long it takes, what dominates the spend."""

    id: Id
    name: Text
    aliases: tuple[Text, ...] = ()
    related: tuple[Text, ...] = ()
    description: Text
    cost: Money
    timeline: Span
    approach: Text | None = None
    dominated_by: tuple[Text, ...] = ()
    notes: tuple[Text, ...] = ()


class Migration(Entry):
    """Migration cost tiers and what the ranges are based on."""

    projects: Annotated[int, Field(ge=1)]
    includes: tuple[Text, ...] = ()
    contingency_percent: Annotated[int, Field(ge=0, le=100)]
    tiers: tuple[CostTier, ...] = Field(min_length=1)


class Pitfall(Entry):
    """A production failure seen during migrations, and how to avoid it."""

    id: Id
    title: Text
    aliases: tuple[Text, ...] = ()
    related: tuple[Text, ...] = ()
    problem: Text
    advice: Text


class Alternative(Entry):
    """A third option to consider when neither compared framework fits."""

    framework: Id
    best_for: Text
    pricing: Text
    gotcha: Text
    related: tuple[Text, ...] = ()


class NeitherFits(Entry):
    """A situation where the comparison itself is the wrong question."""

    id: Id
    title: Text
    aliases: tuple[Text, ...] = ()
    related: tuple[Text, ...] = ()
    when: Text
    advice: Text
    instead: tuple[Id, ...] = ()


class ScoreAnchor(Entry):
    """What a band of scores means, e.g. 8 to 9: reliable with documented edge cases."""

    min: Score
    max: Score
    meaning: Text

    _max_not_below_min = field_validator("max")(check_max)

    @property
    def label(self) -> str:
        """Return the band as people say it: "10", "8-9" or "below 4"."""
        if self.min == self.max:
            return str(self.min)
        if self.min == 1:
            return f"below {self.max + 1}"
        return f"{self.min}-{self.max}"


class ScoringMethod(Entry):
    """How the scores out of 10 are given."""

    scale: Text
    anchors: tuple[ScoreAnchor, ...] = ()
    inputs: tuple[Text, ...] = ()

    def anchor_for(self, score: int) -> ScoreAnchor | None:
        """Return the band a score falls in, if the anchors cover it."""
        return next((a for a in self.anchors if a.min <= score <= a.max), None)


class Comparison(Entry):
    """One published comparison page and everything the assistant can say about it."""

    id: Id
    title: Text
    page: Text
    frameworks: tuple[Id, ...] = Field(min_length=2)
    intro: Text | None = None
    summary: Text
    verdicts: dict[Id, Text]
    scoring: ScoringMethod | None = None
    criteria: tuple[Criterion, ...] = ()
    tally: dict[Id, Annotated[int, Field(ge=0)]] = Field(default_factory=dict)
    metrics: tuple[Metric, ...] = ()
    use_cases: tuple[UseCase, ...] = ()
    time_savings: tuple[TimeSaving, ...] = ()
    migration: Migration | None = None
    pitfalls: tuple[Pitfall, ...] = ()
    alternatives: tuple[Alternative, ...] = ()
    neither_fits: tuple[NeitherFits, ...] = ()
    advice: Text | None = None
    offer: Text | None = None

    def wins(self) -> dict[str, int]:
        """Count the criteria each compared framework wins, with draws under ``ties``."""
        counts = dict.fromkeys([*self.frameworks, TIES_KEY], 0)
        for criterion in self.criteria:
            key = TIES_KEY if criterion.winner == TIE else criterion.winner
            if key in counts:
                counts[key] += 1
        return counts

    def criterion(self, criterion_id: str) -> Criterion | None:
        """Return the criterion with this id, if any."""
        return next((c for c in self.criteria if c.id == criterion_id), None)

    def metric(self, metric_id: str) -> Metric | None:
        """Return the metric with this id, if any."""
        return next((m for m in self.metrics if m.id == metric_id), None)

    def tier(self, tier_id: str) -> CostTier | None:
        """Return the migration cost tier with this id, if any."""
        tiers = self.migration.tiers if self.migration else ()
        return next((t for t in tiers if t.id == tier_id), None)
