"""Statements sent together: on a database of the test's own, with real commits."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from consultbot.storage import db, together
from consultbot.storage.models import Base, Conversation
from tests.storage.factories import make_conversation

conversations = Base.metadata.tables["conversations"]
BY_PUBLIC_ID = sa.select(Conversation.id, Conversation.message_count).where(
    Conversation.public_id == sa.bindparam("public_id")
)
COUNT_UP = (
    sa.update(conversations)
    .where(conversations.c.id == sa.bindparam("conversation_id"))
    .values(message_count=conversations.c.message_count + 1)
)


@pytest.fixture
def engine(migrated_database_url: str) -> Iterator[sa.Engine]:
    """An engine with one pooled connection, so every session gets the same one back."""
    engine = db.create_engine(migrated_database_url, pool_size=1, max_overflow=0)
    yield engine
    engine.dispose()


def committed_conversation(engine: sa.Engine, public_id: str) -> int:
    with Session(engine) as session:
        conversation = make_conversation(session, public_id=public_id)
        session.commit()
        return conversation.id


def message_count(engine: sa.Engine, public_id: str) -> int:
    with engine.connect() as connection:
        return connection.execute(
            sa.select(Conversation.message_count).where(Conversation.public_id == public_id)
        ).scalar_one()


def test_writes_sent_with_the_commit_are_committed(engine: sa.Engine) -> None:
    conversation_id = committed_conversation(engine, "c-1")
    with Session(engine) as session:
        found, missing = together.begin_with(
            session, [(BY_PUBLIC_ID, {"public_id": "c-1"}), (BY_PUBLIC_ID, {"public_id": "no"})]
        )
        assert found == [(conversation_id, 0)] and missing == []
        together.commit_with(session, [(COUNT_UP, {"conversation_id": conversation_id})] * 2)
        assert not session.in_transaction()
    assert message_count(engine, "c-1") == 2


def test_the_rows_the_writes_return_come_back_after_the_commit(engine: sa.Engine) -> None:
    conversation_id = committed_conversation(engine, "c-1")
    counted = COUNT_UP.returning(conversations.c.message_count)
    with Session(engine) as session:
        together.begin_with(session, [(BY_PUBLIC_ID, {"public_id": "c-1"})])
        returned = together.commit_with(
            session,
            [
                (counted, {"conversation_id": conversation_id}),
                (COUNT_UP, {"conversation_id": conversation_id}),  # returns nothing
                (counted, {"conversation_id": conversation_id}),
            ],
        )
    assert returned == [(1,), (3,)]
    assert message_count(engine, "c-1") == 3


def test_the_connection_goes_back_to_the_pool_in_transactions_again(engine: sa.Engine) -> None:
    conversation_id = committed_conversation(engine, "c-1")
    with Session(engine) as session:
        together.begin_with(session, [(BY_PUBLIC_ID, {"public_id": "c-1"})])
        together.commit_with(session, [(COUNT_UP, {"conversation_id": conversation_id})])
    with engine.connect() as connection:  # the same pooled connection (pool of one)
        connection.execute(COUNT_UP, {"conversation_id": conversation_id})
        connection.rollback()  # in a transaction, so this undoes it
    assert message_count(engine, "c-1") == 1


def test_a_failed_write_commits_nothing_and_the_connection_serves_again(
    engine: sa.Engine,
) -> None:
    conversation_id = committed_conversation(engine, "c-1")
    committed_conversation(engine, "c-2")
    taken = sa.update(conversations).values(public_id="c-2")  # the unique key: refused
    with Session(engine) as session:
        together.begin_with(session, [(BY_PUBLIC_ID, {"public_id": "c-1"})])
        with pytest.raises(IntegrityError):
            together.commit_with(
                session,
                [(COUNT_UP, {"conversation_id": conversation_id}), (taken, {})],
            )
        session.rollback()
    assert message_count(engine, "c-1") == 0  # the write before the failed one is undone too
    with Session(engine) as session:
        together.begin_with(session, [(BY_PUBLIC_ID, {"public_id": "c-1"})])
        together.commit_with(session, [(COUNT_UP, {"conversation_id": conversation_id})])
    assert message_count(engine, "c-1") == 1


def test_a_transaction_left_open_is_rolled_back_when_the_session_closes(
    engine: sa.Engine,
) -> None:
    conversation_id = committed_conversation(engine, "c-1")
    with Session(engine) as session:
        together.begin_with(session, [(BY_PUBLIC_ID, {"public_id": "c-1"})])
        session.execute(COUNT_UP, {"conversation_id": conversation_id})
    # As after an error in a request: closing the session ends the transaction, uncommitted.
    assert message_count(engine, "c-1") == 0
    with Session(engine) as session:
        together.begin_with(session, [(BY_PUBLIC_ID, {"public_id": "c-1"})])
        together.commit_with(session, [(COUNT_UP, {"conversation_id": conversation_id})])
    assert message_count(engine, "c-1") == 1


def test_begin_with_sends_begin_and_its_selects_in_one_round_trip(engine: sa.Engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no pipeline: its statements go one by one")
    committed_conversation(engine, "c-1")  # the pool's one connection is open and set up
    with tempfile.TemporaryFile("w+") as trace:
        with traced(engine, trace), Session(engine) as session:
            together.begin_with(
                session, [(BY_PUBLIC_ID, {"public_id": "c-1"}), (BY_PUBLIC_ID, {"public_id": "x"})]
            )
            session.rollback()
        trace.seek(0)
        lines = trace.read().splitlines()
    sides = "".join(line[0] for line in lines if line[:1] in ("F", "B"))
    # BEGIN and both selects sent before the first answer is read; then the ROLLBACK's.
    assert sides.count("FB") == 2
    before_first_answer = lines[: [line[:1] for line in lines].index("B")]
    assert sum("\tExecute\t" in line for line in before_first_answer) == 3


def test_what_the_orm_holds_is_written_before_the_commit(engine: sa.Engine) -> None:
    conversation_id = committed_conversation(engine, "c-1")
    with tempfile.TemporaryFile("w+") as trace:
        with traced(engine, trace), Session(engine) as session:
            together.begin_with(session, [(BY_PUBLIC_ID, {"public_id": "c-1"})])
            make_conversation_unflushed(session, "c-2")
            together.commit_with(session, [(COUNT_UP, {"conversation_id": conversation_id})])
        trace.seek(0)
        sent = [line for line in trace.read().splitlines() if line.startswith("F\t")]
    assert message_count(engine, "c-1") == 1
    with Session(engine) as session:
        assert session.scalar(sa.select(Conversation.id).where(Conversation.public_id == "c-2"))
    if engine.dialect.name == "postgresql":  # SQLite's statements are not traced here
        insert = next(n for n, line in enumerate(sent) if "INSERT INTO conversations" in line)
        commit = next(n for n, line in enumerate(sent) if "COMMIT" in line)
        assert insert < commit


def make_conversation_unflushed(session: Session, public_id: str) -> None:
    session.add(Conversation(public_id=public_id, token_hash="h" * 64))


@contextmanager
def traced(engine: sa.Engine, trace: IO[str]) -> Iterator[None]:
    """Trace libpq's protocol on every connection the engine hands out in the block."""
    from psycopg import pq

    def start(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        dbapi_connection.pgconn.trace(trace.fileno())
        dbapi_connection.pgconn.set_trace_flags(
            pq.Trace.SUPPRESS_TIMESTAMPS | pq.Trace.REGRESS_MODE
        )

    def stop(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.pgconn.untrace()

    if engine.dialect.name != "postgresql":
        yield
        return
    sa.event.listen(engine, "checkout", start)
    sa.event.listen(engine, "checkin", stop)
    try:
        yield
    finally:
        sa.event.remove(engine, "checkout", start)
        sa.event.remove(engine, "checkin", stop)
        trace.flush()
