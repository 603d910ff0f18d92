"""Take one conversation step: the visitor's text in; replies, the new state and events out."""

from __future__ import annotations

from dataclasses import replace

from consultbot.dialogue import form_step
from consultbot.dialogue.answers import EXPERT, answer_topic, name_of
from consultbot.dialogue.replies import (
    FALLBACK,
    HANDOFF_REQUESTED,
    Event,
    Reply,
    StepResult,
)
from consultbot.dialogue.state import ConversationState, LeadDraft, Mode
from consultbot.knowledge.schema import Comparison, KnowledgeBase, LeadForm
from consultbot.matching.index import MatcherIndex
from consultbot.matching.matcher import MatchResult, determine_intent
from consultbot.matching.normalize import normalize, tokenize

CONSULTATION_INTENT = form_step.CONSULTATION_INTENT
FALLBACKS_BEFORE_HANDOFF = 2
_ATTRIBUTES = {
    "gotcha": ("gotcha", "downside", "catch", "drawback", "problem", "con", "cons", "weakness"),
    "pricing": ("pricing", "price", "cost", "free", "license", "licence", "pay"),
    "best_for": ("best", "good", "suited", "use", "ideal"),
}


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
    return form_step.start_form(state, kb, result.intent, result.confidence)


def _collect(
    state: ConversationState,
    draft: LeadDraft,
    form: LeadForm,
    text: str,
    kb: KnowledgeBase,
    index: MatcherIndex,
) -> StepResult:
    comparison = _comparison(state, kb)
    return form_step.collect(state, draft, form, text, kb, index, _answer, comparison)
