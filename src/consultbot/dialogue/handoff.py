"""A person in the chat: what the visitor is told when one is brought in, is not free, or is late.

Pure: whether anyone is available is the shell's to find out (the database knows who is);
these functions only shape the replies and the state for each answer.
"""

from __future__ import annotations

from dataclasses import replace

from consultbot.dialogue.answers import EXPERT
from consultbot.dialogue.replies import PersonRequested, Reply, StepResult
from consultbot.dialogue.state import ConversationState
from consultbot.knowledge.schema import KnowledgeBase

LEAVE_DETAILS = EXPERT


def person_requested(result: StepResult) -> str | None:
    """The reason a step asked for a person, or None when it did not."""
    for event in result.events:
        if isinstance(event, PersonRequested):
            return event.reason or "asked for a person"
    return None


def bring_in(before: ConversationState, result: StepResult, kb: KnowledgeBase) -> StepResult:
    """Tell the visitor a person is coming, instead of starting the form.

    The state stays as it was before the message (a form already under way stays so), so the
    assistant carries on from there when the person hands the chat back.
    """
    reason = person_requested(result) or "asked for a person"
    reply = Reply(kb.site.live_chat.bringing_in)
    event = PersonRequested(reason)
    return StepResult((reply,), before, (event,), result.intent, result.confidence)


def booking_sentence(kb: KnowledgeBase) -> str | None:
    """A sentence pointing to the booking page, when the site has one."""
    if not kb.site.booking_url:
        return None
    return f"You can also book a call at a time that suits you: {kb.site.booking_url}"


def nobody_free(result: StepResult, kb: KnowledgeBase) -> StepResult:
    """Say that nobody can join now, before the form the step started."""
    texts = [kb.site.live_chat.nobody_available]
    booking = booking_sentence(kb)
    if booking:
        texts.append(booking)
    return replace(result, replies=(Reply(" ".join(texts)), *result.replies))


def timed_out(kb: KnowledgeBase) -> Reply:
    """What the visitor is told when nobody claimed the chat in time, with a way to the form."""
    texts = [kb.site.live_chat.timed_out]
    booking = booking_sentence(kb)
    if booking:
        texts.append(booking)
    return Reply(" ".join(texts), (LEAVE_DETAILS,))
