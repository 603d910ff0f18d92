"""Ask a form question: again after an answer not understood, and with a way out when needed.

After two answers in a row not understood at a required question, the visitor is offered a way
on rather than the same sentence again: "Not sure" at a choice (scored as not given), Cancel or
one of our engineers elsewhere. "Bye", "rather not say"... offer to cancel, or to skip an
optional question.
"""

from __future__ import annotations

from dataclasses import replace

from consultbot.dialogue import leadform
from consultbot.dialogue.answers import EXPERT
from consultbot.dialogue.replies import Reply, StepResult, booking_links
from consultbot.dialogue.state import ConversationState, LeadDraft
from consultbot.knowledge import markup
from consultbot.knowledge.comparison import Comparison
from consultbot.knowledge.lead_form import Question
from consultbot.knowledge.schema import KnowledgeBase

CANCEL = "Cancel"
SKIP = "Skip"
CONTINUE = "Continue"
NOT_SURE = "Not sure"
YES = "Yes"
# Failed tries at a required question before a way on is offered instead of the same sentence.
TRIES_BEFORE_A_WAY_OUT = 2


def ask(question: Question, reason: str | None = None) -> Reply:
    """Ask one question, after the reason the last answer was not taken, with its chips."""
    text = question.prompt
    if question.help:
        text += f" {question.help}"
    if reason:
        text = f"Sorry, {reason}. {text}"
    quick = tuple(choice.label for choice in question.choices)
    if not question.required:
        quick = (*quick, SKIP)
    return Reply(text, (*quick, CANCEL), rateable=False)


def gives_up(question: Question | None, text: str, comparison: Comparison | None) -> bool:
    """Tell whether "bye", "not now", "rather not say"... declines the question being asked.

    Never when it is the answer: a choice it names ("not sure" may be one), or a skip of an
    optional question (which is simply skipped).
    """
    if question is None or not leadform.gives_up(question, text):
        return False
    if question.kind == "choice" and leadform.is_unsure(text):
        return False  # "dunno" which size: a failed try, then "not sure" is offered
    if not question.required and leadform.is_skip(text):
        return False
    return (
        question.kind != "choice" or leadform.parse_choice(question, text, comparison).value is None
    )


def takes_unsure(question: Question, text: str, comparison: Comparison | None) -> bool:
    """Tell whether "not sure" is the answer: an unknown one, at a required choice.

    Taken the first time it is said (the lead's score counts it as not given), unless it
    names one of the choices ("not sure" may be the label of "Something else").
    """
    if not question.required or question.kind != "choice":
        return False
    if not (leadform.is_unsure(text) or text.strip() == NOT_SURE):
        return False
    return leadform.parse_choice(question, text, comparison).value is None


def retry(
    state: ConversationState,
    draft: LeadDraft,
    question: Question,
    problem: str | None,
    kb: KnowledgeBase,
) -> StepResult:
    """Ask again after an answer not understood; from the second in a row, offer a way on."""
    draft = replace(draft, failed_tries=draft.failed_tries + 1, pending_choice=None)
    state = replace(state, lead=draft)
    asked = ask(question, problem)
    if not question.required or draft.failed_tries < TRIES_BEFORE_A_WAY_OUT:
        return StepResult((asked,), state)
    if question.kind == "choice":
        text = f'{asked.text} Not sure? Say "not sure" and our engineer will work it out with you.'
        *choices, cancel_chip = asked.quick_replies
        return StepResult((Reply(text, (*choices, NOT_SURE, cancel_chip)),), state)
    text = (
        f"{asked.text} If you'd rather not answer, press Cancel (nothing is kept), or talk to "
        "one of our engineers instead."
    )
    return StepResult((Reply(text, (EXPERT, CANCEL), booking_links(kb)),), state)


def confirm_choice(
    state: ConversationState, draft: LeadDraft, question: Question, text: str, suggested: str
) -> StepResult:
    """Ask whether an answer that only suggests a choice ("€5k" at the size) means it."""
    label = question.choice_label(suggested).lower()
    said = markup.escape(" ".join(text.split()))
    reply = Reply(
        f'"{said}" sounds like a {label} project: is that right? Say "yes", or pick the size.',
        (YES, *(choice.label for choice in question.choices), CANCEL),
    )
    return StepResult((reply,), replace(state, lead=replace(draft, pending_choice=suggested)))


def offer_exit(state: ConversationState, draft: LeadDraft, question: Question | None) -> StepResult:
    """Offer to cancel the form, or to skip the question when it may be skipped."""
    draft = replace(draft, exit_offered=True)
    if question is not None and not question.required:
        text = "No problem. Shall I skip this question, or cancel the form altogether?"
        quick: tuple[str, ...] = (SKIP, CANCEL, CONTINUE)
    else:
        text = (
            "No problem. Shall I cancel the form? Nothing is stored unless you finish it "
            "and say yes at the end."
        )
        quick = (CANCEL, CONTINUE)
    return StepResult((Reply(text, quick),), replace(state, lead=draft))
