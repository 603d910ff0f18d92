"""After the form: a correction once the request is sent, a thank-you, a late change of mind.

Right after the thanks, "actually it is large" or "my email is ..." offers to send a corrected
request (a new submission under the lead; the first stays on record), and "I want to update my
details" says how. "Yes", "ok", "thanks" are acknowledged, never counted as answers missed.
After a "no" at the consent the answers last one message (``closing.take_back``); a "yes, keep
it" later is told they are gone and offered the form again.
"""

from __future__ import annotations

import re
from dataclasses import replace

from consultbot.dialogue import form_step, leadform
from consultbot.dialogue.answers import EXPERT
from consultbot.dialogue.closing import TAKE_BACK_WORDS, to_confirmation
from consultbot.dialogue.consent import YES_WORDS, Consent, read_consent
from consultbot.dialogue.replies import Reply, StepResult, form_replies
from consultbot.dialogue.state import ConversationState, LeadDraft, Mode
from consultbot.knowledge import markup
from consultbot.knowledge.comparison import Comparison
from consultbot.knowledge.lead_form import LeadForm, Question
from consultbot.knowledge.schema import KnowledgeBase
from consultbot.matching.normalize import normalize, tokenize

ACKNOWLEDGED = (
    "You're welcome! Our engineer will be in touch; ask me anything else in the meantime."
)
HOW_TO_UPDATE = (
    'Sure. Tell me what to change, for example "actually the size is large" or "my email is '
    "name@company.com\", and I'll send our team a corrected request."
)
CORRECTED = (
    "Got it: I'll send our team a corrected request with your {name} changed; your first one "
    "stays on record."
)
ALREADY_SENT = "That's what our team has: your {name} is {value}. Nothing to correct there."
ANSWERS_GONE = (
    "Your answers from that form are gone: I kept nothing after your no. "
    "Shall we fill in the form again? It takes a minute."
)
START_AGAIN = "Yes, start again"
# "I want to update my details", "can I change my answers?": how to correct a request sent.
_UPDATE = re.compile(
    r"\b(?:update|change|correct|fix|edit|amend|modify)\b.*\b(?:details|answers?|request|"
    r"form|submission|info|information|data|lead)\b",
    re.IGNORECASE,
)
_THANKS_WORDS = frozenset(
    {"thanks", "thank", "you", "thx", "ty", "cheers", "great", "perfect", "cool", "nice",
     "awesome", "good", "super", "!", ".", "👍", "🙏", "much", "a", "lot", "so"}
)  # fmt: skip


def after_thanks(
    state: ConversationState,
    text: str,
    form: LeadForm,
    kb: KnowledgeBase,
    comparison: Comparison | None,
) -> StepResult | None:
    """Understand a correction, a wish to update, or a plain "ok" once the request is sent."""
    if state.mode is not Mode.DONE:
        return None
    if _acknowledges(text):
        return StepResult((Reply(ACKNOWLEDGED),), replace(state, fallbacks_in_row=0))
    sent = state.sent
    if sent is None:
        return None
    if _UPDATE.search(text):
        return StepResult((Reply(HOW_TO_UPDATE),), replace(state, fallbacks_in_row=0))
    if form_step.is_question(text):
        return None
    found = _correction(form, text, sent)
    if found is None:
        return None
    question, said = found
    parsed = leadform.parse_answer(question, said, comparison)
    if parsed.value is None:
        return None
    name = question.title.lower()
    if sent.answers.get(question.id) == parsed.value:
        label = markup.escape(question.choice_label(parsed.value))
        return StepResult((Reply(ALREADY_SENT.format(name=name, value=label)),), state)
    draft = LeadDraft(answers={**sent.answers, question.id: parsed.value}, again=True)
    collecting = replace(state, mode=Mode.COLLECTING, fallbacks_in_row=0)
    shown = to_confirmation(collecting, draft, form, kb, comparison)
    note = Reply(CORRECTED.format(name=name), rateable=False)
    return replace(shown, replies=form_replies((note, *shown.replies)))


def after_no(state: ConversationState, text: str) -> StepResult | None:
    """Tell a late "yes, keep it" that the answers are gone, and offer the form again."""
    if not state.declined or read_consent(text, TAKE_BACK_WORDS).answer is not Consent.YES:
        return None
    state = replace(state, declined=False, offer_pending=True, fallbacks_in_row=0)
    return StepResult((Reply(ANSWERS_GONE, (START_AGAIN, EXPERT)),), state)


def _correction(form: LeadForm, text: str, sent: LeadDraft) -> tuple[Question, str] | None:
    """A correction of a sent answer, marked or not ("the size is large" is one here)."""
    answered = list(sent.answers)
    found = leadform.find_correction(form, text, answered)
    return found or leadform.find_correction(form, f"actually {text}", answered)


def _acknowledges(text: str) -> bool:
    """Tell whether a message only says yes, ok or thanks ("ok thanks!", "great 👍")."""
    words = tokenize(normalize(text)) or text.split()
    return bool(words) and all(w in YES_WORDS | _THANKS_WORDS for w in words)
