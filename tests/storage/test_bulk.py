"""Counting and deleting by a condition in one statement gives exact counts."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from consultbot.storage import bulk
from consultbot.storage.models import Message, Role
from tests.storage.factories import make_conversation, make_message


def test_count_and_delete_touch_only_the_rows_that_meet_the_condition(
    db_session: Session,
) -> None:
    conversation = make_conversation(db_session)
    for text in ("one", "two", "three"):
        make_message(db_session, conversation, text=text)
    make_message(db_session, conversation, role=Role.ASSISTANT, text="hi", client_message_id=None)
    visitor = Message.role == Role.VISITOR
    assert bulk.count_where(db_session, Message, visitor) == 3
    assert bulk.delete_where(db_session, Message, visitor) == 3
    assert bulk.count_where(db_session, Message, visitor) == 0
    assert list(db_session.scalars(sa.select(Message.text))) == ["hi"]


def test_a_condition_nothing_meets_counts_and_deletes_nothing(db_session: Session) -> None:
    conversation = make_conversation(db_session)
    make_message(db_session, conversation)
    nothing = Message.text == "never said"
    assert bulk.count_where(db_session, Message, nothing) == 0
    assert bulk.delete_where(db_session, Message, nothing) == 0
    assert bulk.count_where(db_session, Message, sa.true()) == 1
