"""Score the matcher on labelled visitor questions, single or in conversations, and calibrate.

A case is a question with the item it should reach (or null for "should fall back"), optionally
on a page and after earlier turns; the last turn is scored in the context the earlier ones
left, as the widget would send them.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from consultbot.dialogue.engine import match_context, start, step
from consultbot.errors import ConsultbotError
from consultbot.knowledge.schema import KnowledgeBase
from consultbot.matching.index import MatcherIndex
from consultbot.matching.matcher import determine_intent

MAX_IN_SCOPE_ACCURACY_LOSS = 0.05
DEFAULT_OOS_TARGET = 0.5


@dataclass(frozen=True, slots=True)
class Case:
    """A labelled question: the intent it should reach, or None when it should fall back."""

    text: str
    intent: str | None
    page_url: str | None = None
    before: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the matcher made of one case."""

    case: Case
    best: str | None
    confidence: float
    seconds: float
    too_close: bool = False


@dataclass(frozen=True, slots=True)
class Report:
    """The figures `consultbot eval` prints."""

    n: int
    in_scope_accuracy: float
    oos_recall: float | None
    oos_precision: float | None
    wrong_rate: float
    latency_ms_p50: float
    latency_ms_p99: float
    threshold: float
    confused: tuple[tuple[str, str, int], ...]

    def to_json(self) -> dict[str, object]:
        """Return the report as a JSON-ready dict."""
        return {
            "n": self.n,
            "in_scope_accuracy": round(self.in_scope_accuracy, 4),
            "oos_recall": None if self.oos_recall is None else round(self.oos_recall, 4),
            "oos_precision": None if self.oos_precision is None else round(self.oos_precision, 4),
            "wrong_rate": round(self.wrong_rate, 4),
            "latency_ms_p50": round(self.latency_ms_p50, 4),
            "latency_ms_p99": round(self.latency_ms_p99, 4),
            "threshold": round(self.threshold, 4),
            "confused": [list(pair) for pair in self.confused],
        }


@dataclass(frozen=True, slots=True)
class CurvePoint:
    """In-scope accuracy and out-of-scope recall at one threshold."""

    threshold: float
    in_scope_accuracy: float
    oos_recall: float | None


def case_from_data(data: object, where: str) -> Case:
    """Read one decoded JSON case; ``where`` names its place in errors (``file:line``)."""
    shape = '{"text": "...", "intent": ...} or {"turns": ["...", ...], "intent": ...}'
    if not isinstance(data, dict):
        raise ConsultbotError(f"{where}: expected {shape}")
    turns = data.get("turns")
    if turns is None and isinstance(data.get("text"), str):
        turns = [data["text"]]
    if not isinstance(turns, list) or not turns or not all(isinstance(t, str) for t in turns):
        raise ConsultbotError(f"{where}: expected {shape}")
    intent = data.get("intent")
    if intent is not None and not isinstance(intent, str):
        raise ConsultbotError(f"{where}: intent must be an id or null (got {intent!r})")
    page_url = data.get("page_url")
    if page_url is not None and not isinstance(page_url, str):
        raise ConsultbotError(f"{where}: page_url must be a path or null (got {page_url!r})")
    return Case(turns[-1], intent, page_url, tuple(turns[:-1]))


def run_cases(
    kb: KnowledgeBase,
    index: MatcherIndex,
    cases: Iterable[Case],
    progress: Callable[[int], None] | None = None,
    clock: Callable[[], float] | None = None,
) -> list[Outcome]:
    """Play each case's earlier turns through the dialogue, then match the last.

    ``clock`` (the shell passes ``time.perf_counter``) times each match; without one the
    outcomes carry no latency.
    """
    outcomes = []
    for case in cases:
        state = start(kb, case.page_url).state
        for turn in case.before:
            state = step(state, turn, kb, index).state
        started = clock() if clock else 0.0
        result = determine_intent(index, case.text, match_context(state))
        elapsed = clock() - started if clock else 0.0
        best = result.best.intent_id if result.best else None
        outcomes.append(Outcome(case, best, result.confidence, elapsed, result.too_close))
        if progress:
            progress(1)
    return outcomes


def _answer_of(outcome: Outcome, threshold: float, top_one: bool = False) -> str | None:
    """Return what the assistant would answer; ``top_one`` never falls back nor asks."""
    if outcome.best is None or outcome.confidence < threshold:
        return None
    if outcome.too_close and not top_one:
        return None
    return outcome.best


def summarise(outcomes: Sequence[Outcome], threshold: float) -> Report:
    """Compute accuracy, out-of-scope recall and precision, wrong answers and latency.

    Threshold 0 reports top-1 figures: the best candidate counts even where the assistant
    would have asked which of two close ones was meant.
    """
    answers = [(o, _answer_of(o, threshold, top_one=threshold <= 0)) for o in outcomes]
    in_scope = [(o, a) for o, a in answers if o.case.intent is not None]
    out_of_scope = [(o, a) for o, a in answers if o.case.intent is None]
    fell_back = [o for o, a in answers if a is None]
    wrong = sum(a is not None and a != o.case.intent for o, a in answers)
    confused = Counter(
        (o.case.intent, a or "(fallback)") for o, a in in_scope if a != o.case.intent
    )
    latencies = np.array([o.seconds * 1000 for o in outcomes]) if outcomes else np.zeros(1)
    return Report(
        n=len(outcomes),
        in_scope_accuracy=(
            sum(a == o.case.intent for o, a in in_scope) / len(in_scope) if in_scope else 0.0
        ),
        oos_recall=(
            sum(a is None for _, a in out_of_scope) / len(out_of_scope) if out_of_scope else None
        ),
        oos_precision=(
            sum(o.case.intent is None for o in fell_back) / len(fell_back)
            if out_of_scope and fell_back
            else (None if not out_of_scope else 0.0)
        ),
        wrong_rate=wrong / len(outcomes) if outcomes else 0.0,
        latency_ms_p50=float(np.percentile(latencies, 50)),
        latency_ms_p99=float(np.percentile(latencies, 99)),
        threshold=threshold,
        confused=tuple((a, b, n) for (a, b), n in confused.most_common(5) if a is not None),
    )


def threshold_curve(outcomes: Sequence[Outcome]) -> list[CurvePoint]:
    """Return in-scope accuracy and out-of-scope recall at every threshold worth trying."""
    # Round down, so that a case's own confidence still passes its candidate threshold.
    candidates = sorted({math.floor(o.confidence * 1000) / 1000 for o in outcomes} | {0.0})
    in_scope = [o for o in outcomes if o.case.intent is not None]
    out_of_scope = [o for o in outcomes if o.case.intent is None]
    if not in_scope:
        raise ConsultbotError("calibration needs in-scope cases (with an intent), found none")
    points = []
    for threshold in candidates:
        accuracy = sum(_answer_of(o, threshold) == o.case.intent for o in in_scope) / len(in_scope)
        recall = (
            sum(_answer_of(o, threshold) is None for o in out_of_scope) / len(out_of_scope)
            if out_of_scope
            else None
        )
        points.append(CurvePoint(threshold, accuracy, recall))
    return points


def choose_threshold(outcomes: Sequence[Outcome], oos_target: float = DEFAULT_OOS_TARGET) -> float:
    """Pick the threshold with the best in-scope accuracy that keeps out-of-scope recall up.

    With out-of-scope cases: the highest in-scope accuracy among thresholds whose out-of-scope
    recall is at least ``oos_target``; when several thresholds tie, the middle of their range,
    so that questions a little unlike the calibration set land on the same side. If none
    reaches the target, the one with the highest recall. Without any: the highest threshold
    that costs in-scope accuracy at most five points.
    """
    curve = threshold_curve(outcomes)
    if curve[0].oos_recall is not None:
        meeting = [p for p in curve if (p.oos_recall or 0.0) >= oos_target]
        if not meeting:
            return max(curve, key=lambda p: (p.oos_recall or 0.0, p.in_scope_accuracy)).threshold
        best = max(p.in_scope_accuracy for p in meeting)
        tied = [p.threshold for p in meeting if p.in_scope_accuracy == best]
        return math.floor((min(tied) + max(tied)) / 2 * 1000) / 1000
    ceiling = curve[0].in_scope_accuracy - MAX_IN_SCOPE_ACCURACY_LOSS
    return max(p.threshold for p in curve if p.in_scope_accuracy >= ceiling)


def with_threshold(index: MatcherIndex, threshold: float) -> MatcherIndex:
    """Return the index with another fallback threshold."""
    return replace(index, settings=replace(index.settings, threshold=threshold))
