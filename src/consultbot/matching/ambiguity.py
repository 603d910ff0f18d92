"""Warn editors about example phrases that the matcher sends to another intent."""

from __future__ import annotations

from dataclasses import dataclass, replace

from consultbot.knowledge.schema import KnowledgeBase
from consultbot.matching.compile import compile_index
from consultbot.matching.index import MatcherIndex
from consultbot.matching.matcher import determine_intent


@dataclass(frozen=True, slots=True)
class Ambiguity:
    """An example that matches another intent better than its own."""

    intent_id: str
    example: str
    matched: str
    confidence: float

    def __str__(self) -> str:
        return (
            f"intents.{self.intent_id}: the example {self.example!r} matches "
            f"{self.matched!r} better ({self.confidence:.2f}); reword it or move it"
        )


def find_ambiguous_examples(
    kb: KnowledgeBase, index: MatcherIndex | None = None
) -> list[Ambiguity]:
    """Return the FAQ examples whose best match is a different intent."""
    # Without the exact and nearest wording rules every example would match its own intent.
    index = index or compile_index(kb)
    index = replace(index, faq=replace(index.faq, exact={}, wordings=()))
    found = []
    for intent in kb.intents:
        for example in intent.examples:
            result = determine_intent(index, example)
            best = result.best
            if result.intent is not None and result.intent != intent.id and best is not None:
                found.append(Ambiguity(intent.id, example, best.intent_id, best.confidence))
    return found
