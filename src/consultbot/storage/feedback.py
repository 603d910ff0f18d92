"""Visitors' thumbs up or down on the assistant's answers, stored on the answer's own line."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from consultbot.storage.models import Conversation, Feedback, Message, Role


def find_answer(session: Session, conversation: Conversation, message_id: int) -> Message | None:
    """Return an answer of this conversation by id: an assistant line after a visitor's message.

    None for anything else, the greeting included (nothing was asked yet, so nothing to rate).
    """
    asked = aliased(Message)
    return session.scalars(
        sa.select(Message).where(
            Message.id == message_id,
            Message.conversation_id == conversation.id,
            Message.role == Role.ASSISTANT,
            sa.exists().where(
                asked.conversation_id == conversation.id,
                asked.role == Role.VISITOR,
                asked.id < message_id,
            ),
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
