"""A turn's writes: on a database of the test's own, in its own transactions, really committed.

On PostgreSQL the lines' INSERT takes their ids from the sequence and names the replies' ids
in the response stored on the visitor's line; on SQLite the ids are taken first. Either way
the transcript reads in order and the response kept for a retry names the lines' ids.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from consultbot.storage import db, together, turns
from consultbot.storage.chat import AnswerFacts, ReplyLine
from consultbot.storage.models import Conversation, ConversationMode, Message, Role
from tests.storage.factories import make_conversation

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def engine(migrated_database_url: str) -> Iterator[sa.Engine]:
    engine = db.create_engine(migrated_database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def public_id(engine: sa.Engine) -> str:
    """A committed conversation with one line already (so ids do not start at 1)."""
    with Session(engine) as session:
        conversation = make_conversation(session)
        session.add(Message(conversation_id=conversation.id, role=Role.ASSISTANT, text="Hi!"))
        session.commit()
        return conversation.public_id


def a_step(replies: list[str], intent: str | None = "speed") -> turns.TurnStep:
    """A plain answer's step whose response lists the replies as the widget gets them."""
    response = {
        "replies": [{"text": text, "quick_replies": ["more"]} for text in replies],
        "state": "answering",
        "meta": {"intent": intent, "confidence": 0.8125, "fallback": intent is None},
    }
    return turns.TurnStep(
        response,
        AnswerFacts(intent, 0.8125, intent is None, 0.25),
        [ReplyLine(text, {"quick_replies": ["more"]}) for text in replies],
        {"version": 1, "mode": "answering"},
        ConversationMode.ANSWERING,
        "django-vs-fastapi",
    )


def store(
    engine: sa.Engine, public_id: str, text: str, client_message_id: str, step: turns.TurnStep
) -> None:
    """Open the turn and store it as the message path does, naming the ids it returns."""
    with Session(engine) as session:
        turn = turns.open_turn(session, public_id, client_message_id)
        assert turn is not None
        writes = turns.turn_writes(session, turn, text, client_message_id, step, NOW)
        returned = together.commit_with(session, writes)
        if returned:
            turns.name_replies(step.response, [line_id for (line_id,) in returned])


def lines(engine: sa.Engine, public_id: str) -> list[tuple[Any, ...]]:
    with engine.connect() as connection:
        return [
            tuple(row)
            for row in connection.execute(
                sa.select(
                    Message.id, Message.role, Message.text, Message.response, Message.intent,
                    Message.confidence, Message.fallback, Message.margin, Message.created_at,
                )
                .join(Conversation)
                .where(Conversation.public_id == public_id)
                .order_by(Message.id)
            )
        ]  # fmt: skip


def test_a_turn_stores_its_lines_in_order_and_names_the_replies_ids(
    engine: sa.Engine, public_id: str
) -> None:
    step = a_step(["Django is slower.", "FastAPI is faster."])
    store(engine, public_id, "which is faster?", "m-1", step)
    greeting, visitor, *replies = lines(engine, public_id)
    assert greeting[0] < visitor[0] < replies[0][0] < replies[1][0]
    assert visitor[1:3] == (Role.VISITOR, "which is faster?")
    assert visitor[4:] == ("speed", 0.8125, False, 0.25, NOW)
    assert [line[1:4] for line in replies] == [
        (Role.ASSISTANT, "Django is slower.", {"quick_replies": ["more"]}),
        (Role.ASSISTANT, "FastAPI is faster.", {"quick_replies": ["more"]}),
    ]
    assert [line[4:] for line in replies] == [(None, None, False, None, NOW)] * 2
    named = [reply["message_id"] for reply in step.response["replies"]]
    assert named == [line[0] for line in replies]
    assert visitor[3] == step.response  # what a retry is answered names the same ids


def test_a_turn_without_replies_stores_the_visitor_line_alone(
    engine: sa.Engine, public_id: str
) -> None:
    step = a_step([], intent=None)
    store(engine, public_id, "hello?", "m-1", step)
    _, visitor = lines(engine, public_id)
    assert visitor[1:3] == (Role.VISITOR, "hello?")
    unchanged = {
        "replies": [],
        "state": "answering",
        "meta": {"intent": None, "confidence": 0.8125, "fallback": True},
    }
    assert visitor[3] == step.response == unchanged
    assert visitor[4:8] == (None, 0.8125, True, 0.25)


def test_a_stored_client_message_id_is_refused_and_nothing_of_the_turn_is_kept(
    engine: sa.Engine, public_id: str
) -> None:
    store(engine, public_id, "which is faster?", "m-1", a_step(["FastAPI."]))
    before = lines(engine, public_id)
    with pytest.raises(IntegrityError):
        store(engine, public_id, "which is faster?", "m-1", a_step(["FastAPI again."]))
    assert lines(engine, public_id) == before
    with Session(engine) as session:
        count = session.scalar(
            sa.select(Conversation.message_count).where(Conversation.public_id == public_id)
        )
    assert count == 1  # the refused turn's UPDATE went with it


def conversation_row(engine: sa.Engine, public_id: str) -> Any:
    with engine.connect() as connection:
        return connection.execute(
            sa.select(
                Conversation.state, Conversation.mode, Conversation.comparison_id,
                Conversation.message_count, Conversation.last_activity_at,
                Conversation.lead_started_at, Conversation.honeypot_at,
            ).where(Conversation.public_id == public_id)
        ).one()  # fmt: skip


def test_a_turn_stores_the_new_state_and_keeps_the_first_form_and_hidden_field_times(
    engine: sa.Engine, public_id: str
) -> None:
    store(engine, public_id, "which is faster?", "m-1", a_step(["FastAPI."]))
    row = conversation_row(engine, public_id)
    assert (row.state, row.mode, row.comparison_id) == (
        {"version": 1, "mode": "answering"},
        ConversationMode.ANSWERING,
        "django-vs-fastapi",
    )
    assert (row.message_count, row.last_activity_at) == (1, NOW)
    assert (row.lead_started_at, row.honeypot_at) == (None, None)
    started = dataclasses.replace(a_step(["Your name?"]), lead_started=True, honeypot=True)
    store(engine, public_id, "book a call", "m-2", started)
    later = datetime(2026, 3, 1, 13, 0, tzinfo=UTC)
    again = dataclasses.replace(
        a_step(["Your email?"]), state={"version": 1, "mode": "collecting"},
        mode=ConversationMode.COLLECTING, comparison_id=None, lead_started=True, honeypot=True,
    )  # fmt: skip
    with Session(engine) as session:
        turn = turns.open_turn(session, public_id, "m-3")
        assert turn is not None
        together.commit_with(session, turns.turn_writes(session, turn, "Ada", "m-3", again, later))
    row = conversation_row(engine, public_id)
    assert (row.mode, row.comparison_id, row.message_count) == (
        ConversationMode.COLLECTING, None, 3,
    )  # fmt: skip
    assert row.state == {"version": 1, "mode": "collecting"}
    assert row.last_activity_at == later
    assert (row.lead_started_at, row.honeypot_at) == (NOW, NOW)  # the first times kept
