"""Storing a chat's lead: the answers the lead's own columns take."""

from __future__ import annotations

import sqlalchemy as sa

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
    from consultbot.storage.chat import ConversationMode, open_conversation, token_hash_of

    engine = db.create_engine(migrated_database_url)
    statements: list[str] = []
    sa.event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    try:
        with Session(engine) as session:
            open_conversation(
                session, "c-1", "h" * 64, None, None, ConversationMode.ANSWERING, {}, ()
            )
            session.commit()
        statements.clear()
        with Session(engine) as session:
            assert token_hash_of(session, "c-1") == "h" * 64
            assert token_hash_of(session, "no-such-id") is None
            assert not session.in_transaction()
        # Two SELECTs and nothing else: no transaction of their own around them.
        assert len(statements) == 2 and all(
            s.lstrip().upper().startswith("SELECT") for s in statements
        )
    finally:
        engine.dispose()
