"""Visitors' thumbs up or down on the assistant's answers, stored on the answer's own line."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from consultbot.storage.models import Conversation, Feedback, Message, Role


def find_answer(session: Session, conversation: Conversation, message_id: int) -> Message | None:
    """Return an assistant line of this conversation by id (None for anything else)."""
    return session.scalars(
        sa.select(Message).where(
            Message.id == message_id,
            Message.conversation_id == conversation.id,
            Message.role == Role.ASSISTANT,
        )
    ).one_or_none()


def set_feedback(
    session: Session, answer: Message, rating: Feedback | None, comment: str | None
) -> None:
    """Record (or, with no rating, withdraw) the visitor's verdict on an answer."""
    answer.feedback = rating
    answer.feedback_comment = comment if rating is not None else None
    answer.feedback_at = datetime.now(UTC) if rating is not None else None
    session.flush()
