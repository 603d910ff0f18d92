"""A person in the chat: what the visitor is told when one is brought in, is not free, or is late.

Pure: whether anyone is available is the shell's to find out (the database knows who is);
these functions only shape the replies and the state for each answer.
"""

from __future__ import annotations

from dataclasses import replace

from consultbot.dialogue import chips, engine, form_step
from consultbot.dialogue.answers import ESTIMATE, EXPERT
from consultbot.dialogue.replies import PersonRequested, Reply, StepResult, WaitWithdrawn
from consultbot.dialogue.state import ConversationState, Mode
from consultbot.knowledge.schema import KnowledgeBase
from consultbot.matching.index import MatcherIndex
from consultbot.matching.matcher import determine_intent
from consultbot.matching.normalize import normalize, tokenize

LEAVE_DETAILS = EXPERT
# The one chip that fits every moment of a wait: the visitor may stop it.
STOP_WAITING = "Stop waiting"
# What withdraws a request for a person, said alone (the form's "cancel" words among them).
_STOP_WORDS = frozenset(
    {"stop waiting", "stop", "cancel", "cancel it", "cancel that", "cancel the request",
     "cancel my request", "never mind", "nevermind", "nvm", "forget it", "no need",
     "dont bother", "do not bother", "i changed my mind", "changed my mind"}
)  # fmt: skip
# The FAQ's small talk for leaving ("bye", "gotta go"): said while waiting, the visitor goes.
GOODBYE_INTENT = "goodbye"
# Longer than this, a message is not just a goodbye ("bye the way, which is faster").
GOODBYE_WORDS = 8
STOPPED = (
    "OK, I've cancelled the request, so nobody will join this chat. "
    "I'm still here for questions about the frameworks."
)
LEFT = (
    "Goodbye! I've told the team you had to go, so nobody will join an empty chat. "
    "If you'd like one of our engineers to get back to you, leave your details before you go."
)
LEFT_WITH_LEAD = (
    "Goodbye, and thanks! I've told the team you had to go, so nobody will join this chat; "
    "your request stays with them and they'll get back to you at the address you gave."
)
LEFT_MID_FORM = (
    "Goodbye! I've told the team you had to go, so nobody will join an empty chat. "
    "Your answers so far stay here if you come back to finish the form."
)


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
    reply = Reply(kb.site.live_chat.bringing_in, (STOP_WAITING,), rateable=False)
    event = PersonRequested(reason)
    # Whatever the person says comes between: an answer given before is not "just above".
    state = replace(before, last_answer=None)
    return StepResult((reply,), state, (event,), result.intent, result.confidence)


def step_while_waiting(
    state: ConversationState, text: str, kb: KnowledgeBase, index: MatcherIndex
) -> StepResult:
    """Answer a visitor waiting for a person: questions from the knowledge, the rest acknowledged.

    What is not put as a question ("we run Django 3.2") is for the person, not the matcher.
    Nothing is started while a person is on the way (no form, no second request, no offer),
    and a form under way when the person was asked for is left as it was. A goodbye or
    "stop waiting" withdraws the request (``WaitWithdrawn``): nobody should join a chat the
    visitor has left. Every reply offers to stop waiting; an answer's chips are kept only
    when they are questions (anything else would be taken as a note for the person).
    """
    # A reply that is not an answer comes between: the last answer is no longer "just above".
    unanswered = replace(state, last_answer=None)
    withdrawn = _withdrawal(unanswered, text, kb, index)
    if withdrawn is not None:
        return withdrawn
    noted = StepResult((Reply(kb.site.live_chat.while_waiting, (STOP_WAITING,)),), unanswered)
    if not form_step.is_question(text):
        return noted
    asked = replace(state, mode=Mode.ANSWERING, lead=None, offer_pending=False)
    result = engine.step(asked, text, kb, index)
    faq = kb.intent(result.intent) if result.intent else None
    # Greetings and thanks are small talk ("suggest: false" and no kind): "hello?" asks
    # whether anyone is there, which the acknowledgement answers.
    small_talk = faq is not None and not faq.suggest and faq.kind is None
    started = result.events or result.state.mode is not Mode.ANSWERING
    if result.intent is None or result.fallback or started or small_talk:
        return noted
    kept = replace(result.state, mode=state.mode, lead=state.lead, offer_pending=False)
    # The form's chips would ask for the person again (they are on the way), and a chip that
    # is no question ("Medium") would be kept for the person instead of answered.
    replies = [
        replace(
            r,
            quick_replies=tuple(q for q in r.quick_replies if _answerable_chip(q)),
        )
        for r in result.replies
    ]
    last = replies[-1]
    replies[-1] = replace(last, quick_replies=(*last.quick_replies[:3], STOP_WAITING))
    return replace(result, replies=tuple(replies), state=kept)


def _answerable_chip(chip: str) -> bool:
    return chip not in (EXPERT, ESTIMATE) and form_step.is_question(chip)


def _withdrawal(
    state: ConversationState, text: str, kb: KnowledgeBase, index: MatcherIndex
) -> StepResult | None:
    """Withdraw the request on a goodbye or a "stop waiting", saying what becomes of it."""
    words = " ".join(tokenize(normalize(text)))
    if words in _STOP_WORDS:
        withdrawn = (WaitWithdrawn("stopped waiting"),)
        if state.mode is Mode.COLLECTING and state.lead is not None and kb.lead_form is not None:
            back = form_step.resume(state, state.lead, kb.lead_form, kb, prefix=form_step.BACK)
            return StepResult((Reply(STOPPED), *back), state, withdrawn)
        topics = (*engine.default_suggestions(state, kb), *engine.MORE_TOPICS)
        stopped = StepResult((Reply(STOPPED, (*topics[:2], EXPERT)),), state, withdrawn)
        # The page's topics, less those answered already.
        return chips.lead_on(state, stopped, index, engine.match_context(state), topics[2:])
    if len(words.split()) > GOODBYE_WORDS or form_step.is_question(text):
        return None
    context = engine.match_context(state)
    if determine_intent(index, text, context).intent != GOODBYE_INTENT:
        return None
    if state.mode is Mode.DONE:
        reply = Reply(LEFT_WITH_LEAD)
    elif state.mode is Mode.COLLECTING:
        reply = Reply(LEFT_MID_FORM)
    else:
        reply = Reply(LEFT, (LEAVE_DETAILS,))
    return StepResult((reply,), state, (WaitWithdrawn("said goodbye"),), GOODBYE_INTENT, 1.0)


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
    said = Reply(" ".join(texts), rateable=False)
    return replace(result, replies=(said, *result.replies))


def timed_out(kb: KnowledgeBase) -> Reply:
    """What the visitor is told when nobody claimed the chat in time, with a way to the form."""
    texts = [kb.site.live_chat.timed_out]
    booking = booking_sentence(kb)
    if booking:
        texts.append(booking)
    return Reply(" ".join(texts), (LEAVE_DETAILS,))
