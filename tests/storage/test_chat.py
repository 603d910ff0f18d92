"""Storing a chat's lead: the answers the lead's own columns take."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from typing import IO, Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from consultbot.knowledge.validate import KNOWN_QUESTIONS, REQUIRED_QUESTIONS
from consultbot.storage.chat import LEAD_COLUMNS
from consultbot.storage.models import Lead


def test_the_lead_columns_are_the_question_ids_the_knowledge_check_insists_on() -> None:
    # A question id misspelt here or there would leave a column empty for every lead; the
    # knowledge check refuses a form whose ids differ from these (or nearly spell one).
    assert set(LEAD_COLUMNS) == set(REQUIRED_QUESTIONS) | set(KNOWN_QUESTIONS)
    columns = set(sa.inspect(Lead).columns.keys())
    assert set(LEAD_COLUMNS) <= columns


def test_the_token_check_reads_committed_rows_in_one_autocommit_statement(
    migrated_database_url: str,
) -> None:
    from sqlalchemy.orm import Session

    from consultbot.storage import db
    from consultbot.storage.chat import open_conversation, token_hash_of
    from consultbot.storage.models import ConversationMode

    engine = db.create_engine(migrated_database_url)
    try:
        with Session(engine) as session:
            open_conversation(
                session, "c-1", "h" * 64, None, None, ConversationMode.ANSWERING, {}, ()
            )
            session.commit()
        with tempfile.TemporaryFile("w+") as trace:
            statements = sent_statements(engine, trace)
            with Session(engine) as session:
                assert token_hash_of(session, "c-1") == "h" * 64
                assert token_hash_of(session, "no-such-id") is None
                assert not in_server_transaction(session)
            # Two SELECTs and nothing else: no transaction of their own around them.
            assert len(statements()) == 2, statements()
            assert all(s.lstrip().upper().startswith("SELECT") for s in statements())
    finally:
        engine.dispose()


def in_server_transaction(session: Session) -> bool:
    """Whether the database holds a transaction open for the session (on PostgreSQL the
    session keeps its connection, in autocommit, for the message's transaction to come)."""
    if session.get_bind().dialect.name != "postgresql":
        return session.in_transaction()
    from psycopg import pq

    dbapi_connection: Any = session.connection().connection.dbapi_connection
    return bool(dbapi_connection.pgconn.transaction_status != pq.TransactionStatus.IDLE)


def sent_statements(engine: sa.Engine, trace: IO[str]) -> Callable[[], list[str]]:
    """Collect the statements the engine's connections send from now on, however sent
    (SQLAlchemy's execute, or the DBAPI cursor as ``storage.together`` does)."""
    if engine.dialect.name != "postgresql":
        seen: list[str] = []
        sa.event.listen(engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
        return lambda: seen
    from psycopg import pq

    def start(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        dbapi_connection.pgconn.trace(trace.fileno())
        dbapi_connection.pgconn.set_trace_flags(
            pq.Trace.SUPPRESS_TIMESTAMPS | pq.Trace.REGRESS_MODE
        )

    sa.event.listen(engine, "checkout", start)

    def read() -> list[str]:
        trace.flush()
        trace.seek(0)
        fields = [line.split("\t") for line in trace.read().splitlines()]
        return [
            f[3].split('"')[1] if f[2] == "Query" else f[3].split('"')[3]
            for f in fields
            if len(f) > 3 and f[0] == "F" and f[2] in ("Query", "Parse")
        ]

    return read
