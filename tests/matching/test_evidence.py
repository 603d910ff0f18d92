"""Evidence: the kinds cue words point at, and the board that gathers points with reasons."""

from __future__ import annotations

from consultbot.knowledge.faq import QuestionKind as Q
from consultbot.matching.catalogue import framework_item
from consultbot.matching.evidence import (
    CUE_POINTS,
    HINT_POINTS,
    MORE_CUES,
    Board,
    Reason,
    kinds_of,
)
from consultbot.matching.phrases import Role, Sense, Spot


def spot(words: str, start: int, *senses: Sense) -> Spot:
    return Spot(words, start, start + len(words.split()), senses)


def test_each_kind_keeps_its_strongest_cue_and_a_little_for_a_second() -> None:
    kinds = kinds_of(
        [
            spot("how much", 0, Sense(Role.HINT, "cost")),
            spot("price", 2, Sense(Role.CUE, "cost")),
            spot("how long", 4, Sense(Role.CUE, "duration")),
        ]
    )
    assert kinds[Q.COST] == (CUE_POINTS + MORE_CUES, "price, how much")
    assert kinds[Q.DURATION] == (CUE_POINTS, "how long")


def test_names_and_entries_cues_are_no_kinds() -> None:
    spots = [
        spot("docs", 0, Sense(Role.NAME, "criterion:documentation")),
        spot("thanks", 1, Sense(Role.CUE, "intent:thanks")),
    ]
    assert kinds_of(spots) == {}


def test_brief_only_shapes_an_answer_beside_another_clear_question() -> None:
    brief = spot("tldr", 0, Sense(Role.CUE, "brief"))
    assert Q.BRIEF in kinds_of([brief])
    with_cost = kinds_of([brief, spot("price", 1, Sense(Role.CUE, "cost"))])
    assert Q.BRIEF not in with_cost and with_cost[Q.COST][0] == CUE_POINTS
    with_hint = kinds_of([brief, spot("which", 1, Sense(Role.HINT, "compare"))])
    assert Q.BRIEF in with_hint and with_hint[Q.COMPARE][0] == HINT_POINTS


def test_the_board_totals_each_candidates_reasons() -> None:
    board = Board()
    django = framework_item("django", "Django")
    assert not board.has(django)
    board.add(django, "framework", "django", 1.0)
    board.add(django, "words the knowledge never uses", "pizza", -0.3333)
    assert board.has(django)
    assert board.total(django.intent_id) == 1.0 - 0.333
    assert board.reasons[django.intent_id][1] == Reason(
        "words the knowledge never uses", "pizza", -0.333
    )
    assert str(board.reasons[django.intent_id][0]) == "framework 'django' (+1.00)"
    assert str(Reason("learned from examples", "", 0.5)) == "learned from examples (+0.50)"
