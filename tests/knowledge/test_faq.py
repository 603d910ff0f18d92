"""FAQ entries, cue words and visitors' shorthand: what each accepts and refuses."""

from __future__ import annotations

import re

import pytest
from pydantic import ValidationError

from consultbot.knowledge.faq import Cue, Intent, QuestionKind, Vocabulary


def test_an_intent_needs_an_example_and_an_answer() -> None:
    intent = Intent(id="hours", examples=("when are you open",), answer="Nine to five.")
    assert intent.suggest and intent.kind is None and intent.quick_replies == ()
    with pytest.raises(ValidationError, match="at least 1 item"):
        Intent(id="hours", examples=(), answer="Nine to five.")


def test_an_intent_may_say_what_kind_of_question_it_answers() -> None:
    assert Intent(id="c", examples=("x",), answer="y", kind="cost").kind is QuestionKind.COST
    with pytest.raises(ValidationError):
        Intent(id="c", examples=("x",), answer="y", kind="price")


def test_a_cue_points_at_a_kind_or_an_intent() -> None:
    assert Cue(kind=QuestionKind.COST, phrases=("how much",)).intent is None
    assert Cue(intent="consultation", hints=("book",)).kind is None


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"phrases": ("x",)}, "give either kind: or intent: (exactly one of them)"),
        ({"kind": "cost", "intent": "x", "phrases": ("x",)}, "exactly one of them"),
        ({"kind": "cost"}, "give phrases: or hints: (at least one word)"),
        (
            {"kind": "cost", "phrases": ("x",), "with_kinds": ("duration",)},
            "with_kinds: belongs to an intent's cues, not to a kind's",
        ),
    ],
)
def test_a_cue_refuses_an_unclear_target(fields: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        Cue.model_validate(fields)


def test_an_intents_cue_may_combine_with_kinds() -> None:
    cue = Cue(intent="consultation-info", phrases=("consultation",), with_kinds=("cost",))
    assert cue.with_kinds == (QuestionKind.COST,)


def test_vocabulary_reads_shorthand_and_plain_fillers() -> None:
    vocabulary = Vocabulary(shorthand={"u": "you"}, fillers=("lol", "pls"))
    assert vocabulary.shorthand == {"u": "you"} and vocabulary.fillers == ("lol", "pls")
    assert Vocabulary().shorthand == {} and Vocabulary().fillers == ()
    with pytest.raises(ValidationError):
        Vocabulary(fillers=("Lol!",))
    with pytest.raises(ValidationError):
        Vocabulary(shorthand={"": "you"})


def test_vocabulary_lists_words_of_other_topics_one_plain_word_each() -> None:
    assert Vocabulary(elsewhere=("security", "hosting")).elsewhere == ("security", "hosting")
    assert Vocabulary().elsewhere == ()
    with pytest.raises(ValidationError):
        Vocabulary(elsewhere=("web hosting",))
