"""The shipped knowledge answers visitors' loosely typed phrasings (tests/matching/domain_cases)."""

from __future__ import annotations

from pathlib import Path

from consultbot.cli.cases import read_cases
from consultbot.dialogue.evaluation import Outcome, run_cases
from consultbot.knowledge.schema import KnowledgeBase
from consultbot.matching.index import MatcherIndex

CASES = Path(__file__).with_name("domain_cases.jsonl")


def test_the_domain_file_holds_enough_varied_phrasings() -> None:
    cases = read_cases(CASES)
    assert len(cases) >= 150
    assert sum(case.intent is None for case in cases) >= 10
    assert len({case.intent for case in cases}) >= 40


def test_at_least_95_percent_of_visitor_phrasings_are_answered_right(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    outcomes = run_cases(kb, index, read_cases(CASES))
    threshold = index.settings.threshold

    def right(outcome: Outcome) -> bool:
        answered = (
            outcome.best if outcome.confidence >= threshold and not outcome.too_close else None
        )
        return answered == outcome.case.intent

    wrong = [
        (o.case.text, o.case.intent, o.best, round(o.confidence, 2))
        for o in outcomes
        if not right(o)
    ]
    assert len(wrong) <= 0.05 * len(outcomes), wrong
