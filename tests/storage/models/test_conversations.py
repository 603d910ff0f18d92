"""Conversations and their messages: keys, defaults, cascades and closed sets, in the database."""

from __future__ import annotations

from enum import StrEnum

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from consultbot.storage.models import (
    Conversation,
    ConversationMode,
    Feedback,
    Lead,
    Message,
    Role,
    User,
)
from tests.storage.factories import make_conversation, make_lead, make_message, make_user
from tests.storage.models.conftest import assert_closed_set, count


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


def test_a_failed_insert_leaves_the_session_usable_after_rollback(db_session: Session) -> None:
    conversation = make_conversation(db_session)
    make_message(db_session, conversation, client_message_id="m-1")
    db_session.commit()
    with pytest.raises(IntegrityError):
        make_message(db_session, conversation, client_message_id="m-1")
    db_session.rollback()
    assert count(db_session, Message) == 1


def test_a_public_id_names_one_conversation(db_session: Session) -> None:
    make_conversation(db_session, public_id="00000000-0000-4000-8000-000000000001")
    with pytest.raises(IntegrityError):
        make_conversation(db_session, public_id="00000000-0000-4000-8000-000000000001")


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


def test_deleting_a_conversation_through_the_orm_deletes_its_messages(
    db_session: Session,
) -> None:
    conversation = make_conversation(db_session)
    make_message(db_session, conversation)
    db_session.delete(conversation)
    db_session.flush()
    assert count(db_session, Message) == 0


def test_a_message_needs_an_existing_conversation(db_session: Session) -> None:
    db_session.add(Message(conversation_id=987654, role=Role.VISITOR, text="hi"))
    with pytest.raises(IntegrityError):
        db_session.flush()


def test_the_message_role_refuses_an_unknown_value(db_session: Session) -> None:
    conversation = make_conversation(db_session)
    db_session.add(Message(conversation_id=conversation.id, role=Role.STAFF, text="hi"))
    db_session.flush()
    with pytest.raises(IntegrityError):
        db_session.execute(
            sa.text(
                "INSERT INTO messages (conversation_id, role, text, fallback, created_at) "
                "VALUES (:c, 'robot', 'x', false, CURRENT_TIMESTAMP)"
            ),
            {"c": conversation.id},
        )


def test_a_staff_line_keeps_its_authors_name_when_the_account_is_removed(
    db_session: Session,
) -> None:
    author = make_user(db_session)
    line = make_message(
        db_session,
        make_conversation(db_session),
        role=Role.STAFF,
        client_message_id=None,
        author_id=author.id,
        author_name="Ada",
    )
    db_session.execute(sa.delete(User).where(User.id == author.id))
    db_session.expire_all()
    assert (line.author_id, line.author_name) == (None, "Ada")


@pytest.mark.parametrize(
    ("table", "column", "enum"),
    [
        ("conversations", "mode", ConversationMode),
        ("messages", "role", Role),
        ("messages", "feedback", Feedback),
    ],
)
def test_closed_sets_refuse_unknown_values_in_the_database(
    db_session: Session, table: str, column: str, enum: type[StrEnum]
) -> None:
    make_message(db_session, make_conversation(db_session))
    assert_closed_set(db_session, table, column, enum)


def test_defaults_fill_a_new_conversation(db_session: Session) -> None:
    conversation = make_conversation(db_session)
    assert conversation.mode is ConversationMode.ANSWERING
    assert conversation.state == {}
    assert conversation.message_count == 0
    assert conversation.lead_started_at is None


def test_defaults_fill_a_new_message(db_session: Session) -> None:
    message = make_message(db_session, make_conversation(db_session))
    db_session.expire_all()
    assert (message.fallback, message.feedback, message.response) == (False, None, None)
    assert message.created_at is not None


def test_a_conversation_lists_its_messages_in_order(db_session: Session) -> None:
    conversation = make_conversation(db_session)
    texts = ["first", "second", "third"]
    for text in texts:
        make_message(db_session, conversation, text=text)
    db_session.expire_all()
    assert [message.text for message in conversation.messages] == texts


def test_a_conversation_lists_the_leads_it_is_shown_for(db_session: Session) -> None:
    conversation = make_conversation(db_session)
    lead = make_lead(db_session, conversation_id=conversation.id)
    db_session.expire_all()
    assert conversation.leads == [lead]
    assert lead.conversation is conversation
