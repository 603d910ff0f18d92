"""Never give the same long answer twice in a row: say it stands above, and offer the next step.

The state keeps a fingerprint of the last answer (not its text: the state is stored with every
message), so the check costs nothing and works from any worker.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import replace

from consultbot.dialogue.answers import ESTIMATE, EXPERT
from consultbot.dialogue.replies import Reply, StepResult
from consultbot.dialogue.state import ConversationState, Mode

# Shorter answers ("FastAPI is free.") read fine again; a paragraph twice reads as a wall.
LONG_ANSWER_CHARS = 160
SAID_ABOVE = (
    "That's the answer I gave just above; I have nothing to add to it. Would a tailored "
    "estimate for your project help, or would you like to ask one of our engineers?"
)
# While a person is on the way, the next step is theirs to take.
SAID_ABOVE_WAITING = (
    "That's the answer I gave just above; the engineer who joins you can take it further."
)
MAX_CHIPS = 4
NEXT_STEPS = (ESTIMATE, EXPERT)


def fingerprint(replies: Sequence[Reply]) -> str:
    """A short digest of what the replies say, to tell an answer given again."""
    said = "\n".join(reply.plain_text for reply in replies)
    return hashlib.sha256(said.encode("utf-8")).hexdigest()[:16]


def not_twice(before: ConversationState, result: StepResult) -> StepResult:
    """Replace an answer identical to the one just given by a short note and the next steps.

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
        result = replace(result, replies=(Reply(SAID_ABOVE, chips),))
    return replace(result, state=replace(result.state, last_answer=said))
