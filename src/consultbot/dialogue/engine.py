"""Take one conversation step: the visitor's text in; replies, the new state and events out."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from consultbot.dialogue import leadform
from consultbot.dialogue.answers import EXPERT, answer_topic, name_of
from consultbot.dialogue.replies import (
    FALLBACK,
    HANDOFF_REQUESTED,
    LEAD_CANCELLED,
    LEAD_COMPLETED,
    LEAD_STARTED,
    Event,
    Reply,
)
from consultbot.dialogue.state import ConversationState, LeadDraft, Mode
from consultbot.knowledge.schema import Comparison, KnowledgeBase, LeadForm, Question
from consultbot.matching.index import MatcherIndex
from consultbot.matching.matcher import MatchResult, determine_intent
from consultbot.matching.normalize import normalize, tokenize

CONSULTATION_INTENT = "consultation"
FALLBACKS_BEFORE_HANDOFF = 2
_QUESTION_START = re.compile(
    r"^\s*(what|which|how|why|when|where|who|is|are|does|do|can|could|should|will|tell me)\b",
    re.IGNORECASE,
)
_ATTRIBUTES = {
    "gotcha": ("gotcha", "downside", "catch", "drawback", "problem", "con", "cons", "weakness"),
    "pricing": ("pricing", "price", "cost", "free", "license", "licence", "pay"),
    "best_for": ("best", "good", "suited", "use", "ideal"),
}


@dataclass(frozen=True, slots=True)
class StepResult:
    """What one step produced, and how the message was matched."""

    replies: tuple[Reply, ...]
    state: ConversationState
    events: tuple[Event, ...] = ()
    intent: str | None = None
    confidence: float = 0.0
    fallback: bool = False


def start(kb: KnowledgeBase, page_url: str | None = None) -> StepResult:
    """Open a conversation: greet, in the context of the page's comparison if it has one."""
    comparison = kb.comparison_for_page(page_url)
    state = ConversationState(page_url=page_url)
    if comparison is not None:
        state = state.with_context(
            comparison_id=comparison.id, frameworks=tuple(comparison.frameworks)
        )
    quick = ("Which is faster?", "What does a migration cost?", EXPERT) if comparison else ()
    return StepResult((Reply(kb.site.greeting, quick),), state)


def step(state: ConversationState, text: str, kb: KnowledgeBase, index: MatcherIndex) -> StepResult:
    """Answer one message from the visitor."""
    if state.mode is Mode.COLLECTING and state.lead is not None and kb.lead_form is not None:
        return _collect(state, state.lead, kb.lead_form, text, kb, index)
    return _answer(state, text, kb, index)


def _comparison(state: ConversationState, kb: KnowledgeBase) -> Comparison | None:
    if state.context.comparison_id:
        found = kb.comparison(state.context.comparison_id)
        if found is not None:
            return found
    return kb.comparisons[0] if len(kb.comparisons) == 1 else None


def _answer(
    state: ConversationState, text: str, kb: KnowledgeBase, index: MatcherIndex
) -> StepResult:
    result = determine_intent(index, text)
    intent = result.intent
    if intent is None:
        follow_up = _attribute_follow_up(state, text, kb)
        if follow_up is not None:
            return replace(follow_up, confidence=result.confidence)
        return _fallback(state, result, kb)
    if intent == CONSULTATION_INTENT:
        return _start_form(state, kb, result)
    state = replace(state, fallbacks_in_row=0)
    faq = kb.intent(intent)
    if faq is not None:
        return StepResult(
            (Reply(faq.answer, faq.quick_replies),), state, (), intent, result.confidence
        )
    comparison_id, kind, item_id = _split_topic(intent)
    comparison = kb.comparison(comparison_id)
    reply = answer_topic(kb, comparison, kind, item_id) if comparison else None
    if reply is None or comparison is None:
        return _fallback(state, result, kb)
    if result.too_close and result.runner_up is not None:
        reply = replace(reply, quick_replies=(*reply.quick_replies, result.runner_up.title)[:4])
    state = state.with_context(
        comparison_id=comparison.id,
        frameworks=tuple(comparison.frameworks),
        kind=kind,
        item_id=item_id,
    )
    return StepResult((reply,), state, (), intent, result.confidence)


def _split_topic(intent: str) -> tuple[str, str, str | None]:
    parts = intent.split("/")
    return parts[0], parts[1] if len(parts) > 1 else "", parts[2] if len(parts) > 2 else None


def _attribute_follow_up(
    state: ConversationState, text: str, kb: KnowledgeBase
) -> StepResult | None:
    """Answer "biggest gotcha?" about the alternative discussed last."""
    if state.context.kind != "alternative" or state.context.item_id is None:
        return None
    comparison = _comparison(state, kb)
    if comparison is None:
        return None
    alternative = next(
        (a for a in comparison.alternatives if a.framework == state.context.item_id), None
    )
    words = set(tokenize(normalize(text)))
    if alternative is None or len(words) > 8:
        return None
    name = name_of(kb, alternative.framework)
    for attribute, cues in _ATTRIBUTES.items():
        if words & set(cues):
            sentence = {
                "gotcha": f"The biggest gotcha with {name}: {alternative.gotcha}",
                "pricing": f"{name}'s pricing: {alternative.pricing}.",
                "best_for": f"{name} is best for {alternative.best_for}.",
            }[attribute]
            topic = f"{comparison.id}/alternative/{alternative.framework}"
            return StepResult((Reply(sentence, ("Other alternatives", EXPERT)),), state, (), topic)
    return None


def _fallback(state: ConversationState, result: MatchResult, kb: KnowledgeBase) -> StepResult:
    count = state.fallbacks_in_row + 1
    state = replace(state, fallbacks_in_row=count)
    suggestions = tuple(s.title for s in result.suggestions if s.intent_id != CONSULTATION_INTENT)
    text = kb.site.fallback
    if suggestions:
        text += " Did you mean one of these?"
    replies = [Reply(text, suggestions[:3])]
    events = [Event(FALLBACK, {"text": result.text, "suggestions": list(suggestions)})]
    if count >= FALLBACKS_BEFORE_HANDOFF:
        replies.append(Reply(kb.site.offer, (EXPERT,)))
        events.append(Event(HANDOFF_REQUESTED, {"reason": "repeated fallbacks"}))
    return StepResult(tuple(replies), state, tuple(events), None, result.confidence, True)


def _start_form(state: ConversationState, kb: KnowledgeBase, result: MatchResult) -> StepResult:
    form = kb.lead_form
    if form is None:
        reply = Reply(kb.site.handoff)
        event = Event(HANDOFF_REQUESTED, {"reason": "asked for a human"})
        return StepResult((reply,), state, (event,), result.intent, result.confidence)
    draft = LeadDraft()
    question = _next_question(form, draft)
    assert question is not None
    draft = replace(draft, asking=question.id)
    state = replace(state, mode=Mode.COLLECTING, lead=draft, fallbacks_in_row=0)
    replies = (Reply(kb.site.handoff), Reply(form.intro), _ask(question))
    return StepResult(replies, state, (Event(LEAD_STARTED),), result.intent, result.confidence)


def _next_question(form: LeadForm, draft: LeadDraft) -> Question | None:
    return next(
        (
            q
            for q in form.questions
            if q.kind != "consent" and q.id not in draft.answers and q.id not in draft.skipped
        ),
        None,
    )


def _ask(question: Question, reason: str | None = None) -> Reply:
    text = question.prompt
    if question.help:
        text += f" {question.help}"
    if reason:
        text = f"Sorry, {reason}. {text}"
    quick = tuple(choice.label for choice in question.choices)
    if question.kind == "consent":
        quick = ("Yes", "No")
    if not question.required:
        quick = (*quick, "Skip")
    return Reply(text, quick)


def _consent_question(form: LeadForm) -> Question | None:
    return next((q for q in form.questions if q.kind == "consent"), None)


def _collect(
    state: ConversationState,
    draft: LeadDraft,
    form: LeadForm,
    text: str,
    kb: KnowledgeBase,
    index: MatcherIndex,
) -> StepResult:
    comparison = _comparison(state, kb)
    if leadform.is_cancel(text):
        state = replace(state, mode=Mode.ANSWERING, lead=None)
        return StepResult((Reply(form.cancelled),), state, (Event(LEAD_CANCELLED),))
    correction = leadform.find_correction(form, text)
    if correction is not None:
        question, answer = correction
        parsed = leadform.parse_answer(question, answer, comparison)
        if parsed.value is None:
            reply = Reply(f"Sorry, {parsed.problem}; I kept the {question.id.replace('_', ' ')} "
                          "you gave before.")  # fmt: skip
            return StepResult((reply, *_resume(state, draft, form, kb)), state)
        draft = replace(draft, answers={**draft.answers, question.id: parsed.value})
        state = replace(state, lead=draft)
        note = Reply(f"Got it, I've updated your {question.id.replace('_', ' ')}.")
        return StepResult((note, *_resume(state, draft, form, kb)), state)
    if _is_question(text):
        result = determine_intent(index, text)
        if result.intent is not None and result.intent != CONSULTATION_INTENT:
            answered = _answer(replace(state, mode=Mode.ANSWERING), text, kb, index)
            state = replace(answered.state, mode=Mode.COLLECTING, lead=draft)
            back = _resume(state, draft, form, kb, prefix="Back to the form: ")
            return StepResult(
                (*answered.replies, *back), state, (), answered.intent, answered.confidence
            )
    if draft.confirming:
        return _confirm(state, draft, form, text, kb, comparison)
    question = form.question(draft.asking or "") or _next_question(form, draft)
    if question is None:
        return _to_confirmation(state, draft, form, kb, comparison)
    if not question.required and leadform.is_skip(text):
        draft = replace(draft, skipped=(*draft.skipped, question.id))
    else:
        parsed = leadform.parse_answer(question, text, comparison)
        if parsed.value is None:
            return StepResult((_ask(question, parsed.problem),), state)
        draft = replace(draft, answers={**draft.answers, question.id: parsed.value})
    following = _next_question(form, draft)
    if following is None:
        return _to_confirmation(state, draft, form, kb, comparison)
    draft = replace(draft, asking=following.id)
    return StepResult((_ask(following),), replace(state, lead=draft))


def _resume(
    state: ConversationState,
    draft: LeadDraft,
    form: LeadForm,
    kb: KnowledgeBase,
    prefix: str = "",
) -> tuple[Reply, ...]:
    if draft.confirming:
        comparison = _comparison(state, kb)
        return _to_confirmation(state, draft, form, kb, comparison).replies
    question = form.question(draft.asking or "") or _next_question(form, draft)
    if question is None:
        return ()
    asked = _ask(question)
    return (replace(asked, text=prefix + asked.text),)


def _to_confirmation(
    state: ConversationState,
    draft: LeadDraft,
    form: LeadForm,
    kb: KnowledgeBase,
    comparison: Comparison | None,
) -> StepResult:
    draft = replace(draft, asking=None, confirming=True)
    summary = leadform.summarise(kb, form, dict(draft.answers), comparison)
    consent = _consent_question(form)
    prompt = consent.prompt if consent else form.confirm
    replies = (Reply(f"{form.confirm}\n{summary}"), Reply(prompt, ("Yes", "No")))
    return StepResult(replies, replace(state, lead=draft))


def _confirm(
    state: ConversationState,
    draft: LeadDraft,
    form: LeadForm,
    text: str,
    kb: KnowledgeBase,
    comparison: Comparison | None,
) -> StepResult:
    answer = leadform.parse_yes_no(text)
    if answer is None:
        reply = Reply(
            "Please answer yes or no — or correct a detail first, e.g. "
            '"actually my email is name@company.com".',
            ("Yes", "No"),
        )
        return StepResult((reply,), state)
    if not answer:
        state = replace(state, mode=Mode.ANSWERING, lead=None)
        reply = Reply(
            "Understood — I haven't stored anything. " + form.cancelled.split(".", 1)[-1].strip()
        )
        return StepResult((reply,), state, (Event(LEAD_CANCELLED, {"reason": "no consent"}),))
    answers = dict(draft.answers)
    consent = _consent_question(form)
    if consent is not None:
        answers[consent.id] = "yes"
    score, reasons = leadform.score_lead(form, answers)
    data = {
        "answers": answers,
        "score": score,
        "reasons": list(reasons),
        "comparison_id": comparison.id if comparison else None,
        "page_url": state.page_url,
    }
    state = replace(state, mode=Mode.DONE, lead=None)
    return StepResult((Reply(form.thanks),), state, (Event(LEAD_COMPLETED, data),))


def _is_question(text: str) -> bool:
    return text.strip().endswith("?") or bool(_QUESTION_START.match(text))
