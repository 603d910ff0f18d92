"""Match one message: what it asks about, how sure we are, and why, word by word."""

from __future__ import annotations

from dataclasses import dataclass

from consultbot.knowledge.faq import CONSULTATION_INTENT, QuestionKind
from consultbot.matching.analysis import Analysis, analyse
from consultbot.matching.catalogue import Item, ItemKind
from consultbot.matching.evidence import MatchContext, Reason, Scored
from consultbot.matching.faq_followups import read_pointer_as
from consultbot.matching.index import MatcherIndex
from consultbot.matching.resolve import Resolution, resolve

SUGGESTIONS = 3
SUGGEST_SHARE = 0.5
CONFIDENCE_SCALE = 2.0
CLARIFY_FROM = 1.2
TIE = 0.25
REASONS_SHOWN = 8


@dataclass(frozen=True, slots=True)
class Candidate:
    """An answerable item, its title and ask-phrase, and the confidence in it."""

    intent_id: str
    title: str
    confidence: float
    ask: str = ""


@dataclass(frozen=True, slots=True)
class MatchResult:
    """The outcome of matching a message, with everything needed to explain it."""

    text: str
    best: Candidate | None
    runner_up: Candidate | None
    fallback: bool
    too_close: bool
    suggestions: tuple[Candidate, ...]
    reasons: tuple[Reason, ...]
    corrections: tuple[tuple[str, str], ...]
    threshold: float
    outside: tuple[str, ...] = ()
    paired: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    foreign: tuple[str, ...] = ()
    comparison_id: str | None = None
    sizes: tuple[str, ...] = ()
    # The message asks what a comparison answers, but names no pair and comes with no page,
    # and the site has several comparisons.
    needs_page: bool = False
    # What the message asks that the page's item does not hold: (rule, words), e.g.
    # ("a figure the page gives only for its own frameworks", "GitHub stars for flask").
    beyond: tuple[str, str] | None = None
    # The kinds of question asked ("how long": duration), read from cue words and grammar.
    kinds: frozenset[QuestionKind] = frozenset()

    @property
    def intent(self) -> str | None:
        """Return the matched intent id, or None when the matcher falls back or must ask."""
        if self.fallback or self.too_close or self.best is None:
            return None
        return self.best.intent_id

    @property
    def confidence(self) -> float:
        """Return the winner's confidence (0 when nothing matched at all)."""
        return self.best.confidence if self.best else 0.0

    @property
    def clarify(self) -> bool:
        """Return True when the assistant should ask which of the suggestions was meant.

        One suggestion is worth asking about only if the visitor did not already name it
        ("how do I migrate from Flask?" is not answered with "Do you mean Flask?").
        """
        if not (self.fallback or self.too_close) or not self.suggestions:
            return False
        only = self.suggestions[0] if len(self.suggestions) == 1 else None
        if only is not None and only.title.casefold() in self.text.casefold():
            return False
        return self.too_close or (
            self.best is not None and self.best.confidence >= confidence_of(CLARIFY_FROM)
        )

    def explain(self) -> str:
        """Describe, in a few lines, which rules and words decided and by how much."""
        if self.best is None:
            lines = ["nothing known in the message points at an answer; falling back"]
            return "\n".join(lines + self._notes())
        if self.too_close:
            verdict = "too close to call; asking which was meant"
        elif self.fallback:
            verdict = "fallback"
        else:
            verdict = f"matched {self.best.intent_id}"
        lines = [
            f"{verdict}: best {self.best.intent_id} ({self.best.confidence:.2f}), "
            f"threshold {self.threshold:.2f}"
        ]
        if self.runner_up:
            margin = self.best.confidence - self.runner_up.confidence
            lines.append(
                f"runner-up {self.runner_up.intent_id} ({self.runner_up.confidence:.2f}), "
                f"margin {margin:.2f}"
            )
        if self.corrections:
            fixed = ", ".join(f"{wrong}→{right}" for wrong, right in self.corrections)
            lines.append(f"typos corrected: {fixed}")
        if self.reasons:
            lines.append("decided by: " + "; ".join(str(r) for r in self.reasons[:REASONS_SHOWN]))
        return "\n".join(lines + self._notes())

    def _notes(self) -> list[str]:
        lines = []
        if self.unknown:
            lines.append("compares with something no page covers: " + ", ".join(self.unknown))
        if self.beyond:
            lines.append(f"asks for {self.beyond[0]}: {self.beyond[1]}")
        if self.outside:
            lines.append("names a framework this page does not compare: " + ", ".join(self.outside))
        if self.foreign:
            lines.append("words the knowledge never uses: " + ", ".join(self.foreign))
        return lines


def confidence_of(points: float) -> float:
    """Turn points into a confidence between 0 and 1 (2 points → 0.5, 6 → 0.75)."""
    return round(points / (points + CONFIDENCE_SCALE), 4) if points > 0 else 0.0


def determine_intent(
    index: MatcherIndex, text: str, context: MatchContext | None = None
) -> MatchResult:
    """Match a message in its conversation's context (the page, the last answer)."""
    context = context or MatchContext()
    analysis = analyse(
        text,
        index.phrases,
        index.corrector,
        index.shorthand,
        index.known,
        index.english,
        index.elsewhere,
    )
    topic = index.faq_topics.get(context.faq or "")
    if topic is not None:
        analysis = read_pointer_as(analysis, topic, index)
    learned = _learned(index, analysis)
    resolution = resolve(index, analysis, context, learned)
    return _result(index, analysis, resolution)


def _learned(index: MatcherIndex, analysis: Analysis) -> dict[str, float]:
    probabilities = index.faq.score(analysis.tokens)
    if probabilities is None:
        return {}
    return {
        target.intent_id: float(p)
        for target, p in zip(index.faq.targets, probabilities, strict=True)
    }


def _result(index: MatcherIndex, analysis: Analysis, resolution: Resolution) -> MatchResult:
    threshold = index.settings.threshold
    ranked = [s for s in resolution.candidates if s.points > 0]
    best = _candidate(ranked[0]) if ranked else None
    runner = _candidate(ranked[1]) if len(ranked) > 1 else None
    fallback = best is None or best.confidence < threshold
    too_close = bool(
        not fallback
        and len(ranked) > 1
        and ranked[0].points - ranked[1].points < TIE
        and _offerable(ranked[0].item)
        and _offerable(ranked[1].item)
    )
    suggestions: tuple[Candidate, ...] = ()
    if fallback or too_close:
        floor = ranked[0].points * SUGGEST_SHARE if ranked else 0.0
        suggestions = tuple(
            _candidate(s)
            for s in ranked
            if _offerable(s.item)
            and s.points >= floor
            and _grounded(s)
            and s.item.ask.casefold() != analysis.text.strip().casefold()
        )[:SUGGESTIONS]
    return MatchResult(
        text=analysis.text,
        best=best,
        runner_up=runner,
        fallback=fallback,
        too_close=too_close,
        suggestions=suggestions,
        reasons=ranked[0].reasons if ranked else (),
        corrections=analysis.corrections,
        threshold=threshold,
        outside=resolution.outside,
        paired=resolution.paired,
        unknown=resolution.unknown,
        foreign=analysis.foreign,
        comparison_id=resolution.page.comparison_id if resolution.page else None,
        sizes=resolution.sizes,
        needs_page=resolution.needs_page,
        beyond=resolution.beyond,
        kinds=resolution.kinds,
    )


def _grounded(scored: Scored) -> bool:
    """Offer only what some word of the message pointed at, not the learned scorer's guess."""
    return any(
        reason.points > 0 and not reason.rule.startswith("learned") for reason in scored.reasons
    )


def _offerable(item: Item) -> bool:
    """Small talk and the form itself are never offered as "did you mean"."""
    return item.suggest and not (item.kind is ItemKind.FAQ and item.id == CONSULTATION_INTENT)


def _candidate(scored: Scored) -> Candidate:
    return Candidate(
        scored.item.intent_id, scored.item.title, confidence_of(scored.points), scored.item.ask
    )
