"""Take one conversation step: the visitor's text in; replies, the new state and events out."""

from __future__ import annotations

import re
from dataclasses import replace

from consultbot.dialogue import after_form, chips, form_step, repeats, slots
from consultbot.dialogue.answers import EXPERT, answer_framework, answer_topic, name_of
from consultbot.dialogue.chips import FORM_CHIPS
from consultbot.dialogue.closing import take_back
from consultbot.dialogue.consent import Consent, read_consent
from consultbot.dialogue.replies import (
    Event,
    Fallback,
    HandoffRequested,
    Reply,
    StepResult,
    booking_links,
    form_replies,
)
from consultbot.dialogue.state import ConversationState, LeadDraft, Mode
from consultbot.knowledge import markup
from consultbot.knowledge.comparison import Comparison
from consultbot.knowledge.faq import CONSULTATION_INTENT
from consultbot.knowledge.lead_form import LeadForm
from consultbot.knowledge.refs import FRAMEWORK, ItemRef
from consultbot.knowledge.schema import KnowledgeBase
from consultbot.matching.evidence import MatchContext
from consultbot.matching.index import MatcherIndex
from consultbot.matching.matcher import MatchResult, determine_intent
from consultbot.matching.normalize import normalize, tokenize

# FAQ answers that offer a consultation: a plain yes right after one starts the lead form.
OFFERING_INTENTS = frozenset({"consultation-info"})
# Replies that accept a pending offer though they hold no yes word.
ACCEPT_OFFER = ("set it up", "set one up", "book it", "book me", "book me in", "book a call")
# A "no" to an offer this short is only a no; a longer one may carry a question to answer.
PLAIN_NO_WORDS = 3
DECLINED_OFFER = "No problem. Ask me anything else whenever you like."
FALLBACKS_BEFORE_HANDOFF = 2
CLARIFY_OPTIONS = 3
# Offered, after the page's main topics, when an answer's own chips would all repeat answers.
MORE_TOPICS = ("What are the alternatives?", "Who wins overall?")
_NEEDS_HELP = re.compile(
    r"^\W*(?:(?:hi|hello|hey|so|well|ok)[\s,!.]+)*(?:i|we)\s*(?:'d|would)?\s*"
    r"(?:need|want|like|could use|(?:am|are|'m|'re) looking for)\s+(?:some\s+|a bit of\s+)?"
    r"help(?:\s+(?:with|on|for|migrating|moving|porting|building|rewriting|to)\b.*)?\W*$",
    re.IGNORECASE,
)
_DEFAULT_SCOPE = (
    "On this page I can answer about the two frameworks it compares and the alternatives it "
    "lists, or put you in touch with {company}'s engineers."
)
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
    result = repeats.not_twice(state, _step(state, text, kb, index))
    topics = (*default_suggestions(state, kb), *MORE_TOPICS) if _comparison(state, kb) else ()
    return chips.lead_on(state, result, index, match_context(result.state), topics)


def _step(
    state: ConversationState, text: str, kb: KnowledgeBase, index: MatcherIndex
) -> StepResult:
    # An offer stands for one message only: a yes later on is not a yes to it.
    offered = state.offer_pending
    # Answers a "no" discarded are kept for this one message only, then dropped for good.
    discarded = state.discarded
    state = replace(state, offer_pending=False, discarded=None)
    if state.mode is Mode.COLLECTING and state.lead is not None and kb.lead_form is not None:
        return _collect(state, state.lead, kb.lead_form, text, kb, index)
    if discarded is not None and kb.lead_form is not None:
        restored = take_back(state, discarded, text, kb.lead_form, kb, _comparison(state, kb))
        if restored is not None:
            return replace(restored, replies=form_replies(restored.replies))
    if kb.lead_form is not None and not offered:
        comparison = _comparison(state, kb)
        later = after_form.after_no(state, text) or after_form.after_thanks(
            state, text, kb.lead_form, kb, comparison
        )
        if later is not None:
            return later
    if " ".join(text.casefold().split()) in FORM_CHIPS:
        person = form_step.asks_for_a_person(text)
        call = form_step.asks_for_a_call(text)
        return form_step.start_form(state, kb, CONSULTATION_INTENT, 1.0, person, call)
    if _needs_help(text):
        # "I need help migrating" is interest, not a question: offer the consultation.
        state = replace(state, offer_pending=True, fallbacks_in_row=0)
        reply = Reply(f"Happy to help. {kb.site.offer}", ("Yes, please", EXPERT))
        return StepResult((replace(reply, link_replies=booking_links(kb)),), state)
    if offered:
        taken = _reply_to_offer(state, text, kb)
        if taken is not None:
            return taken
    return _answer(state, text, kb, index)


def _reply_to_offer(state: ConversationState, text: str, kb: KnowledgeBase) -> StepResult | None:
    """Start the form on a yes to the consultation just offered; acknowledge a plain no."""
    reading = read_consent(text, ACCEPT_OFFER)
    if reading.answer is Consent.YES:
        # A yes to a consultation: the form, not a person asked into the chat now.
        return form_step.start_form(state, kb, CONSULTATION_INTENT, 1.0, person=False)
    if reading.answer is Consent.NO and len(text.split()) <= PLAIN_NO_WORDS:
        state = replace(state, fallbacks_in_row=0)
        return StepResult((Reply(DECLINED_OFFER, default_suggestions(state, kb)),), state)
    return None


def _comparison(state: ConversationState, kb: KnowledgeBase) -> Comparison | None:
    if state.context.comparison_id:
        found = kb.comparison(state.context.comparison_id)
        if found is not None:
            return found
    return kb.comparisons[0] if len(kb.comparisons) == 1 else None


def _answer(
    state: ConversationState, text: str, kb: KnowledgeBase, index: MatcherIndex
) -> StepResult:
    result = determine_intent(index, text, match_context(state))
    if result.sizes:
        # "Our product is mid-sized": remembered for "what would migrating it cost?" later.
        state = state.with_context(size=result.sizes[0])
    intent = result.intent
    faq_like = intent is not None and kb.intent(intent) is not None
    if intent is None or faq_like or intent == _last_alternative(state):
        follow_up = _attribute_follow_up(state, text, kb)
        if follow_up is not None:
            return replace(follow_up, confidence=result.confidence)
    if result.needs_page and (intent is None or faq_like) and _comparison(state, kb) is None:
        return _which_comparison(state, result, kb)
    if intent is None:
        if result.clarify:
            return _clarify(state, result, kb)
        return _fallback(state, result, kb)
    if intent == CONSULTATION_INTENT:
        return _start_form(state.with_context(faq=intent), kb, result)
    state = replace(state, fallbacks_in_row=0)
    faq = kb.intent(intent)
    if faq is not None:
        state = replace(state, offer_pending=intent in OFFERING_INTENTS).with_context(faq=intent)
        return StepResult(
            (Reply(faq.answer, faq.quick_replies),),
            state,
            (),
            intent,
            result.confidence,
            margin=_margin(result),
        )
    ref = ItemRef.parse(intent)
    if ref.is_framework and ref.id is not None:
        framework_id = ref.id
        reply = answer_framework(kb, framework_id)
        if reply is None:
            return _fallback(state, result, kb)
        # "And FastAPI?" after "What is Django?" asks the same of the other one.
        state = state.with_context(kind=FRAMEWORK, item_id=framework_id, faq=None)
        return StepResult((reply,), state, (), intent, result.confidence, margin=_margin(result))
    kind, item_id = ref.kind, ref.id
    comparison = kb.comparison(ref.comparison) if ref.comparison is not None else None
    reply = None
    last = (state.context.comparison_id, state.context.kind, state.context.item_id)
    if comparison is not None and last == (comparison.id, kind, item_id):
        # "And how long?" about the item just answered asks for that figure, not all of it.
        reply = slots.slot_answer(comparison, kind, item_id, result.kinds)
    if reply is None and comparison is not None:
        reply = answer_topic(kb, comparison, kind, item_id)
    if reply is None or comparison is None:
        return _fallback(state, result, kb)
    # "go vs fastapi": an alternative set against this page's pair, which no page compares.
    if result.paired and kind == "alternative" and item_id in result.outside:
        reply = replace(reply, text=_no_page_note(kb, comparison, item_id) + reply.text)
    if result.runner_up is not None and result.runner_up.confidence >= result.threshold:
        close = result.confidence - result.runner_up.confidence < index.settings.margin
        if close and result.runner_up.ask and result.runner_up.ask not in reply.quick_replies:
            reply = replace(reply, quick_replies=(*reply.quick_replies, result.runner_up.ask)[:4])
    state = state.with_context(
        comparison_id=comparison.id,
        frameworks=tuple(comparison.frameworks),
        kind=kind,
        item_id=item_id,
        faq=None,
    )
    return StepResult((reply,), state, (), intent, result.confidence, margin=_margin(result))


def _margin(result: MatchResult) -> float | None:
    """The winner's lead over the runner-up, which editors read as how sure the answer was."""
    if result.runner_up is None:
        return None
    return round(result.confidence - result.runner_up.confidence, 4)


def match_context(state: ConversationState) -> MatchContext:
    """Tell the matcher the conversation's page and the last item answered."""
    context = state.context
    last = None
    if context.kind:
        last = f"{context.kind}:{context.item_id}" if context.item_id else context.kind
    return MatchContext(context.comparison_id, last, context.size, context.faq)


def _last_alternative(state: ConversationState) -> str | None:
    context = state.context
    if context.kind != "alternative" or not context.comparison_id or not context.item_id:
        return None
    return str(ItemRef.topic(context.comparison_id, "alternative", context.item_id))


def _no_page_note(kb: KnowledgeBase, comparison: Comparison, framework_id: str) -> str:
    names = " or ".join(name_of(kb, f) for f in comparison.frameworks)
    return (
        f"We have no page comparing {name_of(kb, framework_id)} with {names} head to head; "
        f"here is what we know of {name_of(kb, framework_id)}. "
    )


def _attribute_follow_up(
    state: ConversationState, text: str, kb: KnowledgeBase
) -> StepResult | None:
    """Answer "is it free?" about the alternative discussed last."""
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
            topic = str(ItemRef.topic(comparison.id, "alternative", alternative.framework))
            return StepResult((Reply(sentence, ("Other alternatives", EXPERT)),), state, (), topic)
    return None


def _clarify(state: ConversationState, result: MatchResult, kb: KnowledgeBase) -> StepResult:
    """Ask which of the closest items was meant, with quick replies in the visitor's words."""
    options = result.suggestions[:CLARIFY_OPTIONS]
    names = {word for f in kb.frameworks for word in f.name.split()}
    # "Consultation: free or paid?" is asked inside the question, without its own mark.
    titles = [_inside_a_sentence(option.title, names).rstrip("?") for option in options]
    if len(titles) == 1:
        text = f"Do you mean {titles[0]}?"
    else:
        text = f"Do you mean {', '.join(titles[:-1])} or {titles[-1]}?"
    event = Fallback(result.text, tuple(o.intent_id for o in options))
    quick = tuple(option.ask for option in options)
    return StepResult(
        (Reply(text, quick),), state, (event,), None, result.confidence, True, asks_which=True
    )


def _inside_a_sentence(title: str, names: set[str]) -> str:
    """ "Production pitfalls" → "production pitfalls"; "API performance", "Django vs FastAPI
    overall" keep their capitals (an acronym or a name opens them)."""
    first = title.split(" ", 1)[0]
    if first in names or any(ch.isupper() for ch in first[1:]):
        return title
    return title[:1].lower() + title[1:]


def _which_comparison(
    state: ConversationState, result: MatchResult, kb: KnowledgeBase
) -> StepResult:
    """On a page of several comparisons, "which is faster?" first needs to know of which two."""
    titles = tuple(comparison.title for comparison in kb.comparisons[:CLARIFY_OPTIONS])
    text = (
        "Which comparison do you mean? Name the two frameworks (for example "
        f'"{markup.escape(kb.comparisons[0].title)}") and I\'ll answer from that page.'
    )
    event = Fallback(result.text, titles)
    return StepResult(
        (Reply(text, titles),), state, (event,), None, result.confidence, True, asks_which=True
    )


def _fallback(state: ConversationState, result: MatchResult, kb: KnowledgeBase) -> StepResult:
    count = state.fallbacks_in_row + 1
    state = replace(state, fallbacks_in_row=count, offer_pending=count >= FALLBACKS_BEFORE_HANDOFF)
    # A second fallback in a row is worded differently: the same sentence twice reads as a wall.
    texts = (kb.site.fallback, *kb.site.fallbacks)
    text = texts[(count - 1) % len(texts)]
    if result.unknown:
        text = (
            f"I don't have a comparison covering {markup.escape(', '.join(result.unknown))}. "
            + _DEFAULT_SCOPE.format(company=kb.site.company)
        )
    elif result.beyond:
        text = (
            f"This page doesn't have that ({markup.escape(result.beyond[1])}). "
            + _DEFAULT_SCOPE.format(company=kb.site.company)
        )
    suggestions = tuple(s.ask for s in result.suggestions) or default_suggestions(state, kb)
    # A person is always one tap away; after two misses in a row they are offered outright.
    chips = suggestions[:3] if count >= FALLBACKS_BEFORE_HANDOFF else (*suggestions[:2], EXPERT)
    replies = [Reply(text, chips)]
    events: list[Event] = [Fallback(result.text, suggestions)]
    if count >= FALLBACKS_BEFORE_HANDOFF:
        replies.append(Reply(kb.site.offer, (EXPERT,), booking_links(kb)))
        events.append(HandoffRequested("repeated fallbacks"))
    return StepResult(tuple(replies), state, tuple(events), None, result.confidence, True)


def default_suggestions(state: ConversationState, kb: KnowledgeBase) -> tuple[str, ...]:
    """Offer the page's main topics when nothing in the message came close."""
    if _comparison(state, kb) is None:
        return ()
    return ("Which is faster?", "What does a migration cost?", "What can go wrong?")


def _start_form(state: ConversationState, kb: KnowledgeBase, result: MatchResult) -> StepResult:
    person = form_step.asks_for_a_person(result.text)
    call = form_step.asks_for_a_call(result.text)
    return form_step.start_form(state, kb, result.intent, result.confidence, person, call)


def _needs_help(text: str) -> bool:
    """Tell whether a message says the visitor needs help ("I need help migrating")."""
    return bool(_NEEDS_HELP.match(text)) and not form_step.is_question(text)


def _collect(
    state: ConversationState,
    draft: LeadDraft,
    form: LeadForm,
    text: str,
    kb: KnowledgeBase,
    index: MatcherIndex,
) -> StepResult:
    comparison = _comparison(state, kb)
    result = form_step.collect(state, draft, form, text, kb, index, _answer, comparison)
    if result.intent not in (None, CONSULTATION_INTENT) and not result.fallback:
        return result  # a question answered mid-form: the answer is rated, the step is not
    return replace(result, replies=form_replies(result.replies))
