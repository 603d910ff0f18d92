"""Quick replies that lead on: never the question just answered, nor one answered earlier.

Each chip is a message the visitor could send, so what it leads to is what the matcher makes
of it in the conversation's new context. A chip that would bring back the answer just given
is dropped; one that brings back an earlier answer is dropped while other questions are left
to offer (the page's main topics top the list up when the answer's own chips ran out).
Chips that start the form are always kept; a question "which did you mean?" keeps its options.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from consultbot.dialogue.answers import ESTIMATE, EXPERT
from consultbot.dialogue.replies import StepResult
from consultbot.dialogue.state import ConversationState, Mode
from consultbot.matching.evidence import MatchContext
from consultbot.matching.index import MatcherIndex
from consultbot.matching.matcher import determine_intent

# Answers remembered per conversation: enough for any real conversation, bounded for the state.
REMEMBERED = 24
MAX_CHIPS = 4
# At most this many questions stand in for the chips dropped.
TOPPED_UP = 3
FORM_CHIPS = frozenset(chip.casefold() for chip in (ESTIMATE, EXPERT))


def lead_on(
    before: ConversationState,
    result: StepResult,
    index: MatcherIndex,
    context: MatchContext,
    topics: Sequence[str] = (),
) -> StepResult:
    """Drop the chips that repeat an answer, and remember the answer this step gave.

    ``context`` is the match context after the step (what a chip would be matched in);
    ``topics`` the page's main questions, offered when the answer's own chips all repeat.
    """
    if Mode.COLLECTING in (before.mode, result.state.mode) or result.asks_which:
        return result
    answered = before.answered
    if result.intent is not None and not result.fallback:
        answered = (*(a for a in answered if a != result.intent), result.intent)[-REMEMBERED:]
    earlier = frozenset(before.answered)
    replies = tuple(
        replace(
            reply,
            quick_replies=_fresh(
                reply.quick_replies, result.intent, earlier, index, context, topics
            ),
        )
        if reply.quick_replies
        else reply
        for reply in result.replies
    )
    return replace(result, replies=replies, state=replace(result.state, answered=answered))


def _fresh(
    chips: tuple[str, ...],
    just: str | None,
    earlier: frozenset[str],
    index: MatcherIndex,
    context: MatchContext,
    topics: Sequence[str],
) -> tuple[str, ...]:
    kept: list[str] = []
    asked_before: list[str] = []
    dropped = False
    for chip in chips:
        leads_to = _leads_to(chip, index, context)
        if leads_to is not None and leads_to == just:
            dropped = True
        elif leads_to is not None and leads_to in earlier:
            asked_before.append(chip)
        else:
            kept.append(chip)
    questions = [chip for chip in kept if chip.casefold() not in FORM_CHIPS]
    if not questions and (dropped or asked_before):
        seen = earlier | ({just} if just else set())
        for topic in topics:
            leads_to = _leads_to(topic, index, context)
            if leads_to is not None and leads_to not in seen and topic not in questions:
                questions.append(topic)
                seen = seen | {leads_to}
        # Nothing new is left to offer: an earlier question beats no question at all.
        questions = questions or asked_before
        forms = [chip for chip in kept if chip.casefold() in FORM_CHIPS]
        return tuple((*questions[: min(TOPPED_UP, MAX_CHIPS - len(forms))], *forms))
    return tuple(kept)


# Chips are a few fixed phrases met in a few contexts: what each leads to is worked out once
# per compiled index (matching is pure), which keeps the check from tripling a step's time.
_MEMO_SIZE = 4096
_memo: tuple[MatcherIndex, dict[tuple[str, MatchContext], str | None]] | None = None


def _leads_to(chip: str, index: MatcherIndex, context: MatchContext) -> str | None:
    """The intent a chip would be answered with; None for a chip that starts the form."""
    global _memo
    if " ".join(chip.casefold().split()) in FORM_CHIPS:
        return None
    memo = _memo  # read once: another thread may put another index's memo in its place
    if memo is None or memo[0] is not index or len(memo[1]) >= _MEMO_SIZE:
        memo = _memo = (index, {})
    known = memo[1]
    key = (chip, context)
    if key not in known:
        known[key] = determine_intent(index, chip, context).intent
    return known[key]
