"""Live chats: a visitor waiting for a person, staff claiming, replying, handing back, closing.

Every change of a live chat's status is one conditional UPDATE (``... WHERE status = X``), so
two staff members claiming at once, or a claim racing the waiting time running out, leave
exactly one winner on SQLite and PostgreSQL, across any number of workers and hosts. What the
visitor's widget must show is written as numbered ``ConversationEvent`` rows in the same
transaction; the widget reads them with a cursor. Functions take the session first and never
commit: the caller does, once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from consultbot.knowledge.live_chat import LiveChat as LiveSettings
from consultbot.storage.models import (
    OPEN_LIVE_STATUSES,
    Channel,
    Conversation,
    ConversationEvent,
    EventKind,
    LiveChat,
    LiveStatus,
    Message,
    OutboxItem,
    Role,
    User,
)
from consultbot.visitor_text import without_bidi_controls

# A staff member counts as available while their Live page keeps checking in (it does every
# few seconds); a closed laptop stops counting after this long.
PRESENCE = timedelta(seconds=90)
WAITING_EVENT = "conversation.waiting"


class LiveChatError(Exception):
    """A staff action that cannot be done now; the message says why, for the person who tried."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """How a visitor-facing text should read when a live chat ends or times out."""

    text: str
    quick_replies: tuple[str, ...] = ()


def staff_available(
    session: Session, settings: LiveSettings, now: datetime, presence: timedelta = PRESENCE
) -> bool:
    """Whether a person can be brought in now: within business hours and someone is there."""
    if not settings.open_at(now):
        return False
    found = session.scalar(
        sa.select(User.id)
        .where(
            User.active.is_(True),
            User.chat_available.is_(True),
            User.chat_seen_at >= now - presence,
        )
        .limit(1)
    )
    return found is not None


def set_available(session: Session, user: User, available: bool, now: datetime) -> None:
    """Mark a staff member as available for chats (or not), and as present now."""
    user.chat_available = available
    user.chat_seen_at = now


def check_in(session: Session, user_id: int, now: datetime) -> None:
    """Record that a staff member's Live page is open (their availability keeps counting)."""
    session.execute(sa.update(User).where(User.id == user_id).values(chat_seen_at=now))


def open_chat(session: Session, conversation_id: int) -> LiveChat | None:
    """Return the conversation's waiting or held live chat, if it has one."""
    return session.scalars(
        sa.select(LiveChat)
        .where(
            LiveChat.conversation_id == conversation_id,
            LiveChat.status.in_(OPEN_LIVE_STATUSES),
        )
        .order_by(LiveChat.id.desc())
        .limit(1)
    ).first()


def missed_before(session: Session, conversation_id: int) -> bool:
    """Whether an earlier request for a person in this conversation went unanswered.

    Unanswered: nobody joined in time, or the visitor withdrew it (left, stopped waiting).
    """
    return (
        session.scalar(
            sa.select(LiveChat.id)
            .where(
                LiveChat.conversation_id == conversation_id,
                LiveChat.status.in_((LiveStatus.MISSED, LiveStatus.WITHDRAWN)),
            )
            .limit(1)
        )
        is not None
    )


def add_event(
    session: Session,
    conversation_id: int,
    kind: EventKind,
    text: str = "",
    author_name: str | None = None,
    quick_replies: Sequence[str] = (),
    now: datetime | None = None,
) -> None:
    """Queue one thing for the visitor's widget to show."""
    values: dict[str, Any] = {}
    if now is not None:
        values["created_at"] = now
    session.add(
        ConversationEvent(
            conversation_id=conversation_id,
            kind=kind,
            text=text,
            author_name=author_name,
            quick_replies=list(quick_replies),
            **values,
        )
    )


def request_person(
    session: Session,
    conversation: Conversation,
    settings: LiveSettings,
    reason: str,
    now: datetime,
    channels: Sequence[Channel] = (),
) -> LiveChat:
    """Put the conversation in the Live queue and notify staff (caller holds its row lock)."""
    chat = LiveChat(
        conversation_id=conversation.id,
        status=LiveStatus.WAITING,
        reason=reason,
        requested_at=now,
        deadline_at=now + timedelta(seconds=settings.wait_seconds),
    )
    session.add(chat)
    session.flush()
    add_event(session, conversation.id, EventKind.WAITING, settings.bringing_in, now=now)
    payload = waiting_payload(session, conversation, chat, now)
    for channel in channels:
        session.add(
            OutboxItem(
                lead_id=None,
                conversation_id=conversation.id,
                channel=channel,
                event=f"{WAITING_EVENT}#{chat.id}",
                payload=payload,
            )
        )
    return chat


def waiting_payload(
    session: Session, conversation: Conversation, chat: LiveChat, now: datetime
) -> dict[str, Any]:
    """What staff are sent about a waiting visitor: the page, the reason, the transcript."""
    messages = session.scalars(
        sa.select(Message)
        .where(Message.conversation_id == conversation.id)
        .order_by(Message.id.desc())
        .limit(20)
    ).all()
    return {
        "event": WAITING_EVENT,
        "conversation_id": conversation.public_id,
        "live_chat_id": chat.id,
        "reason": chat.reason,
        "page_url": conversation.page_url,
        "waiting_since": chat.requested_at.isoformat(),
        "deadline": chat.deadline_at.isoformat(),
        "transcript": [{"role": m.role.value, "text": m.text} for m in reversed(messages)],
        "at": now.isoformat(),
    }


def expire_if_due(session: Session, conversation_id: int, outcome: Outcome, now: datetime) -> bool:
    """Mark a waiting chat nobody claimed in time as missed and tell the visitor; True if so."""
    updated = session.execute(
        sa.update(LiveChat)
        .where(
            LiveChat.conversation_id == conversation_id,
            LiveChat.status == LiveStatus.WAITING,
            LiveChat.deadline_at <= now,
        )
        .values(status=LiveStatus.MISSED, ended_at=now)
        .execution_options(synchronize_session=False)
    )
    # Session.execute is typed to return a Result; an UPDATE gives a CursorResult (rowcount).
    if not updated.rowcount:  # type: ignore[attr-defined]
        return False
    add_event(
        session, conversation_id, EventKind.TIMED_OUT, outcome.text, None, outcome.quick_replies
    )
    return True


def withdraw(session: Session, conversation_id: int, now: datetime) -> bool:
    """End a wait the visitor withdrew (a goodbye, "stop waiting"); True if one was waiting.

    A chat a person already claimed is left alone: they are in it, and read the goodbye.
    """
    updated = session.execute(
        sa.update(LiveChat)
        .where(LiveChat.conversation_id == conversation_id, LiveChat.status == LiveStatus.WAITING)
        .values(status=LiveStatus.WITHDRAWN, ended_at=now)
        .execution_options(synchronize_session=False)
    )
    # Session.execute is typed to return a Result; an UPDATE gives a CursorResult (rowcount).
    return bool(updated.rowcount)  # type: ignore[attr-defined]


def expire_all_due(session: Session, outcome: Outcome, now: datetime) -> int:
    """Expire every waiting chat past its deadline (the Live page does this as it refreshes)."""
    due = session.scalars(
        sa.select(LiveChat.conversation_id).where(
            LiveChat.status == LiveStatus.WAITING, LiveChat.deadline_at <= now
        )
    ).all()
    return sum(expire_if_due(session, conversation_id, outcome, now) for conversation_id in due)


def _name(user: User) -> str:
    # Names saved before bidi controls were stripped from them lose them here.
    name = without_bidi_controls(user.display_name or "").strip()
    return name or user.email.split("@", 1)[0]


def claim(session: Session, chat_id: int, user: User, now: datetime) -> None:
    """Take a waiting chat; raise LiveChatError when someone else got there first."""
    name = _name(user)
    updated = session.execute(
        sa.update(LiveChat)
        .where(LiveChat.id == chat_id, LiveChat.status == LiveStatus.WAITING)
        .values(status=LiveStatus.HELD, claimed_by=user.id, claimed_name=name, claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    # Session.execute is typed to return a Result; an UPDATE gives a CursorResult (rowcount).
    if updated.rowcount != 1:  # type: ignore[attr-defined]
        raise LiveChatError(_why_not(session, chat_id, "claim"))
    chat = session.get_one(LiveChat, chat_id)
    session.refresh(chat)
    add_event(
        session, chat.conversation_id, EventKind.CLAIMED, f"{name} has joined the chat.", name
    )


def _why_not(session: Session, chat_id: int, action: str) -> str:
    chat = session.get(LiveChat, chat_id)
    if chat is None:
        return "That chat no longer exists."
    session.refresh(chat)
    if chat.status is LiveStatus.HELD:
        return f"{chat.claimed_name or 'Someone'} has already taken this chat."
    if chat.status is LiveStatus.MISSED:
        return "The visitor waited too long and was offered the form instead."
    if chat.status is LiveStatus.WITHDRAWN:
        return "The visitor left or stopped waiting before anyone joined."
    if chat.status is LiveStatus.WAITING:
        return f"Nobody holds this chat yet; claim it before you {action}."
    return "This chat has already ended."


def _held_by(session: Session, chat_id: int, user: User, action: str) -> LiveChat:
    chat = session.get(LiveChat, chat_id)
    if chat is None or chat.status is not LiveStatus.HELD:
        raise LiveChatError(_why_not(session, chat_id, action))
    if chat.claimed_by != user.id:
        raise LiveChatError(f"{chat.claimed_name or 'Someone else'} holds this chat, not you.")
    return chat


def reply(session: Session, chat_id: int, user: User, text: str, now: datetime) -> Message:
    """Write a staff member's message into the chat they hold."""
    chat = _held_by(session, chat_id, user, "reply")
    name = _name(user)
    message = Message(
        conversation_id=chat.conversation_id,
        role=Role.STAFF,
        text=text,
        client_message_id=None,
        response=None,
        intent=None,
        confidence=None,
        fallback=False,
        created_at=now,
        author_id=user.id,
        author_name=name,
    )
    session.add(message)
    add_event(session, chat.conversation_id, EventKind.STAFF_MESSAGE, text, name, now=now)
    session.flush()
    return message


def end(
    session: Session, chat_id: int, user: User, status: LiveStatus, text: str, now: datetime
) -> None:
    """Hand the chat back to the assistant or close it, from waiting or held."""
    updated = session.execute(
        sa.update(LiveChat)
        .where(LiveChat.id == chat_id, LiveChat.status.in_(OPEN_LIVE_STATUSES))
        .values(status=status, ended_at=now)
        .execution_options(synchronize_session=False)
    )
    # Session.execute is typed to return a Result; an UPDATE gives a CursorResult (rowcount).
    if updated.rowcount != 1:  # type: ignore[attr-defined]
        raise LiveChatError(_why_not(session, chat_id, "end it"))
    chat = session.get_one(LiveChat, chat_id)
    session.refresh(chat)
    kind = EventKind.HANDED_BACK if status is LiveStatus.HANDED_BACK else EventKind.CLOSED
    add_event(session, chat.conversation_id, kind, text, _name(user), now=now)
