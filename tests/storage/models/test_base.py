"""The shared base: constraint names, UTC timestamps, JSON columns, enums stored as strings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from sqlalchemy import pool
from sqlalchemy.orm import Session

from consultbot.storage import db
from consultbot.storage.models import (
    Conversation,
    ConversationMode,
    Lead,
    LeadStatus,
    LeadSubmission,
    Message,
    utcnow,
)
from tests.storage.factories import (
    make_conversation,
    make_lead,
    make_message,
    make_submission,
)


def test_utcnow_is_timezone_aware_in_utc() -> None:
    now = utcnow()
    assert now.tzinfo is UTC
    assert abs(datetime.now(UTC) - now) < timedelta(minutes=1)


def test_constraints_have_the_names_the_models_give_them(database_url: str) -> None:
    engine = db.create_engine(database_url, poolclass=pool.NullPool)
    try:
        inspector = sa.inspect(engine)
        uniques = {item["name"] for item in inspector.get_unique_constraints("messages")}
        foreign_keys = {item["name"] for item in inspector.get_foreign_keys("leads")}
        checks = {item["name"] for item in inspector.get_check_constraints("outbox")}
        primary_key = inspector.get_pk_constraint("live_chats")["name"]
    finally:
        engine.dispose()
    assert "uq_messages_conversation_id_client_message_id" in uniques
    assert foreign_keys == {"fk_leads_conversation_id_conversations"}
    assert {"ck_outbox_channel", "ck_outbox_delivery_status"} <= checks
    assert primary_key == "pk_live_chats"


def test_enum_columns_read_back_as_enum_members(db_session: Session) -> None:
    conversation = make_conversation(db_session, mode=ConversationMode.COLLECTING)
    lead = make_lead(db_session, status=LeadStatus.QUALIFIED)
    db_session.expire_all()
    assert db_session.get_one(Conversation, conversation.id).mode is ConversationMode.COLLECTING
    assert db_session.get_one(Lead, lead.id).status is LeadStatus.QUALIFIED
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
    assert db_session.get_one(Conversation, conversation.id).state == state
    assert db_session.get_one(Message, message.id).response == response
    assert db_session.get_one(Message, message.id).confidence == pytest.approx(0.87)
    assert db_session.get_one(Lead, lead.id).score_reasons == [
        "large project",
        "needs it within 3 months",
    ]
