"""The conversation's state: a plain value that round-trips through JSON."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

STATE_VERSION = 1


class Mode(StrEnum):
    """What the assistant is doing in the conversation."""

    ANSWERING = "answering"
    COLLECTING = "collecting"
    DONE = "done"


@dataclass(frozen=True, slots=True)
class TopicContext:
    """What was discussed last, so follow-ups ("and docs?") resolve."""

    comparison_id: str | None = None
    frameworks: tuple[str, ...] = ()
    kind: str | None = None
    item_id: str | None = None
    size: str | None = None
    # The FAQ entry answered last ("consultation-info"), so "is it free?" right after it
    # is about its topic.
    faq: str | None = None


@dataclass(frozen=True, slots=True)
class LeadDraft:
    """The lead form as filled so far."""

    answers: Mapping[str, str] = field(default_factory=dict)
    asking: str | None = None
    skipped: tuple[str, ...] = ()
    confirming: bool = False
    # The consent wording shown, so the submission stores what the visitor said yes to.
    consent_shown: str | None = None
    # An address given with a likely typo; giving it again keeps it as it is.
    pending_email: str | None = None
    # The visitor said they would rather stop: the next reply may be Cancel or Skip.
    exit_offered: bool = False
    # A new form in a conversation that already stored a request: cancelling it keeps that one.
    again: bool = False
    # Answers to the current question not understood in a row: after two, a way on is offered.
    failed_tries: int = 0
    # A choice the answer only suggested ("€5k" at the size: small?): a yes takes it.
    pending_choice: str | None = None


@dataclass(frozen=True, slots=True)
class ConversationState:
    """Everything the dialogue needs to take the next step."""

    mode: Mode = Mode.ANSWERING
    context: TopicContext = TopicContext()
    lead: LeadDraft | None = None
    fallbacks_in_row: int = 0
    page_url: str | None = None
    # The last reply offered a consultation: a plain yes to it starts the lead form.
    offer_pending: bool = False
    # The answers a "no" to the consent just discarded: kept for the next message only, so
    # "wait, actually yes" can bring them back (to be asked again); never stored as a lead.
    discarded: LeadDraft | None = None
    # A digest of the last answer given (see ``repeats``): the same long one is not given again.
    last_answer: str | None = None
    # The items answered so far, the latest last (see ``chips``): chips do not offer them again.
    answered: tuple[str, ...] = ()
    # The answers of the request stored last in this conversation, so a correction after the
    # thanks ("actually it is large") can send a corrected one (see ``after_form``).
    sent: LeadDraft | None = None
    # The visitor said no at the consent and the answers are gone: a late "yes, keep it"
    # is told so and offered a new form.
    declined: bool = False

    def with_context(self, **changes: Any) -> ConversationState:
        """Return a copy whose topic context has the given fields changed."""
        return replace(self, context=replace(self.context, **changes))

    def to_json(self) -> dict[str, Any]:
        """Return a JSON-serialisable dict of this state."""
        return {
            "version": STATE_VERSION,
            "mode": self.mode.value,
            "context": {
                "comparison_id": self.context.comparison_id,
                "frameworks": list(self.context.frameworks),
                "kind": self.context.kind,
                "item_id": self.context.item_id,
                "size": self.context.size,
                "faq": self.context.faq,
            },
            "lead": _draft_to_json(self.lead),
            "fallbacks_in_row": self.fallbacks_in_row,
            "page_url": self.page_url,
            "offer_pending": self.offer_pending,
            "discarded": _draft_to_json(self.discarded),
            "last_answer": self.last_answer,
            "answered": list(self.answered),
            "sent": _draft_to_json(self.sent),
            "declined": self.declined,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> ConversationState:
        """Rebuild a state from ``to_json`` output; an empty or unknown value starts afresh."""
        if not data or data.get("version") != STATE_VERSION:
            return cls()
        context = data.get("context") or {}
        return cls(
            mode=Mode(data.get("mode", Mode.ANSWERING)),
            context=TopicContext(
                comparison_id=context.get("comparison_id"),
                frameworks=tuple(context.get("frameworks") or ()),
                kind=context.get("kind"),
                item_id=context.get("item_id"),
                size=context.get("size"),
                faq=context.get("faq"),
            ),
            lead=_draft_from_json(data.get("lead")),
            fallbacks_in_row=int(data.get("fallbacks_in_row", 0)),
            page_url=data.get("page_url"),
            # Absent from states stored before it existed.
            offer_pending=bool(data.get("offer_pending", False)),
            discarded=_draft_from_json(data.get("discarded")),
            last_answer=data.get("last_answer"),
            answered=tuple(str(a) for a in data.get("answered") or ()),
            sent=_draft_from_json(data.get("sent")),
            declined=bool(data.get("declined", False)),
        )


def _draft_to_json(draft: LeadDraft | None) -> dict[str, Any] | None:
    if draft is None:
        return None
    return {
        "answers": dict(draft.answers),
        "asking": draft.asking,
        "skipped": list(draft.skipped),
        "confirming": draft.confirming,
        "consent_shown": draft.consent_shown,
        "pending_email": draft.pending_email,
        "exit_offered": draft.exit_offered,
        "again": draft.again,
        "failed_tries": draft.failed_tries,
        "pending_choice": draft.pending_choice,
    }


def _draft_from_json(data: Mapping[str, Any] | None) -> LeadDraft | None:
    if data is None:
        return None
    return LeadDraft(
        answers={str(k): str(v) for k, v in (data.get("answers") or {}).items()},
        asking=data.get("asking"),
        skipped=tuple(data.get("skipped") or ()),
        confirming=bool(data.get("confirming")),
        consent_shown=data.get("consent_shown"),
        pending_email=data.get("pending_email"),
        exit_offered=bool(data.get("exit_offered")),
        again=bool(data.get("again")),
        failed_tries=int(data.get("failed_tries") or 0),
        pending_choice=data.get("pending_choice"),
    )
