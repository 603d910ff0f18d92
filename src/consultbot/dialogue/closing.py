"""The lead form's closing step: the summary, the one consent question, the lead on a clear yes.

The consent wording is linked to the privacy policy and versioned by its hash; only an
unambiguous yes stores the lead (see ``consent``), a no keeps nothing.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from datetime import UTC, date, datetime

from consultbot.dialogue import leadform
from consultbot.dialogue.consent import RECONSIDER_REASON, Consent, ConsentReading, read_consent
from consultbot.dialogue.replies import (
    CompletedForm,
    GivenConsent,
    LeadCancelled,
    LeadCompleted,
    Reply,
    StepResult,
    booking_links,
)
from consultbot.dialogue.scoring import score_lead
from consultbot.dialogue.state import ConversationState, LeadDraft, Mode
from consultbot.knowledge import markup
from consultbot.knowledge.comparison import Comparison
from consultbot.knowledge.lead_form import LeadForm, Question
from consultbot.knowledge.schema import KnowledgeBase


def consent_question(form: LeadForm) -> Question | None:
    """Return the form's consent question."""
    return next((q for q in form.questions if q.kind == "consent"), None)


def consent_text(form: LeadForm, kb: KnowledgeBase) -> str:
    """The consent wording shown: the question, and the privacy policy's address if known."""
    question = consent_question(form)
    text = question.prompt if question else form.confirm
    if kb.site.privacy_url:
        text += f" Our privacy policy: {kb.site.privacy_url}"
    return text


def consent_version(text: str) -> str:
    """Return the version of a consent wording: the sha256 of its text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def consent_reply(draft: LeadDraft, form: LeadForm, kb: KnowledgeBase, prefix: str = "") -> Reply:
    """Ask the consent question again, in the wording the visitor was first shown."""
    text = prefix + (draft.consent_shown or consent_text(form, kb))
    return Reply(text, ("Yes", "No"), rateable=False)


def to_confirmation(
    state: ConversationState,
    draft: LeadDraft,
    form: LeadForm,
    kb: KnowledgeBase,
    comparison: Comparison | None,
) -> StepResult:
    """Show the summary and ask the one closing question: consent to store and contact."""
    shown = consent_text(form, kb)
    draft = replace(draft, asking=None, confirming=True, consent_shown=shown)
    summary = leadform.summarise(kb, form, dict(draft.answers), comparison)
    replies = (Reply(f"{form.confirm}\n{summary}"), Reply(shown, ("Yes", "No")))
    return StepResult(replies, replace(state, lead=draft))


def confirm(
    state: ConversationState,
    draft: LeadDraft,
    form: LeadForm,
    text: str,
    kb: KnowledgeBase,
    comparison: Comparison | None,
    today: date | None = None,
) -> StepResult:
    """Store the lead on a clear yes; keep nothing on a no; ask again, saying why, otherwise."""
    question = consent_question(form)
    reading = read_consent(
        text,
        question.yes_words if question else (),
        question.no_words if question else (),
    )
    if reading.answer is Consent.NO and _names_a_detail(form, text):
        # "no, the budget is 80k" corrects the summary; it does not refuse it.
        reading = ConsentReading(Consent.UNCLEAR, RECONSIDER_REASON)
    if reading.answer is Consent.UNCLEAR:
        reply = consent_reply(draft, form, kb)
        reply = replace(
            reply,
            text=f"Sorry, {reading.reason}. {reply.text} You can also correct a detail first, "
            'e.g. "actually my email is name@company.com".',
        )
        return StepResult((reply,), state)
    if reading.answer is Consent.NO:
        mode = Mode.DONE if draft.again else Mode.ANSWERING
        state = replace(state, mode=mode, lead=None, discarded=draft, declined=True)
        if draft.again:
            said = (
                "Understood — I haven't stored anything of this new form; "
                "your earlier request is still with our team."
            )
        else:
            rest = form.cancelled.split(".", 1)[-1].strip()
            said = f"Understood — I haven't stored anything. {rest}"
        reply = Reply(f"{said.strip()} {CHANGED_YOUR_MIND}")
        return StepResult((reply,), state, (LeadCancelled("no consent"),))
    answers = dict(draft.answers)
    if question is not None:
        answers[question.id] = "yes"
    score = score_lead(form, answers, today or datetime.now(UTC).date(), comparison)
    # The wording as the visitor read it: a link's address written out, no marks.
    shown = markup.to_plain(draft.consent_shown or consent_text(form, kb))
    completed = CompletedForm(
        answers=answers,
        display=tuple(leadform.describe_answers(form, answers)),
        score=score.out_of_100,
        reasons=tuple(score.reasons()),
        score_details=score.to_json(),
        comparison_id=comparison.id if comparison else None,
        page_url=state.page_url,
        consent=GivenConsent(shown, consent_version(shown), text.strip()),
    )
    sent = LeadDraft(answers=draft.answers)
    state = replace(state, mode=Mode.DONE, lead=None, sent=sent, declined=False)
    thanks = Reply(form.thanks, (), booking_links(kb))
    return StepResult((thanks,), state, (LeadCompleted(completed),))


CHANGED_YOUR_MIND = 'Changed your mind? Say "yes, keep it" now and I\'ll bring your answers back.'
# Besides a plain yes ("wait, actually yes"), what takes back a "no" to the consent.
TAKE_BACK_WORDS = ("keep it", "keep them", "undo", "restore", "changed my mind")


def take_back(
    state: ConversationState,
    discarded: LeadDraft,
    text: str,
    form: LeadForm,
    kb: KnowledgeBase,
    comparison: Comparison | None,
) -> StepResult | None:
    """Bring back the answers a "no" just discarded, on a yes, and ask the consent again.

    A correction ("actually the size is small") is a change of mind too: the answers come
    back with it applied.
    """
    note = "Here are your answers again; nothing is stored until you say yes."
    if read_consent(text, TAKE_BACK_WORDS).answer is not Consent.YES:
        found = leadform.find_correction(form, text, list(discarded.answers))
        parsed = leadform.parse_answer(found[0], found[1], comparison) if found else None
        if found is None or parsed is None or parsed.value is None:
            return None
        answers = {**discarded.answers, found[0].id: parsed.value}
        discarded = replace(discarded, answers=answers)
        note = (
            f"Changed your mind? I've brought your answers back with the "
            f"{found[0].title.lower()} updated; nothing is stored until you say yes."
        )
    restored = to_confirmation(
        replace(state, mode=Mode.COLLECTING), discarded, form, kb, comparison
    )
    first, *rest = restored.replies
    return replace(restored, replies=(replace(first, text=f"{note}\n{first.text}"), *rest))


def _names_a_detail(form: LeadForm, text: str) -> bool:
    """Tell whether a reply names one of the summary's details ("no, the budget is 80k")."""
    names = {q.title.lower() for q in form.questions if q.kind != "consent"}
    names |= {q.id.replace("_", " ") for q in form.questions if q.kind != "consent"}
    return any(re.search(rf"\b{re.escape(name)}\b", text, re.IGNORECASE) for name in names)
