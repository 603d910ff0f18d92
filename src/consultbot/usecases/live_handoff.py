"""The message path's side of a live chat: hold messages for a person, bring one in, or not.

Called by ``visitor_message.post_message`` with the conversation row locked, so a visitor
message and a request for a person are decided once, whichever worker takes them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from consultbot.dialogue import handoff
from consultbot.dialogue.replies import StepResult, WaitWithdrawn
from consultbot.dialogue.state import ConversationState
from consultbot.knowledge.schema import KnowledgeBase
from consultbot.storage import live
from consultbot.storage.models import Channel, Conversation, LiveStatus, Message, Role


def timeout_outcome(kb: KnowledgeBase) -> live.Outcome:
    """What a visitor whose wait ran out is told, with the way to the form."""
    reply = handoff.timed_out(kb)
    return live.Outcome(reply.text, reply.quick_replies)


def live_status(session: Session, conversation: Conversation) -> str | None:
    """The conversation's open live chat's status ("waiting", "held"), or None."""
    chat = live.open_chat(session, conversation.id)
    return None if chat is None else chat.status.value


def hold_for_person(
    session: Session,
    conversation: Conversation,
    text: str,
    client_message_id: str,
    kb: KnowledgeBase,
) -> dict[str, Any] | None:
    """Store a message for the person a visitor talks to, with no bot reply.

    Returns the response to send, or None when no person holds the chat: none is involved,
    one is still awaited (the assistant answers meanwhile, see ``waiting_for_person``), or the
    wait just ran out (the visitor is told through the events, and the assistant answers).
    """
    now = datetime.now(UTC)
    chat = live.open_chat(session, conversation.id)
    if chat is None:
        return None
    if chat.status is LiveStatus.WAITING:
        if chat.deadline_at <= now:
            live.expire_if_due(session, conversation.id, timeout_outcome(kb), now)
        return None
    response: dict[str, Any] = {
        "replies": [],
        "state": ConversationState.from_json(conversation.state).mode.value,
        "meta": {"intent": None, "confidence": 0.0, "fallback": False},
        "live": {"status": chat.status.value},
    }
    session.add(
        Message(
            conversation_id=conversation.id,
            role=Role.VISITOR,
            text=text,
            client_message_id=client_message_id,
            response=response,
            intent=None,
            confidence=None,
            fallback=False,
            created_at=now,
        )
    )
    conversation.message_count += 1
    conversation.last_activity_at = now
    return response


def waiting_for_person(session: Session, conversation: Conversation) -> bool:
    """Whether a person has been asked for and has not yet claimed the chat (nor timed out)."""
    chat = live.open_chat(session, conversation.id)
    return chat is not None and chat.status is LiveStatus.WAITING


def withdraw_wait(session: Session, conversation: Conversation, result: StepResult) -> bool:
    """End the wait when the visitor withdrew it (a goodbye, "stop waiting"); True if ended.

    The chat leaves the staff's queue marked as withdrawn, so nobody claims a visitor who
    has gone, and the Live page shows that they left.
    """
    if not any(isinstance(event, WaitWithdrawn) for event in result.events):
        return False
    return live.withdraw(session, conversation.id, datetime.now(UTC))


def settle_request(
    session: Session,
    conversation: Conversation,
    before: ConversationState,
    result: StepResult,
    kb: KnowledgeBase,
) -> tuple[StepResult, str | None]:
    """Bring a person in when the step asked for one and someone is available.

    Returns the step to store and, when a person is being brought in, the reason (the caller
    opens the live chat once the step is stored). A visitor whose earlier wait ran out goes
    straight to the form: they were told nobody could join, and asking again should not make
    them wait a second time; so does one who withdrew a wait (the goodbye offers the form).
    """
    reason = handoff.person_requested(result)
    if reason is None or live.missed_before(session, conversation.id):
        return result, None
    now = datetime.now(UTC)
    if live.staff_available(session, kb.site.live_chat, now):
        return handoff.bring_in(before, result, kb), reason
    return handoff.nobody_free(result, kb), None


def open_live_chat(
    session: Session,
    conversation: Conversation,
    reason: str,
    kb: KnowledgeBase,
    channels: Sequence[Channel],
) -> None:
    """Queue the conversation for staff and notify them (after the step is stored)."""
    session.flush()
    live.request_person(
        session, conversation, kb.site.live_chat, reason, datetime.now(UTC), channels
    )
