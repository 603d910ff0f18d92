"""The schema's rules hold in the database itself, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
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
    Message,
    OutboxItem,
    Role,
    StaffRole,
    User,
)
from consultbot.storage.models import (
    ConversationMode as Mode,
)
from tests.storage.factories import (
    make_conversation,
    make_lead,
    make_message,
    make_submission,
    make_user,
)


def count(session: Session, model: type) -> int:
    """Return how many rows the model's table holds."""
    return session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


def test_a_client_message_id_is_stored_once_per_conversation(db_session: Session) -> None:
    conversation = make_conversation(db_session)
    make_message(db_session, conversation, client_message_id="m-1")
    with pytest.raises(IntegrityError, match="client_message_id"):
        make_message(db_session, conversation, client_message_id="m-1")


def test_the_same_client_message_id_may_appear_in_two_conversations(db_session: Session) -> None:
    for conversation in (make_conversation(db_session), make_conversation(db_session)):
        make_message(db_session, conversation, client_message_id="m-1")
    assert count(db_session, Message) == 2


def test_assistant_lines_without_a_client_message_id_never_collide(db_session: Session) -> None:
    conversation = make_conversation(db_session)
    for text in ("Hello!", "Anything else?"):
        make_message(
            db_session, conversation, role=Role.ASSISTANT, text=text, client_message_id=None
        )
    assert count(db_session, Message) == 2


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


def test_a_failed_insert_leaves_the_session_usable_after_rollback(db_session: Session) -> None:
    conversation = make_conversation(db_session)
    make_message(db_session, conversation, client_message_id="m-1")
    db_session.commit()
    with pytest.raises(IntegrityError):
        make_message(db_session, conversation, client_message_id="m-1")
    db_session.rollback()
    assert count(db_session, Message) == 1


def test_staff_emails_are_unique(db_session: Session) -> None:
    make_user(db_session, email="sales@example.com")
    with pytest.raises(IntegrityError):
        make_user(db_session, email="sales@example.com")


def test_deleting_a_conversation_deletes_its_messages_and_keeps_its_lead(
    db_session: Session,
) -> None:
    conversation = make_conversation(db_session)
    make_message(db_session, conversation)
    lead = make_lead(db_session, conversation_id=conversation.id)
    db_session.execute(sa.delete(Conversation).where(Conversation.id == conversation.id))
    db_session.expire_all()
    assert count(db_session, Message) == 0
    kept = db_session.get(Lead, lead.id)
    assert kept is not None and kept.conversation_id is None


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


def test_deleting_a_conversation_through_the_orm_deletes_its_messages(
    db_session: Session,
) -> None:
    conversation = make_conversation(db_session)
    make_message(db_session, conversation)
    db_session.delete(conversation)
    db_session.flush()
    assert count(db_session, Message) == 0


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


def test_a_message_needs_an_existing_conversation(db_session: Session) -> None:
    db_session.add(Message(conversation_id=987654, role=Role.VISITOR, text="hi"))
    with pytest.raises(IntegrityError):
        db_session.flush()


@pytest.mark.parametrize(
    ("table", "column", "enum"),
    [
        ("conversations", "mode", Mode),
        ("messages", "role", Role),
        ("leads", "status", LeadStatus),
        ("users", "role", StaffRole),
        ("outbox", "channel", Channel),
        ("outbox", "status", DeliveryStatus),
    ],
)
def test_closed_sets_refuse_unknown_values_in_the_database(
    db_session: Session, table: str, column: str, enum: type[StrEnum]
) -> None:
    lead = make_lead(db_session)
    conversation = make_conversation(db_session)
    make_message(db_session, conversation)
    make_user(db_session)
    db_session.add(OutboxItem(lead_id=lead.id, channel=Channel.EMAIL, event="lead.created"))
    db_session.flush()
    for member in enum:
        db_session.execute(sa.text(f"UPDATE {table} SET {column} = :value"), {"value": member})
    with pytest.raises(IntegrityError):
        db_session.execute(sa.text(f"UPDATE {table} SET {column} = 'bogus'"))


def test_enum_columns_read_back_as_enum_members(db_session: Session) -> None:
    conversation = make_conversation(db_session, mode=Mode.COLLECTING)
    lead = make_lead(db_session, status=LeadStatus.QUALIFIED)
    db_session.expire_all()
    assert db_session.get(Conversation, conversation.id).mode is Mode.COLLECTING
    assert db_session.get(Lead, lead.id).status is LeadStatus.QUALIFIED
    stored = db_session.scalar(sa.text("SELECT status FROM leads WHERE id = :id"), {"id": lead.id})
    assert stored == "qualified"


def test_timestamps_read_back_timezone_aware_in_utc(db_session: Session) -> None:
    consented = datetime(2026, 3, 1, 14, 30, tzinfo=timezone(timedelta(hours=2)))
    lead = make_lead(db_session)
    submission = make_submission(db_session, lead, consented_at=consented)
    db_session.expire_all()
    stored = db_session.get(Lead, lead.id)
    assert stored is not None
    kept = db_session.get(LeadSubmission, submission.id)
    assert kept is not None and kept.consented_at == consented
    assert kept.consented_at.tzinfo is UTC
    assert stored.created_at.tzinfo is UTC
    assert abs(datetime.now(UTC) - stored.created_at) < timedelta(minutes=1)


def test_naive_timestamps_are_refused(db_session: Session) -> None:
    db_session.add(
        Lead(
            name="Ada",
            email="ada@example.com",
            email_key="ada@example.com",
            created_at=datetime(2026, 3, 1, 14, 30),
        )
    )
    with pytest.raises(sa.exc.StatementError, match="naive datetime"):
        db_session.flush()


def test_json_columns_round_trip(db_session: Session) -> None:
    state = {"version": 1, "mode": "collecting", "lead": {"answers": {"name": "Zoë"}}}
    response = {"replies": [{"text": "Hi", "quick_replies": ["Costs"]}], "state": "answering"}
    conversation = make_conversation(db_session, state=state)
    message = make_message(db_session, conversation, response=response, confidence=0.87)
    lead = make_lead(db_session, score_reasons=["large project", "needs it within 3 months"])
    db_session.expire_all()
    assert db_session.get(Conversation, conversation.id).state == state
    assert db_session.get(Message, message.id).response == response
    assert db_session.get(Message, message.id).confidence == pytest.approx(0.87)
    assert db_session.get(Lead, lead.id).score_reasons == [
        "large project",
        "needs it within 3 months",
    ]


def test_defaults_fill_a_new_conversation(db_session: Session) -> None:
    conversation = make_conversation(db_session)
    assert conversation.mode is Mode.ANSWERING
    assert conversation.state == {}
    assert conversation.message_count == 0
    assert conversation.lead_started_at is None


def test_a_conversation_lists_its_messages_in_order(db_session: Session) -> None:
    conversation = make_conversation(db_session)
    texts = ["first", "second", "third"]
    for text in texts:
        make_message(db_session, conversation, text=text)
    db_session.expire_all()
    assert [message.text for message in conversation.messages] == texts


def test_a_stored_submission_is_never_changed(db_session: Session) -> None:
    lead = make_lead(db_session)
    submission = make_submission(db_session, lead)
    submission.answers = {"name": "Mallory"}
    with pytest.raises(ValueError, match="stored once and is never changed"):
        db_session.flush()
