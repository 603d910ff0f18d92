"""One step of the lead form: take an answer, answer a question, offer a way out, ask consent.

Every step, whatever its kind (free text, choice, email, consent), first looks at what the
visitor wrote: a question (question form and a confident match to the knowledge) is answered
and the same step asked again, and its text is never stored as an answer; "cancel" ends the
form; "nevermind", "I don't want to…", "no thanks" offer Cancel (and Skip, where the question
may be skipped). The form ends with one closing question, the consent, linked to the privacy
policy; only an unambiguous yes stores the lead (see ``closing`` and ``consent``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Protocol

from consultbot.dialogue import asking, leadform
from consultbot.dialogue.closing import confirm, consent_reply, to_confirmation
from consultbot.dialogue.consent import Consent, read_consent
from consultbot.dialogue.email_address import check_email
from consultbot.dialogue.replies import (
    Event,
    HandoffRequested,
    LeadCancelled,
    LeadStarted,
    PersonRequested,
    Reply,
    StepResult,
    booking_links,
)
from consultbot.dialogue.state import ConversationState, LeadDraft, Mode
from consultbot.knowledge.comparison import Comparison
from consultbot.knowledge.faq import CONSULTATION_INTENT
from consultbot.knowledge.lead_form import LeadForm, Question
from consultbot.knowledge.schema import KnowledgeBase
from consultbot.matching.index import MatcherIndex
from consultbot.matching.matcher import determine_intent

BACK = "Back to the form: "
REQUIRED = "this question can't be skipped"
_QUESTION_START = re.compile(
    r"^\s*(what|which|how|why|when|where|who|whose|is|are|does|do|can|could|should|will|would|"
    r"tell me)\b",
    re.IGNORECASE,
)
Answerer = Callable[[ConversationState, str, KnowledgeBase, MatcherIndex], StepResult]


class Matched(Protocol):
    """What the form needs of ``determine_intent``'s result: the intent and the confidence."""

    @property
    def intent(self) -> str | None:
        """The matched intent, or None when nothing matched confidently."""

    @property
    def confidence(self) -> float:
        """How sure the match is, 0 to 1."""


SURE_OF_A_REQUEST = 0.6
ASKED_FOR_A_PERSON = "asked for a person"
# Words that ask for a person ("talk to an engineer"), as opposed to a quote or an estimate
# ("we need a quote"), which the form answers without anyone being asked to join the chat.
_PERSON = re.compile(
    r"\b(?:person|people|human|humans|someone|somebody|anyone|engineers?|experts?|architects?|"
    r"sales|salesperson|representative|rep|agent|consultants?|staff|talk|speak|chat|call|"
    r"phone|contact|meet|meeting|hire)\b",
    re.IGNORECASE,
)
_QUOTE = re.compile(r"\b(?:quotes?|quoted?|estimates?|estimation|pricing|price|cost)\b", re.I)
_TO_A_PERSON = re.compile(r"\b(?:talk|speak|chat|call|phone|contact|meet|meeting)\b", re.I)


# "Can someone call me", "call me back": a call, which the form arranges, not a chat now.
_CALL_ME = re.compile(
    r"\b(?:call|phone|ring)\s+(?:me|us)\b|\bcall ?backs?\b|\b(?:a|an|the)\s+(?:phone\s+)?call\b",
    re.IGNORECASE,
)
_NOW = re.compile(r"\b(?:chat|live|now|right away|immediately|here)\b", re.IGNORECASE)
CALL_YOU = "I'll take your details so an engineer can call you."


def asks_for_a_call(text: str) -> bool:
    """Tell whether the visitor asks to be called ("can someone call me"), not to chat now."""
    return bool(_CALL_ME.search(text)) and not _NOW.search(text)


def asks_for_a_person(text: str) -> bool:
    """Tell whether a request for the consultation asks for a person, not just for a quote.

    "Have an engineer estimate our project" asks for an estimate; "can I speak to a human for
    a quote" for a person; "can someone call me" for a call, which the form arranges.
    """
    if not _PERSON.search(text) or asks_for_a_call(text):
        return False
    return not _QUOTE.search(text) or bool(_TO_A_PERSON.search(text))


def start_form(
    state: ConversationState,
    kb: KnowledgeBase,
    intent: str | None,
    confidence: float,
    person: bool = True,
    call: bool = False,
) -> StepResult:
    """Begin the lead form, or hand over when the knowledge has none.

    ``person``: the visitor asked for a person (the shell brings one in when someone is
    free, or says nobody is); a quote or an estimate asked for starts the form alone, and
    so does a ``call`` asked for, saying the form is how the engineer will call.
    """
    form = kb.lead_form
    if form is None:
        reply = Reply(kb.site.handoff, (), booking_links(kb))
        event = HandoffRequested("asked for a human")
        return StepResult((reply,), state, (event,), intent, confidence)
    # This conversation already stored a request: the visitor must know a new one starts.
    again = state.mode is Mode.DONE
    draft = LeadDraft(again=again)
    question = next_question(form, draft)
    assert question is not None, "the schema requires a question besides consent"
    draft = replace(draft, asking=question.id)
    state = replace(state, mode=Mode.COLLECTING, lead=draft, fallbacks_in_row=0, declined=False)
    # One introduction, the form's; a visitor who would rather pick a time than answer
    # questions can book straight away from it.
    intro = f"{ALREADY_HAVE_IT} {form.intro}" if again else form.intro
    if call:
        intro = f"{CALL_YOU} {intro}"
    replies = (Reply(intro, (), booking_links(kb), rateable=False), asking.ask(question))
    events: tuple[Event, ...] = (LeadStarted(),)
    if person:
        events = (*events, PersonRequested(ASKED_FOR_A_PERSON))
    return StepResult(replies, state, events, intent, confidence)


def next_question(form: LeadForm, draft: LeadDraft) -> Question | None:
    """Return the first question not yet answered or skipped (never the consent question)."""
    return next(
        (
            q
            for q in form.questions
            if q.kind != "consent" and q.id not in draft.answers and q.id not in draft.skipped
        ),
        None,
    )


def is_question(text: str) -> bool:
    """Tell whether a message is put as a question (a question mark, or a question word first)."""
    return text.strip().endswith("?") or bool(_QUESTION_START.match(text))


def collect(
    state: ConversationState,
    draft: LeadDraft,
    form: LeadForm,
    text: str,
    kb: KnowledgeBase,
    index: MatcherIndex,
    answer: Answerer,
    comparison: Comparison | None,
) -> StepResult:
    """Take the visitor's message while the lead form is open."""
    question = None if draft.confirming else current_question(form, draft)
    if leadform.is_cancel(text):
        return cancel(state, form)
    if draft.exit_offered:
        draft = replace(draft, exit_offered=False)
        state = replace(state, lead=draft)
        said = read_consent(text).answer
        if said is Consent.NO or leadform.is_continue(text):
            # "No thanks" to "Shall I skip this, or cancel the form?": neither; go on.
            return StepResult(resume(state, draft, form, kb), state)
        if question is not None and not question.required and leadform.is_skip(text):
            return take(state, draft, form, question, None, kb, comparison)
        if said is Consent.YES and (question is None or question.required):
            return cancel(state, form)  # "Shall I cancel the form?" "Yes."
    # Skipped ones too: "I meant large" after "not sure" at the size gives the size after all.
    given = (*draft.answers, *draft.skipped)
    earlier = [q for q in given if question is None or q != question.id]
    correction = leadform.find_correction(form, text, earlier)
    if correction is not None:
        return correct(state, draft, form, kb, comparison, *correction)
    if not draft.confirming and leadform.wants_out(text):
        return asking.offer_exit(state, draft, question)
    if asking.gives_up(question, text, comparison):
        return asking.offer_exit(state, draft, question)
    plain = _plain_answer(question, text, comparison)
    if is_question(text) and not plain:
        result = determine_intent(index, text)
        if result.intent is not None or _clearly_question(text):
            return answer_question(state, draft, form, text, kb, index, answer, result)
    elif not draft.confirming and not plain:
        # "talk to a human" typed at a free-text step is not the answer to that step.
        asked_for_people = determine_intent(index, text)
        if (
            asked_for_people.intent == CONSULTATION_INTENT
            and asked_for_people.confidence >= SURE_OF_A_REQUEST
        ):
            return answer_question(state, draft, form, text, kb, index, answer, asked_for_people)
    if draft.confirming:
        return confirm(state, draft, form, text, kb, comparison)
    if question is None:
        return to_confirmation(state, draft, form, kb, comparison)
    if not question.required and leadform.is_skip(text):
        return take(state, draft, form, question, None, kb, comparison)
    if draft.pending_email and read_consent(text).answer is Consent.YES:
        # "yes" to "Did you mean ada@gmail.com?" takes the suggested address.
        suggested = check_email(draft.pending_email).suggestion
        if suggested:
            return take(state, draft, form, question, suggested, kb, comparison)
    if draft.pending_choice and read_consent(text).answer is Consent.YES:
        # "yes" to "€5k sounds like a small project: is that right?"
        return take(state, draft, form, question, draft.pending_choice, kb, comparison)
    if asking.takes_unsure(question, text, comparison):
        # "Not sure": an unknown answer, which the lead's score counts as not given.
        return take(state, draft, form, question, None, kb, comparison)
    parsed = leadform.parse_answer(question, text, comparison)
    if question.required and leadform.is_skip_command(text):
        # "skip" on a required question is a command, never the answer ("Name: skip").
        reason = REQUIRED
        if parsed.value is None and parsed.problem:
            reason = f"{parsed.problem}, and {REQUIRED}"
        return StepResult((asking.ask(question, reason),), state)
    if parsed.value is None and parsed.suggestion and question.kind == "choice":
        return asking.confirm_choice(state, draft, question, text, parsed.suggestion)
    if parsed.value is None:
        return asking.retry(state, draft, question, parsed.problem, kb)
    if parsed.suggestion and draft.pending_email != parsed.value:
        draft = replace(draft, pending_email=parsed.value)
        reply = Reply(
            f"Did you mean {parsed.suggestion}? Pick the right one, or type it again.",
            (parsed.suggestion, parsed.value, asking.CANCEL),
        )
        return StepResult((reply,), replace(state, lead=draft))
    return take(state, draft, form, question, parsed.value, kb, comparison)


def _clearly_question(text: str) -> bool:
    """A question word first and a question mark last: never an answer to store."""
    return text.strip().endswith("?") and bool(_QUESTION_START.match(text))


def current_question(form: LeadForm, draft: LeadDraft) -> Question | None:
    """Return the question being asked now."""
    return form.question(draft.asking or "") or next_question(form, draft)


def _plain_answer(question: Question | None, text: str, comparison: Comparison | None) -> bool:
    """Tell whether "medium?" or "ada@x.com?" is a tentative answer rather than a question."""
    if question is None or question.kind not in ("choice", "email") or _QUESTION_START.match(text):
        return False
    return leadform.parse_answer(question, text.rstrip("? "), comparison).value is not None


def take(
    state: ConversationState,
    draft: LeadDraft,
    form: LeadForm,
    question: Question,
    value: str | None,
    kb: KnowledgeBase,
    comparison: Comparison | None,
) -> StepResult:
    """Keep an answer (``None``: the question was skipped) and ask the next question."""
    if value is None:
        draft = replace(draft, skipped=(*draft.skipped, question.id))
    else:
        draft = replace(draft, answers={**draft.answers, question.id: value})
    draft = replace(draft, pending_email=None, pending_choice=None, failed_tries=0)
    following = next_question(form, draft)
    if following is None:
        return to_confirmation(state, draft, form, kb, comparison)
    draft = replace(draft, asking=following.id)
    return StepResult((asking.ask(following),), replace(state, lead=draft))


def cancel(state: ConversationState, form: LeadForm, reason: str = "cancelled") -> StepResult:
    """Close the form and keep nothing of it (a request stored earlier stays stored)."""
    if state.lead is not None and state.lead.again:
        state = replace(state, mode=Mode.DONE, lead=None)
        return StepResult((Reply(KEPT_THE_FIRST),), state, (LeadCancelled(reason),))
    state = replace(state, mode=Mode.ANSWERING, lead=None)
    return StepResult((Reply(form.cancelled),), state, (LeadCancelled(reason),))


ALREADY_HAVE_IT = (
    "We already have your request from earlier in this chat, and our team has it; "
    "this starts a new one."
)
KEPT_THE_FIRST = (
    "I've discarded this new form; your earlier request is still with our team. "
    "Ask me anything else whenever you like."
)


def correct(
    state: ConversationState,
    draft: LeadDraft,
    form: LeadForm,
    kb: KnowledgeBase,
    comparison: Comparison | None,
    question: Question,
    text: str,
) -> StepResult:
    """Apply "actually my email is ..." and go back to where the form was."""
    parsed = leadform.parse_answer(question, text, comparison)
    name = question.title.lower()
    if parsed.value is None:
        note = Reply(f"Sorry, {parsed.problem}; I kept the {name} you gave before.")
        return StepResult((note, *resume(state, draft, form, kb)), state)
    skipped = tuple(q for q in draft.skipped if q != question.id)
    draft = replace(draft, answers={**draft.answers, question.id: parsed.value}, skipped=skipped)
    state = replace(state, lead=draft)
    message = f"Got it, I've updated your {name}."
    if parsed.suggestion:
        message += f' (Did you mean {parsed.suggestion}? Say "actually my {name} is …" to fix it.)'
    if draft.confirming:
        # The visitor consents to what is sent: show the summary again, as it now stands.
        summary = leadform.summarise(kb, form, dict(draft.answers), comparison)
        message += f"\n{form.confirm}\n{summary}"
    return StepResult((Reply(message), *resume(state, draft, form, kb)), state)


def answer_question(
    state: ConversationState,
    draft: LeadDraft,
    form: LeadForm,
    text: str,
    kb: KnowledgeBase,
    index: MatcherIndex,
    answer: Answerer,
    result: Matched,
) -> StepResult:
    """Answer a question asked mid-form from the knowledge, then ask the same step again."""
    if result.intent is not None and result.intent != CONSULTATION_INTENT:
        answered = answer(replace(state, mode=Mode.ANSWERING), text, kb, index)
        if not answered.fallback:
            state = replace(answered.state, mode=Mode.COLLECTING, lead=draft)
            back = resume(state, draft, form, kb, prefix=BACK)
            # No chips on an answer given mid-form: pressing one would answer the form's step.
            plain = tuple(replace(reply, quick_replies=()) for reply in answered.replies)
            return StepResult((*plain, *back), state, (), answered.intent, answered.confidence)
    events: tuple[Event, ...] = ()
    if result.intent == CONSULTATION_INTENT:
        note = "That's what this form is for: our engineer will be in touch once it's done."
        if asks_for_a_person(text):
            events = (PersonRequested(ASKED_FOR_A_PERSON),)
    else:
        note = (
            "I don't have a good answer to that question here; our engineer can take it when "
            "they contact you."
        )
    back = resume(state, draft, form, kb, prefix=BACK)
    return StepResult((Reply(note), *back), state, events, result.intent, result.confidence)


def resume(
    state: ConversationState,
    draft: LeadDraft,
    form: LeadForm,
    kb: KnowledgeBase,
    prefix: str = "",
) -> tuple[Reply, ...]:
    """Ask again whatever the form is waiting for."""
    if draft.confirming:
        return (consent_reply(draft, form, kb, prefix),)
    question = current_question(form, draft)
    if question is None:
        return ()
    asked = asking.ask(question)
    return (replace(asked, text=prefix + asked.text),)
