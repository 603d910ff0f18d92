"""What a dialogue step returns: replies for the visitor and events for the shell."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from consultbot.dialogue.state import ConversationState
from consultbot.knowledge import markup
from consultbot.knowledge.schema import KnowledgeBase

BOOK_A_CALL = "Book a call"


@dataclass(frozen=True, slots=True)
class LinkReply:
    """A button that opens an http(s) address in a new tab instead of sending a message."""

    label: str
    url: str

    def to_json(self) -> dict[str, str]:
        """Return the button as the widget API shows it."""
        return {"label": self.label, "url": self.url}


@dataclass(frozen=True, slots=True)
class Reply:
    """One message from the assistant, with buttons the visitor can press instead of typing.

    ``text`` may carry the small markup of ``consultbot.knowledge.markup`` (links, bold,
    bullet lists); ``plain_text`` is the same without marks, as transcripts store it.
    """

    text: str
    quick_replies: tuple[str, ...] = ()
    link_replies: tuple[LinkReply, ...] = ()
    # An answer the visitor may rate; a step of the form (a question, the summary) is not one.
    rateable: bool = True

    @property
    def plain_text(self) -> str:
        """The text without marks: links read "words (address)"."""
        return markup.to_plain(self.text)

    def to_json(self) -> dict[str, Any]:
        """Return the reply as the widget API shows it: plain text, and its blocks to render."""
        return {
            "text": self.plain_text,
            "blocks": markup.to_json(self.text),
            "quick_replies": list(self.quick_replies),
            "link_replies": [link.to_json() for link in self.link_replies],
            "rateable": self.rateable,
        }


def form_replies(replies: tuple[Reply, ...]) -> tuple[Reply, ...]:
    """Mark replies as the form's own (its questions, summary, thanks): not answers to rate."""
    return tuple(replace(reply, rateable=False) for reply in replies)


def booking_links(kb: KnowledgeBase) -> tuple[LinkReply, ...]:
    """The "Book a call" button, when the site settings give a booking address."""
    url = kb.site.booking_url
    return (LinkReply(BOOK_A_CALL, url),) if url else ()


LEAD_COMPLETED = "lead_completed"
LEAD_STARTED = "lead_started"
LEAD_CANCELLED = "lead_cancelled"
FALLBACK = "fallback"
HANDOFF_REQUESTED = "handoff_requested"
# The visitor asked to be put in touch: the shell may bring a person into the chat.
PERSON_REQUESTED = "person_requested"
# The visitor waiting for a person left or stopped waiting: the shell ends the wait.
WAIT_WITHDRAWN = "wait_withdrawn"


@dataclass(frozen=True, slots=True)
class GivenConsent:
    """The consent wording as the visitor read it, its version (a hash of it), and their reply."""

    text: str
    version: str
    reply: str


@dataclass(frozen=True, slots=True)
class CompletedForm:
    """A finished lead form, ready to store: the answers, how they read, the score, the consent."""

    answers: Mapping[str, str]
    # Each answer with its question's title and its choice's label, in form order.
    display: tuple[Mapping[str, str], ...]
    score: int
    reasons: tuple[str, ...]
    score_details: Mapping[str, Any]
    comparison_id: str | None
    page_url: str | None
    consent: GivenConsent


# Events: what the shell must act on (a lead to store, a fallback to log, a person to bring in).


@dataclass(frozen=True, slots=True)
class LeadStarted:
    """The visitor began the lead form."""

    kind: ClassVar[str] = LEAD_STARTED


@dataclass(frozen=True, slots=True)
class LeadCompleted:
    """The visitor consented: the form is to be stored as a lead."""

    form: CompletedForm
    kind: ClassVar[str] = LEAD_COMPLETED


@dataclass(frozen=True, slots=True)
class LeadCancelled:
    """The form was abandoned, and why ("no consent", the visitor cancelled...)."""

    reason: str
    kind: ClassVar[str] = LEAD_CANCELLED


@dataclass(frozen=True, slots=True)
class Fallback:
    """The assistant could not answer: the visitor's words, and what it offered instead."""

    text: str
    suggestions: tuple[str, ...] = ()
    kind: ClassVar[str] = FALLBACK


@dataclass(frozen=True, slots=True)
class HandoffRequested:
    """The conversation should go to sales (repeated fallbacks, asked for a human)."""

    reason: str
    kind: ClassVar[str] = HANDOFF_REQUESTED


@dataclass(frozen=True, slots=True)
class PersonRequested:
    """The visitor asked to be put in touch with a person."""

    reason: str
    kind: ClassVar[str] = PERSON_REQUESTED


@dataclass(frozen=True, slots=True)
class WaitWithdrawn:
    """The visitor waiting for a person said goodbye or stopped waiting: nobody is to join."""

    reason: str
    kind: ClassVar[str] = WAIT_WITHDRAWN


Event = (
    LeadStarted
    | LeadCompleted
    | LeadCancelled
    | Fallback
    | HandoffRequested
    | PersonRequested
    | WaitWithdrawn
)


@dataclass(frozen=True, slots=True)
class StepResult:
    """What one step produced, and how the message was matched."""

    replies: tuple[Reply, ...]
    state: ConversationState
    events: tuple[Event, ...] = ()
    intent: str | None = None
    confidence: float = 0.0
    fallback: bool = False
    # The winner's confidence over the runner-up's when an item was matched (None: no rival).
    margin: float | None = None
    # The replies ask which of a few items was meant: their chips are the options, all kept.
    asks_which: bool = False
