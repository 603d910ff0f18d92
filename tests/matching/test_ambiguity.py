"""Editors are warned about FAQ examples that the matcher sends to another entry."""

from __future__ import annotations

from consultbot.knowledge.schema import KnowledgeBase
from consultbot.matching.ambiguity import Ambiguity, find_ambiguous_examples
from tests.matching.conftest import CUES, tiny_comparison


def knowledge(extra_hours_example: str) -> KnowledgeBase:
    return KnowledgeBase.model_validate(
        {
            "frameworks": [{"id": "alpha", "name": "Alpha"}, {"id": "beta", "name": "Beta"}],
            "comparisons": [tiny_comparison("alpha-vs-beta", "alpha", "beta")],
            "cues": [*CUES, {"intent": "office", "phrases": ["where is"]}],
            "intents": [
                {
                    "id": "hours",
                    "examples": ["opening hours", "when do you open", extra_hours_example],
                    "answer": "Nine to five.",
                },
                {
                    "id": "office",
                    "examples": [
                        "where is your office",
                        "office address",
                        "how do i find your office",
                    ],
                    "answer": "Leeds.",
                },
            ],
        }  # fmt: skip
    )


def test_an_example_that_matches_another_entry_is_reported() -> None:
    found = find_ambiguous_examples(knowledge("where is the timetable"))
    assert [(a.intent_id, a.example, a.matched) for a in found] == [
        ("hours", "where is the timetable", "office")
    ]
    assert str(found[0]).startswith("intents.hours: the example 'where is the timetable'")


def test_examples_that_match_their_own_entry_are_not_reported() -> None:
    assert find_ambiguous_examples(knowledge("what are your opening hours")) == []


def test_the_warning_says_what_to_do() -> None:
    text = str(Ambiguity("a", "x y", "b", 0.61))
    assert text == "intents.a: the example 'x y' matches 'b' better (0.61); reword it or move it"
