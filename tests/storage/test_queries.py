"""The query functions find the right rows and lock conversations on both databases."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from consultbot.storage import db, queries
from consultbot.storage.models import Lead, utcnow
from tests.storage.factories import make_conversation, make_lead, make_message


def test_lock_conversation_finds_it_by_public_id(db_session: Session) -> None:
    conversation = make_conversation(db_session)
    assert queries.lock_conversation(db_session, conversation.public_id) is conversation
    assert queries.lock_conversation(db_session, "no-such-conversation") is None


def test_a_retried_message_is_found_by_its_client_message_id(db_session: Session) -> None:
    conversation = make_conversation(db_session)
    other = make_conversation(db_session)
    sent = make_message(db_session, conversation, client_message_id="m-1", response={"a": 1})
    make_message(db_session, other, client_message_id="m-2")
    assert queries.find_visitor_message(db_session, conversation.id, "m-1") is sent
    assert queries.find_visitor_message(db_session, conversation.id, "m-2") is None


def test_a_lead_is_created_once_per_email_key_and_found_again(db_session: Session) -> None:
    now = utcnow()
    first, created = queries.lock_or_create_lead(db_session, "ada@example.com", now)
    again, created_again = queries.lock_or_create_lead(db_session, "ada@example.com", now)
    other, created_other = queries.lock_or_create_lead(db_session, "bob@example.com", now)
    assert (created, created_again, created_other) == (True, False, True)
    assert again is first and other is not first
    assert db_session.scalar(sa.select(sa.func.count()).select_from(Lead)) == 2


def test_two_leads_with_one_email_key_are_refused_by_the_database(db_session: Session) -> None:
    make_lead(db_session, email="ada@example.com")
    with pytest.raises(sa.exc.IntegrityError):
        with db_session.begin_nested():
            make_lead(db_session, email="Ada@Example.com", email_key="ada@example.com")


@pytest.fixture
def own_engine(migrated_database_url: str) -> Iterator[Engine]:
    """An engine on a database of the test's own, where commits are real."""
    engine = db.create_engine(migrated_database_url)
    yield engine
    engine.dispose()


def impatient_session(engine: Engine) -> Session:
    """Open a session that gives up on a lock after a tenth of a second."""
    connection = engine.connect()
    if engine.dialect.name == "sqlite":
        # Set on the driver connection, before SQLAlchemy's BEGIN IMMEDIATE would wait.
        driver = connection.connection.driver_connection
        assert driver is not None
        driver.execute("PRAGMA busy_timeout = 100")
    else:
        connection.exec_driver_sql("SET lock_timeout = '100ms'")
        connection.commit()
    return Session(bind=connection)


def close_impatient(session: Session) -> None:
    """Close a session from ``impatient_session`` and the connection it was given."""
    connection = session.bind
    session.close()
    assert isinstance(connection, Connection)
    connection.close()


def test_a_locked_conversation_waits_for_the_first_transaction(own_engine: Engine) -> None:
    with Session(own_engine) as setup:
        public_id = make_conversation(setup).public_id
        setup.commit()
    with Session(own_engine) as first:
        assert queries.lock_conversation(first, public_id) is not None
        second = impatient_session(own_engine)
        try:
            with pytest.raises(OperationalError):
                queries.lock_conversation(second, public_id)
        finally:
            close_impatient(second)
        first.commit()
    second = impatient_session(own_engine)
    try:
        locked = queries.lock_conversation(second, public_id)
        assert locked is not None
        locked.message_count += 1
        second.commit()
    finally:
        close_impatient(second)
    with own_engine.connect() as connection:
        assert connection.scalar(sa.text("SELECT message_count FROM conversations")) == 1
