"""What a dialogue step returns: replies for the visitor and events for the shell."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from consultbot.dialogue.state import ConversationState


@dataclass(frozen=True, slots=True)
class Reply:
    """One message from the assistant, with buttons the visitor can press instead of typing."""

    text: str
    quick_replies: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """Return the reply as the widget API shows it."""
        return {"text": self.text, "quick_replies": list(self.quick_replies)}


@dataclass(frozen=True, slots=True)
class Event:
    """Something the shell must act on: a lead to store, a fallback to log, a handoff."""

    kind: str
    data: dict[str, Any] = field(default_factory=dict)


LEAD_COMPLETED = "lead_completed"
LEAD_STARTED = "lead_started"
LEAD_CANCELLED = "lead_cancelled"
FALLBACK = "fallback"
HANDOFF_REQUESTED = "handoff_requested"
# The visitor asked to be put in touch: the shell may bring a person into the chat.
PERSON_REQUESTED = "person_requested"


@dataclass(frozen=True, slots=True)
class StepResult:
    """What one step produced, and how the message was matched."""

    replies: tuple[Reply, ...]
    state: ConversationState
    events: tuple[Event, ...] = ()
    intent: str | None = None
    confidence: float = 0.0
    fallback: bool = False
