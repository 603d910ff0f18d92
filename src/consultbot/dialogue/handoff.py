"""A person in the chat: what the visitor is told when one is brought in, is not free, or is late.

Pure: whether anyone is available is the shell's to find out (the database knows who is);
these functions only shape the replies and the state for each answer.
"""

from __future__ import annotations

from dataclasses import replace

from consultbot.dialogue import engine, form_step
from consultbot.dialogue.answers import ESTIMATE, EXPERT
from consultbot.dialogue.replies import PersonRequested, Reply, StepResult
from consultbot.dialogue.state import ConversationState, Mode
from consultbot.knowledge.schema import KnowledgeBase
from consultbot.matching.index import MatcherIndex

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


def step_while_waiting(
    state: ConversationState, text: str, kb: KnowledgeBase, index: MatcherIndex
) -> StepResult:
    """Answer a visitor waiting for a person: questions from the knowledge, the rest acknowledged.

    What is not put as a question ("we run Django 3.2") is for the person, not the matcher.
    Nothing is started while a person is on the way (no form, no second request, no offer),
    and a form under way when the person was asked for is left as it was.
    """
    if not form_step.is_question(text):
        return StepResult((Reply(kb.site.live_chat.while_waiting),), state)
    asked = replace(state, mode=Mode.ANSWERING, lead=None, offer_pending=False)
    result = engine.step(asked, text, kb, index)
    faq = kb.intent(result.intent) if result.intent else None
    # Greetings and thanks are small talk ("suggest: false" and no kind): "hello?" asks
    # whether anyone is there, which the acknowledgement answers.
    small_talk = faq is not None and not faq.suggest and faq.kind is None
    started = result.events or result.state.mode is not Mode.ANSWERING
    if result.intent is None or result.fallback or started or small_talk:
        return StepResult((Reply(kb.site.live_chat.while_waiting),), state)
    kept = replace(result.state, mode=state.mode, lead=state.lead, offer_pending=False)
    # The form's chips would ask for the person again: they are on the way.
    replies = tuple(
        replace(r, quick_replies=tuple(q for q in r.quick_replies if q not in (EXPERT, ESTIMATE)))
        for r in result.replies
    )
    return replace(result, replies=replies, state=kept)


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
