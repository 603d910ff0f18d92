"""FAQ entries, the cue words that tell what kind of question is asked, and visitors' shorthand."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Self

from pydantic import Field, StringConstraints, model_validator

from consultbot.knowledge.fields import Entry, Id, Phrase, Text, rule_error

# The FAQ intent that opens the lead form: a knowledge base with a lead form must have it.
CONSULTATION_INTENT = "consultation"


class QuestionKind(StrEnum):
    """What a question asks, whatever it is about; cue words in ``cues:`` point at these."""

    COMPARE = "compare"
    OVERALL = "overall"
    # The answer wanted short or simple ("tl;dr", "in one sentence", "not technical"): alone
    # it asks for the verdict; beside another question it only shapes the answer.
    BRIEF = "brief"
    RECOMMEND = "recommend"
    BEST_FOR = "best_for"
    COST = "cost"
    DURATION = "duration"
    MIGRATE = "migrate"
    PITFALLS = "pitfalls"
    ALTERNATIVES = "alternatives"
    METRICS = "metrics"
    SCORING = "scoring"
    WHAT_IS = "what_is"
    WHY = "why"
    MORE = "more"
    HOWTO = "howto"
    IDENTITY = "identity"
    SAVING = "saving"


class Intent(Entry):
    """A plain FAQ entry: phrases visitors might type and the answer to give."""

    id: Id
    examples: tuple[Phrase, ...] = Field(min_length=1)
    answer: Text
    quick_replies: tuple[Text, ...] = ()
    title: Text | None = None
    kind: QuestionKind | None = None
    suggest: bool = True
    # What "it" or "that" means right after this answer ("is it free?" after the
    # consultation's answer asks whether the consultation is free).
    topic: Text | None = None


class Cue(Entry):
    """Words that tell what is asked: a question kind, or one FAQ intent (``intent:``)."""

    kind: QuestionKind | None = None
    intent: Id | None = None
    phrases: tuple[Phrase, ...] = ()
    hints: tuple[Phrase, ...] = ()
    # An FAQ entry's words asked with a cue of one of these kinds make a complete match:
    # "how much does a consultation cost" (consultation-info, with cost).
    with_kinds: tuple[QuestionKind, ...] = ()

    @model_validator(mode="after")
    def _one_target(self) -> Self:
        """Require exactly one of ``kind`` and ``intent``, and at least one phrase."""
        if (self.kind is None) == (self.intent is None):
            raise rule_error("give either kind: or intent: (exactly one of them)")
        if self.kind is not None and self.with_kinds:
            raise rule_error("with_kinds: belongs to an intent's cues, not to a kind's")
        if not self.phrases and not self.hints:
            raise rule_error("give phrases: or hints: (at least one word)")
        return self


class Vocabulary(Entry):
    """How shorthand is read before matching ("u" → "you"), fillers it skips ("lol"), and
    everyday words of topics the pages do not cover ("security")."""

    shorthand: dict[Annotated[str, StringConstraints(min_length=1)], Text] = Field(
        default_factory=dict
    )
    fillers: tuple[Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+$")], ...] = ()
    # Everyday words for topics near ours that the pages do not cover ("security", "hosting"):
    # they count as words of another topic even though they are common English.
    elsewhere: tuple[Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+$")], ...] = ()
