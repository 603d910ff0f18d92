"""A staff member's side of a live chat: be present and available, claim, reply, hand back, close.

Each action is committed on its own; one the chat's state refuses (someone else claimed it
first, it already ended) raises ``LiveChatError`` with nothing changed.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from consultbot.knowledge.schema import KnowledgeBase
from consultbot.storage import live
from consultbot.storage.models import LiveStatus, User
from consultbot.usecases.live_handoff import timeout_outcome
from consultbot.visitor_text import without_bidi_controls

LiveChatError = live.LiveChatError
ACTIONS = ("claim", "hand_back", "close")


def check_in(session: Session, user_id: int) -> User:
    """Keep this staff member present on the Live page; return them."""
    user = session.get_one(User, user_id)
    live.check_in(session, user.id, datetime.now(UTC))
    session.commit()
    return user


def expire_due(session: Session, kb: KnowledgeBase, now: datetime) -> None:
    """End the waits that ran out, telling each visitor so."""
    if live.expire_all_due(session, timeout_outcome(kb), now):
        session.commit()


def set_availability(session: Session, user_id: int, display_name: str, available: bool) -> bool:
    """Start or stop taking chats under ``display_name``; return whether they now take chats."""
    user = session.get_one(User, user_id)
    # Shown to visitors: what would disguise a visitor's text would disguise a name as well.
    user.display_name = without_bidi_controls(display_name).strip()
    live.set_available(session, user, available, datetime.now(UTC))
    session.commit()
    return user.chat_available


def act(session: Session, chat_id: int, user_id: int, action: str, kb: KnowledgeBase) -> None:
    """Claim, hand back or close a chat (``action`` is one of ACTIONS), and commit."""
    user = session.get_one(User, user_id)
    now = datetime.now(UTC)
    settings = kb.site.live_chat
    try:
        if action == "claim":
            live.claim(session, chat_id, user, now)
        elif action == "hand_back":
            live.end(session, chat_id, user, LiveStatus.HANDED_BACK, settings.handed_back, now)
        else:
            live.end(session, chat_id, user, LiveStatus.CLOSED, settings.closed, now)
    except LiveChatError:
        session.rollback()
        raise
    session.commit()


def reply(session: Session, chat_id: int, user_id: int, text: str) -> None:
    """Send the visitor a staff line in a chat this person holds, and commit."""
    user = session.get_one(User, user_id)
    try:
        live.reply(session, chat_id, user, without_bidi_controls(text).strip(), datetime.now(UTC))
    except LiveChatError:
        session.rollback()
        raise
    session.commit()
