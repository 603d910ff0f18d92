"""Score the matcher on labelled cases and choose the fallback threshold from them."""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from consultbot.errors import ConsultbotError
from consultbot.matching.index import MatcherIndex
from consultbot.matching.matcher import determine_intent

MAX_IN_SCOPE_ACCURACY_LOSS = 0.05


@dataclass(frozen=True, slots=True)
class Case:
    """A labelled phrasing: the intent it should reach, or None when it should fall back."""

    text: str
    intent: str | None


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the matcher made of one case."""

    case: Case
    best: str | None
    confidence: float
    seconds: float


@dataclass(frozen=True, slots=True)
class Report:
    """The figures `consultbot eval` prints."""

    n: int
    in_scope_accuracy: float
    oos_recall: float | None
    oos_precision: float | None
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
            "latency_ms_p50": round(self.latency_ms_p50, 4),
            "latency_ms_p99": round(self.latency_ms_p99, 4),
            "threshold": round(self.threshold, 4),
            "confused": [list(pair) for pair in self.confused],
        }


def read_cases(path: Path) -> list[Case]:
    """Read a JSONL file of {"text": ..., "intent": id or null}; say which line is wrong."""
    cases = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise ConsultbotError(f"{path}: cannot be read ({error.strerror})") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as error:
            raise ConsultbotError(f"{path}:{number}: not valid JSON ({error.msg})") from None
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            raise ConsultbotError(f'{path}:{number}: expected {{"text": "...", "intent": ...}}')
        intent = data.get("intent")
        if intent is not None and not isinstance(intent, str):
            raise ConsultbotError(f"{path}:{number}: intent must be an id or null (got {intent!r})")
        cases.append(Case(data["text"], intent))
    if not cases:
        raise ConsultbotError(f"{path}: holds no cases")
    return cases


def run_cases(
    index: MatcherIndex, cases: Iterable[Case], progress: Callable[[int], None] | None = None
) -> list[Outcome]:
    """Match every case, timing each one."""
    outcomes = []
    for case in cases:
        started = time.perf_counter()
        result = determine_intent(index, case.text)
        elapsed = time.perf_counter() - started
        best = result.best.intent_id if result.best else None
        outcomes.append(Outcome(case, best, result.confidence, elapsed))
        if progress:
            progress(1)
    return outcomes


def summarise(outcomes: Sequence[Outcome], threshold: float) -> Report:
    """Compute accuracy, out-of-scope recall and precision, confusions and latency."""
    in_scope = [o for o in outcomes if o.case.intent is not None]
    out_of_scope = [o for o in outcomes if o.case.intent is None]

    def answered(outcome: Outcome) -> str | None:
        return outcome.best if outcome.best and outcome.confidence >= threshold else None

    correct = sum(answered(o) == o.case.intent for o in in_scope)
    fell_back = [o for o in outcomes if answered(o) is None]
    confused = Counter(
        (o.case.intent, answered(o) or "(fallback)")
        for o in in_scope
        if answered(o) != o.case.intent
    )
    latencies = np.array([o.seconds * 1000 for o in outcomes]) if outcomes else np.zeros(1)
    return Report(
        n=len(outcomes),
        in_scope_accuracy=correct / len(in_scope) if in_scope else 0.0,
        oos_recall=(
            sum(answered(o) is None for o in out_of_scope) / len(out_of_scope)
            if out_of_scope
            else None
        ),
        oos_precision=(
            sum(o.case.intent is None for o in fell_back) / len(fell_back)
            if out_of_scope and fell_back
            else (None if not out_of_scope else 0.0)
        ),
        latency_ms_p50=float(np.percentile(latencies, 50)),
        latency_ms_p99=float(np.percentile(latencies, 99)),
        threshold=threshold,
        confused=tuple((a, b, n) for (a, b), n in confused.most_common(5) if a is not None),
    )


def choose_threshold(outcomes: Sequence[Outcome]) -> float:
    """Pick the threshold that best separates in-scope from out-of-scope cases.

    With out-of-scope cases: the threshold maximising (in-scope accuracy + out-of-scope recall),
    i.e. balanced accuracy. Without any: the highest threshold that costs in-scope accuracy at
    most MAX_IN_SCOPE_ACCURACY_LOSS (five points): fall back on doubtful matches, but not often.
    """
    candidates = sorted({round(o.confidence, 3) for o in outcomes} | {0.0})
    in_scope = [o for o in outcomes if o.case.intent is not None]
    out_of_scope = [o for o in outcomes if o.case.intent is None]
    if not in_scope:
        raise ConsultbotError("calibration needs in-scope cases (with an intent), found none")

    def accuracy(threshold: float) -> float:
        hits = sum(o.best == o.case.intent and o.confidence >= threshold for o in in_scope)
        return hits / len(in_scope)

    if out_of_scope:

        def balanced(threshold: float) -> float:
            recall = sum(o.confidence < threshold for o in out_of_scope) / len(out_of_scope)
            return accuracy(threshold) + recall

        return max(candidates, key=lambda t: (balanced(t), -t))
    ceiling = accuracy(0.0) - MAX_IN_SCOPE_ACCURACY_LOSS
    return max(t for t in candidates if accuracy(t) >= ceiling)


def with_threshold(index: MatcherIndex, threshold: float) -> MatcherIndex:
    """Return the index with another fallback threshold."""
    return replace(index, settings=replace(index.settings, threshold=threshold))
