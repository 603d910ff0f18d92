"""The retention purge: delete conversations that never became a lead once they are old.

A conversation without a lead (or a lead submission) is purged once its last activity is older
than the retention period (``purge_batches``), a batch per transaction so no lock is held for
long. Functions take the session first and never commit: the command or the worker does.
Messages are deleted explicitly before their conversations, so the counts are exact whatever
the database's ON DELETE rules.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from consultbot.storage.bulk import count_where, delete_where
from consultbot.storage.models import Conversation, Lead, LeadSubmission, Message, utcnow

PURGE_BATCH_SIZE = 500


@dataclass(frozen=True, slots=True)
class PurgeCounts:
    """How many conversations without a lead, and their messages, a purge removes."""

    conversations: int = 0
    messages: int = 0

    def __add__(self, other: PurgeCounts) -> PurgeCounts:
        return PurgeCounts(self.conversations + other.conversations, self.messages + other.messages)


def retention_cutoff(days: int, now: datetime | None = None) -> datetime:
    """Return the moment before which a conversation's last activity makes it purgeable."""
    return (now or utcnow()) - timedelta(days=days)


def count_stale_conversations(session: Session, cutoff: datetime) -> PurgeCounts:
    """Count the conversations without a lead last active before ``cutoff``, and messages."""
    stale = _stale_conversations(cutoff).subquery()
    conversations = session.scalar(sa.select(sa.func.count()).select_from(stale)) or 0
    messages = count_where(session, Message, Message.conversation_id.in_(sa.select(stale.c.id)))
    return PurgeCounts(conversations, messages)


def purge_batch(session: Session, cutoff: datetime, limit: int = PURGE_BATCH_SIZE) -> PurgeCounts:
    """Delete up to ``limit`` conversations without a lead last active before ``cutoff``."""
    # FOR UPDATE SKIP LOCKED on PostgreSQL: a conversation a visitor is writing to right now
    # is left for the next run instead of waited for. SQLite's write lock covers it there.
    ids = list(
        session.scalars(
            _stale_conversations(cutoff)
            .order_by(Conversation.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    )
    if not ids:
        return PurgeCounts()
    messages = delete_where(session, Message, Message.conversation_id.in_(ids))
    conversations = delete_where(session, Conversation, Conversation.id.in_(ids))
    return PurgeCounts(conversations, messages)


def purge_batches(
    session: Session, cutoff: datetime, batch_size: int = PURGE_BATCH_SIZE
) -> Iterator[PurgeCounts]:
    """Purge batch after batch, yielding each; the caller commits after every one it is given."""
    while True:
        batch = purge_batch(session, cutoff, batch_size)
        if batch.conversations:
            yield batch
        if batch.conversations < batch_size:
            return


def _stale_conversations(cutoff: datetime) -> sa.Select[int]:
    has_lead = sa.select(Lead.id).where(Lead.conversation_id == Conversation.id).exists()
    has_submission = (
        sa.select(LeadSubmission.id).where(LeadSubmission.conversation_id == Conversation.id)
    ).exists()
    return sa.select(Conversation.id).where(
        Conversation.last_activity_at < cutoff, ~has_lead, ~has_submission
    )
