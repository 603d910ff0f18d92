"""Follow-ups to a plain FAQ answer: "is it free?" right after the consultation's answer.

An entry's ``topic`` says what "it" or "that" means right after its answer; the message is
read again with the pointer replaced by the topic's words, and the explanation says so.
"""

from __future__ import annotations

from dataclasses import replace

from consultbot.matching.analysis import Analysis, analyse
from consultbot.matching.index import MatcherIndex
from consultbot.matching.phrases import Role

POINTERS = frozenset({"it", "its", "this", "that"})


def read_pointer_as(analysis: Analysis, topic: tuple[str, ...], index: MatcherIndex) -> Analysis:
    """Read the first free pointer as the last FAQ answer's topic, unless the message names its own.

    A framework or a page item named ("is it faster than Django?") is the message's own
    subject; the pointer then keeps its usual reading.
    """
    own_subject = any(
        sense.role is Role.FRAMEWORK or (sense.role is Role.NAME and ":" in sense.target)
        for spot in analysis.spots
        for sense in spot.senses
    )
    tokens = analysis.tokens
    # "build it", "book it": a pointer inside one of the knowledge's phrases stays as it is.
    at = next(
        (i for i, t in enumerate(tokens) if t in POINTERS and i not in analysis.covered), None
    )
    if own_subject or at is None:
        return analysis
    reread = " ".join((*tokens[:at], *topic, *tokens[at + 1 :]))
    read = analyse(reread, index.phrases, index.corrector, index.shorthand, index.known,
                   index.english, index.elsewhere)  # fmt: skip
    return replace(read, text=analysis.text, read_as=(tokens[at], " ".join(topic)))
