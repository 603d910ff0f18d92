"""Leads, submissions, history, notes and the outbox: keys, defaults, cascades, in the database."""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from consultbot.storage.models import (
    Channel,
    Conversation,
    DeliveryStatus,
    Lead,
    LeadNote,
    LeadStatus,
    LeadStatusChange,
    LeadSubmission,
    OutboxItem,
    User,
    utcnow,
)
from tests.storage.factories import make_conversation, make_lead, make_submission, make_user
from tests.storage.models.conftest import assert_closed_set, count


def test_one_email_key_is_one_lead(db_session: Session) -> None:
    make_lead(db_session, email="Ada@Example.com", email_key="ada@example.com")
    with pytest.raises(IntegrityError):
        make_lead(db_session, email="ada@example.com", email_key="ada@example.com")


def test_defaults_fill_a_new_lead(db_session: Session) -> None:
    lead = make_lead(db_session)
    db_session.expire_all()
    assert lead.status is LeadStatus.NEW
    assert (lead.score, lead.score_reasons, lead.answers) == (0, [], {})
    assert (lead.is_spam, lead.submission_count, lead.other_conversation_submissions) == (
        False,
        0,
        0,
    )
    for stamp in (lead.created_at, lead.last_submitted_at, lead.updated_at):
        assert abs(utcnow() - stamp) < timedelta(minutes=1)


def test_changing_a_lead_moves_its_updated_at(db_session: Session) -> None:
    lead = make_lead(db_session, updated_at=utcnow() - timedelta(days=1))
    before = lead.updated_at
    lead.status = LeadStatus.CONTACTED
    db_session.flush()
    db_session.expire_all()
    assert lead.updated_at > before + timedelta(hours=23)


def test_each_notification_is_queued_once_per_lead_channel_and_event(
    db_session: Session,
) -> None:
    lead = make_lead(db_session)
    db_session.add_all(
        [
            OutboxItem(lead_id=lead.id, channel=Channel.EMAIL, event="lead.created"),
            OutboxItem(lead_id=lead.id, channel=Channel.WEBHOOK, event="lead.created"),
            OutboxItem(lead_id=lead.id, channel=Channel.EMAIL, event="lead.updated"),
        ]
    )
    db_session.flush()
    db_session.add(OutboxItem(lead_id=lead.id, channel=Channel.EMAIL, event="lead.created"))
    with pytest.raises(IntegrityError):
        db_session.flush()


def test_a_new_notification_is_pending_and_due_now(db_session: Session) -> None:
    lead = make_lead(db_session)
    item = OutboxItem(lead_id=lead.id, channel=Channel.WEBHOOK, event="lead.created")
    db_session.add(item)
    db_session.flush()
    db_session.expire_all()
    assert (item.status, item.attempts, item.payload, item.sent_at) == (
        DeliveryStatus.PENDING,
        0,
        {},
        None,
    )
    assert abs(utcnow() - item.next_attempt_at) < timedelta(minutes=1)


def test_deleting_a_lead_deletes_its_history_notes_and_notifications(
    db_session: Session,
) -> None:
    author = make_user(db_session)
    lead = make_lead(db_session)
    db_session.add_all(
        [
            LeadNote(lead_id=lead.id, author_id=author.id, body="Called, wants a quote"),
            LeadStatusChange(
                lead_id=lead.id, from_status=LeadStatus.NEW, to_status=LeadStatus.CONTACTED
            ),
            OutboxItem(lead_id=lead.id, channel=Channel.EMAIL, event="lead.created"),
        ]
    )
    db_session.flush()
    db_session.execute(sa.delete(Lead).where(Lead.id == lead.id))
    for model in (LeadNote, LeadStatusChange, OutboxItem):
        assert count(db_session, model) == 0
    assert count(db_session, User) == 1


def test_deleting_a_lead_deletes_its_submissions(db_session: Session) -> None:
    lead = make_lead(db_session)
    make_submission(db_session, lead)
    db_session.execute(sa.delete(Lead).where(Lead.id == lead.id))
    assert count(db_session, LeadSubmission) == 0


def test_deleting_a_conversation_keeps_the_submissions_made_in_it(db_session: Session) -> None:
    conversation = make_conversation(db_session)
    lead = make_lead(db_session, conversation_id=conversation.id)
    submission = make_submission(db_session, lead)
    db_session.execute(sa.delete(Conversation).where(Conversation.id == conversation.id))
    db_session.expire_all()
    assert submission.conversation_id is None and submission.answers["name"] == lead.name


def test_deleting_a_conversation_deletes_the_notifications_about_it(db_session: Session) -> None:
    conversation = make_conversation(db_session)
    db_session.add(
        OutboxItem(
            conversation_id=conversation.id, channel=Channel.EMAIL, event="conversation.waiting"
        )
    )
    db_session.flush()
    db_session.execute(sa.delete(Conversation).where(Conversation.id == conversation.id))
    assert count(db_session, OutboxItem) == 0


def test_removing_a_staff_account_keeps_its_notes_and_history(db_session: Session) -> None:
    author = make_user(db_session)
    lead = make_lead(db_session)
    note = LeadNote(lead_id=lead.id, author_id=author.id, body="Sent the proposal")
    change = LeadStatusChange(
        lead_id=lead.id,
        from_status=LeadStatus.NEW,
        to_status=LeadStatus.QUALIFIED,
        user_id=author.id,
    )
    db_session.add_all([note, change])
    db_session.flush()
    db_session.execute(sa.delete(User).where(User.id == author.id))
    db_session.expire_all()
    assert note.author_id is None and note.body == "Sent the proposal"
    assert change.user_id is None


def test_a_submission_number_is_used_once_per_lead(db_session: Session) -> None:
    lead = make_lead(db_session)
    make_submission(db_session, lead, number=1)
    make_submission(db_session, make_lead(db_session, email="bo@example.com"), number=1)
    with pytest.raises(IntegrityError):
        make_submission(db_session, lead, number=1)


def test_a_lead_lists_its_submissions_by_number(db_session: Session) -> None:
    lead = make_lead(db_session)
    make_submission(db_session, lead, number=2, answers={"name": "second"})
    make_submission(db_session, lead, number=1, answers={"name": "first"})
    db_session.expire_all()
    assert [s.answers["name"] for s in lead.submissions] == ["first", "second"]
    assert all(s.lead is lead for s in lead.submissions)


def test_a_stored_submission_is_never_changed(db_session: Session) -> None:
    lead = make_lead(db_session)
    submission = make_submission(db_session, lead)
    submission.answers = {"name": "Mallory"}
    with pytest.raises(ValueError, match="stored once and is never changed"):
        db_session.flush()


def test_a_status_change_by_a_rule_names_the_rule_and_no_one(db_session: Session) -> None:
    lead = make_lead(db_session)
    change = LeadStatusChange(lead_id=lead.id, to_status=LeadStatus.SPAM, rule="spam check")
    db_session.add(change)
    db_session.flush()
    db_session.expire_all()
    assert (change.from_status, change.user_id, change.rule) == (None, None, "spam check")
    assert [c.to_status for c in lead.status_changes] == [LeadStatus.SPAM]


@pytest.mark.parametrize(
    ("table", "column", "enum"),
    [
        ("leads", "status", LeadStatus),
        ("lead_status_changes", "from_status", LeadStatus),
        ("lead_status_changes", "to_status", LeadStatus),
        ("outbox", "channel", Channel),
        ("outbox", "status", DeliveryStatus),
    ],
)
def test_closed_sets_refuse_unknown_values_in_the_database(
    db_session: Session, table: str, column: str, enum: type[StrEnum]
) -> None:
    lead = make_lead(db_session)
    db_session.add_all(
        [
            LeadStatusChange(lead_id=lead.id, from_status=None, to_status=LeadStatus.NEW),
            OutboxItem(lead_id=lead.id, channel=Channel.EMAIL, event="lead.created"),
        ]
    )
    db_session.flush()
    assert_closed_set(db_session, table, column, enum)
