"""Match one message against the index: the winner, its confidence, and why."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from consultbot.matching.entities import (
    Entities,
    find_emails,
    find_mentions,
    find_money,
    find_weeks,
)
from consultbot.matching.features import extract_features
from consultbot.matching.index import MatcherIndex, feature_vector, prepare
from consultbot.matching.normalize import normalize

RULE_BONUS = 3.0
EXPLAINED_FEATURES = 5
SUGGESTIONS = 3


@dataclass(frozen=True, slots=True)
class Contribution:
    """One reason the winner won: a word (or rule) and how much it pushed over the runner-up."""

    source: str
    weight: float


@dataclass(frozen=True, slots=True)
class Candidate:
    """An intent and its confidence."""

    intent_id: str
    title: str
    confidence: float


@dataclass(frozen=True, slots=True)
class MatchResult:
    """The outcome of matching a message, with everything needed to explain it."""

    text: str
    best: Candidate | None
    runner_up: Candidate | None
    fallback: bool
    too_close: bool
    suggestions: tuple[Candidate, ...]
    contributions: tuple[Contribution, ...]
    corrections: tuple[tuple[str, str], ...]
    entities: Entities
    threshold: float

    @property
    def intent(self) -> str | None:
        """Return the matched intent id, or None when the matcher falls back."""
        return None if self.fallback or self.best is None else self.best.intent_id

    @property
    def confidence(self) -> float:
        """Return the winner's confidence (0 when nothing matched at all)."""
        return self.best.confidence if self.best else 0.0

    def explain(self) -> str:
        """Describe, in a few lines, why this result came out."""
        if self.best is None:
            return "no known word in the message; falling back"
        verdict = "fallback" if self.fallback else f"matched {self.best.intent_id}"
        lines = [
            f"{verdict}: best {self.best.intent_id} ({self.best.confidence:.2f}), "
            f"threshold {self.threshold:.2f}"
        ]
        if self.runner_up:
            margin = self.best.confidence - self.runner_up.confidence
            lines.append(
                f"runner-up {self.runner_up.intent_id} ({self.runner_up.confidence:.2f}), "
                f"margin {margin:.2f}" + (" - too close to call" if self.too_close else "")
            )
        if self.corrections:
            fixed = ", ".join(f"{wrong}→{right}" for wrong, right in self.corrections)
            lines.append(f"typos corrected: {fixed}")
        if self.entities.mentions:
            named = ", ".join(f"{m.kind} {m.id} ('{m.words}')" for m in self.entities.mentions)
            lines.append(f"recognised: {named}")
        if self.contributions:
            reasons = ", ".join(f"{c.source} ({c.weight:+.2f})" for c in self.contributions)
            lines.append(f"decided by: {reasons}")
        return "\n".join(lines)


def determine_intent(index: MatcherIndex, text: str, prefer: tuple[str, ...] = ()) -> MatchResult:
    """Match a message; ``prefer`` lists intents the conversation context makes likelier."""
    tokens, corrections = prepare(text, index.corrector)
    normalised = normalize(text)
    entities = Entities(
        mentions=find_mentions(tokens, index.lexicon),
        money=find_money(normalised),
        weeks=find_weeks(normalised),
        emails=find_emails(normalised),
    )
    ids = np.fromiter(
        (index.features[f] for f in extract_features(tokens) if f in index.features), dtype=np.intp
    )
    empty = MatchResult(
        text, None, None, True, False, (), (), tuple(corrections.items()), entities,
        index.settings.threshold,
    )  # fmt: skip
    if len(index.targets) == 0 or (len(ids) == 0 and not entities.mentions):
        return empty
    vector = feature_vector(ids, index.idf) if len(ids) else np.zeros(0, dtype=np.float32)
    per_feature = vector[:, None] * index.weights[ids]
    logits = per_feature.sum(axis=0) + index.bias
    rule_hits: dict[int, list[str]] = {}
    for mention in entities.mentions:
        position = index.rules.get((mention.kind, mention.id))
        if position is not None:
            rule_hits.setdefault(position, []).append(f"{mention.kind} '{mention.words}'")
    same_as_example = index.exact.get(" ".join(tokens))
    if same_as_example is not None:
        rule_hits.setdefault(same_as_example, []).append("same words as one of its examples")
    for position in rule_hits:
        logits[position] += RULE_BONUS
    for intent_id in prefer:
        position = index.position(intent_id)
        if position is not None:
            logits[position] += RULE_BONUS / 2
    probabilities = np.exp(logits - logits.max())
    probabilities /= probabilities.sum()
    if len(ids) == 0 and not rule_hits:
        return empty
    order = np.argsort(-probabilities)
    candidates = [_candidate(index, int(i), float(probabilities[i])) for i in order[:SUGGESTIONS]]
    best, runner_up = candidates[0], candidates[1] if len(candidates) > 1 else None
    too_close = runner_up is not None and (
        best.confidence - runner_up.confidence < index.settings.margin
    )
    fallback = best.confidence < index.settings.threshold
    contributions = _contributions(index, ids, per_feature, order, rule_hits)
    return MatchResult(
        text=text,
        best=best,
        runner_up=runner_up,
        fallback=fallback,
        too_close=too_close,
        suggestions=tuple(candidates) if fallback or too_close else (),
        contributions=contributions,
        corrections=tuple(corrections.items()),
        entities=entities,
        threshold=index.settings.threshold,
    )


def _candidate(index: MatcherIndex, position: int, confidence: float) -> Candidate:
    target = index.targets[position]
    return Candidate(target.intent_id, target.title or target.intent_id, round(confidence, 4))


def _contributions(
    index: MatcherIndex,
    ids: np.ndarray,
    per_feature: np.ndarray,
    order: np.ndarray,
    rule_hits: dict[int, list[str]],
) -> tuple[Contribution, ...]:
    best = int(order[0])
    second = int(order[1]) if len(order) > 1 else best
    reasons = [Contribution(f"rule: {hit}", RULE_BONUS) for hit in rule_hits.get(best, [])]
    if len(ids):
        names = index.feature_names
        edge = per_feature[:, best] - (per_feature[:, second] if second != best else 0)
        for row in np.argsort(-edge)[:EXPLAINED_FEATURES]:
            if edge[row] > 0:
                reasons.append(Contribution(_readable(names[int(ids[row])]), float(edge[row])))
    return tuple(reasons)


def _readable(feature: str) -> str:
    if feature.startswith("#"):
        return f"letters '{feature[1:].strip('<>')}'"
    return f"'{feature}'"
