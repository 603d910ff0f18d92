"""Never give the same long answer twice in a row: give it again in short, and offer the next step.

A visitor who asks the same again did not find what they wanted in the paragraph above, so
they get its gist (its first sentences), never a brush-off. The state keeps a fingerprint of the
last answer (not its text: the state is stored with every message), so the check costs nothing
and works from any worker.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import replace

from consultbot.dialogue.answers import ESTIMATE, EXPERT
from consultbot.dialogue.replies import Reply, StepResult
from consultbot.dialogue.state import ConversationState, Mode
from consultbot.knowledge import markup

# Shorter answers ("FastAPI is free.") read fine again; a paragraph twice reads as a wall.
LONG_ANSWER_CHARS = 160
IN_SHORT = "In short, as above: "
# The gist repeated: whole sentences up to about this long.
SHORT_CHARS = 200
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
MAX_CHIPS = 4
NEXT_STEPS = (ESTIMATE, EXPERT)


def fingerprint(replies: Sequence[Reply]) -> str:
    """A short digest of what the replies say, to tell an answer given again."""
    said = "\n".join(reply.plain_text for reply in replies)
    return hashlib.sha256(said.encode("utf-8")).hexdigest()[:16]


def in_short(replies: Sequence[Reply]) -> str:
    """The gist of an answer: its first sentences, whole, up to about ``SHORT_CHARS``."""
    sentences = [s for s in _SENTENCE_END.split(replies[0].plain_text.strip()) if s.strip()]
    gist = ""
    for sentence in sentences:
        if gist and len(gist) + len(sentence) > SHORT_CHARS:
            break
        gist = f"{gist} {sentence.strip()}".strip()
    return IN_SHORT + markup.escape(gist)


def not_twice(before: ConversationState, result: StepResult) -> StepResult:
    """Replace an answer identical to the one just given by its gist and the next steps.

    Only plain answers count: a step of the form (a question asked again, a consent) or one
    that raised events is left as it is, and so is a short answer.
    """
    answer = (
        result.intent is not None
        and not result.fallback
        and not result.events
        and Mode.COLLECTING not in (before.mode, result.state.mode)
    )
    said = fingerprint(result.replies) if answer else None
    long = sum(len(reply.plain_text) for reply in result.replies) >= LONG_ANSWER_CHARS
    if said is not None and said == before.last_answer and long:
        offered = [q for r in result.replies for q in r.quick_replies if q not in NEXT_STEPS]
        # The answer's own chips lead on; the two ways to a person are the step this offers.
        chips = (*dict.fromkeys(offered), *NEXT_STEPS)[-MAX_CHIPS:]
        result = replace(result, replies=(Reply(in_short(result.replies), chips),))
    return replace(result, state=replace(result.state, last_answer=said))
