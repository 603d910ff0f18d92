"""The retention purge deletes old conversations that never became a lead, in batches."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from consultbot.storage import retention
from consultbot.storage.models import Conversation, Message
from consultbot.storage.retention import PurgeCounts
from tests.storage.factories import make_conversation, make_lead, make_message, make_submission

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
CUTOFF = NOW - timedelta(days=90)


def old_chat(session: Session, messages: int = 2, days: int = 100) -> Conversation:
    """A conversation last active ``days`` ago, with ``messages`` visitor messages."""
    conversation = make_conversation(session, last_activity_at=NOW - timedelta(days=days))
    for _ in range(messages):
        make_message(session, conversation)
    return conversation


def remaining(session: Session) -> set[int]:
    return set(session.scalars(sa.select(Conversation.id)))


def test_the_cutoff_is_the_retention_period_before_now() -> None:
    assert retention.retention_cutoff(90, NOW) == CUTOFF
    assert retention.retention_cutoff(0, NOW) == NOW
    assert retention.retention_cutoff(1) < datetime.now(UTC)


def test_purge_counts_add_up() -> None:
    assert PurgeCounts(1, 2) + PurgeCounts(3, 4) == PurgeCounts(4, 6)
    assert PurgeCounts() + PurgeCounts() == PurgeCounts(0, 0)


def test_only_old_conversations_without_a_lead_are_counted_and_purged(db_session: Session) -> None:
    stale = old_chat(db_session, messages=3)
    recent = old_chat(db_session, days=10)
    just_inside = old_chat(db_session, days=89)
    with_lead = old_chat(db_session)
    make_lead(db_session, conversation_id=with_lead.id)
    with_submission = old_chat(db_session)
    other = make_lead(db_session, email="grace@example.com")
    make_submission(db_session, other, conversation_id=with_submission.id)
    assert retention.count_stale_conversations(db_session, CUTOFF) == PurgeCounts(1, 3)
    assert retention.purge_batch(db_session, CUTOFF) == PurgeCounts(1, 3)
    assert remaining(db_session) == {recent.id, just_inside.id, with_lead.id, with_submission.id}
    assert stale.id not in set(db_session.scalars(sa.select(Message.conversation_id)))
    assert retention.purge_batch(db_session, CUTOFF) == PurgeCounts()


def test_nothing_stale_counts_and_purges_nothing(db_session: Session) -> None:
    recent = old_chat(db_session, days=1)
    assert retention.count_stale_conversations(db_session, CUTOFF) == PurgeCounts()
    assert retention.purge_batch(db_session, CUTOFF) == PurgeCounts()
    assert list(retention.purge_batches(db_session, CUTOFF)) == []
    assert remaining(db_session) == {recent.id}


def test_a_batch_deletes_at_most_its_limit_oldest_ids_first(db_session: Session) -> None:
    chats = [old_chat(db_session, messages=1) for _ in range(3)]
    assert retention.purge_batch(db_session, CUTOFF, limit=2) == PurgeCounts(2, 2)
    assert remaining(db_session) == {chats[2].id}


def test_batches_are_yielded_until_none_is_left(db_session: Session) -> None:
    for _ in range(5):
        old_chat(db_session, messages=2)
    batches = list(retention.purge_batches(db_session, CUTOFF, batch_size=2))
    assert batches == [PurgeCounts(2, 4), PurgeCounts(2, 4), PurgeCounts(1, 2)]
    assert remaining(db_session) == set()


def test_an_exact_multiple_of_the_batch_size_ends_without_an_empty_batch(
    db_session: Session,
) -> None:
    for _ in range(4):
        old_chat(db_session, messages=0)
    batches = list(retention.purge_batches(db_session, CUTOFF, batch_size=2))
    assert batches == [PurgeCounts(2, 0), PurgeCounts(2, 0)]
