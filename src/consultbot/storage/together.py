"""Send several statements in one round trip to PostgreSQL (psycopg's pipeline mode).

A visitor message is bound by its round trips to the database, not by the statements' work.
psycopg 3's pipeline mode sends statements in one network flush and reads their results after
it; the server still runs them one after another, each a statement of its own (so under READ
COMMITTED each takes its own snapshot, after the previous one finished: a lookup sent behind a
``SELECT ... FOR UPDATE`` sees what the transaction it waited for committed).

SQLAlchemy reads a result as soon as it executes a statement, which a pipeline does not allow,
so ``begin_with`` runs Core selects, compiled once per dialect, on the DBAPI connection and
returns plain tuples: only selects whose columns psycopg returns as Python values already
(numbers, text, JSON) belong here. ``commit_with`` queues Core writes, whose results nobody
reads, through the session as usual. SQLite has no pipeline: there both run statement by
statement through the session, the same statements.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import Compiled

Query = tuple[sa.Select[Any], Mapping[str, Any]]
# A write and its parameters: one set, or a list of them (one row each, for an INSERT).
Write = tuple[sa.Executable, Mapping[str, Any] | Sequence[Mapping[str, Any]]]

# Compiled SQL by (query, dialect); the query is kept with it so its id is never reused.
_compiled: dict[tuple[int, str], tuple[sa.Select[Any], Compiled]] = {}
AUTOCOMMIT = "AUTOCOMMIT"


def pipelines(session: Session) -> bool:
    """Whether the session's database sends statements in pipelines (PostgreSQL with psycopg)."""
    return session.get_bind().dialect.driver == "psycopg"


def own_connection(session: Session) -> sa.Connection | None:
    """On PostgreSQL, the session's connection in autocommit, when its transactions are its own.

    A statement sent on it runs alone (no BEGIN, no transaction held) until ``begin_with``
    sends a BEGIN of its own; psycopg would send BEGIN itself and wait for it, a round trip.
    None on SQLite, and for a session joined to an outer transaction (the tests'): there
    SQLAlchemy begins and commits as usual.
    """
    if not pipelines(session) or not isinstance(session.get_bind(), sa.Engine):
        return None
    if not session.in_transaction():
        return session.connection(execution_options={"isolation_level": AUTOCOMMIT})
    connection = session.connection()
    return (
        connection
        if connection.get_execution_options().get("isolation_level") == AUTOCOMMIT
        else None
    )


def begin_with(session: Session, queries: Sequence[Query]) -> list[list[tuple[Any, ...]]]:
    """Begin the session's transaction with the selects, in order; return each one's rows.

    On PostgreSQL, BEGIN and the selects travel in one pipeline: one round trip, the BEGIN
    sent as a statement on the session's connection in autocommit (``own_connection``);
    ``commit_with`` ends the transaction the same way, and a rollback (psycopg sees the
    transaction open) sends ROLLBACK as usual. Elsewhere the selects run one by one.
    """
    if not pipelines(session):
        return [[tuple(row) for row in session.execute(query, params)] for query, params in queries]
    own = own_connection(session)
    connection = own or session.connection()
    dbapi_connection = connection.connection.dbapi_connection
    assert dbapi_connection is not None
    cursors = [dbapi_connection.cursor() for _ in queries]
    sent: list[str] = []
    try:
        with dbapi_connection.pipeline():
            if own is not None:
                dbapi_connection.execute("BEGIN")
            for cursor, (query, params) in zip(cursors, queries, strict=True):
                sql, values = _for_dbapi(query, params, connection.dialect)
                sent.append(sql)
                cursor.execute(sql, values)
        return [list(cursor.fetchall()) for cursor in cursors]
    except connection.dialect.loaded_dbapi.Error as error:
        raise _wrapped(connection, dbapi_connection, error, sent) from error
    finally:
        for cursor in cursors:
            cursor.close()


def fetch(
    session: Session, query: sa.Select[Any], params: Mapping[str, Any]
) -> list[tuple[Any, ...]]:
    """Run one select on the session's connection and return its rows (on PostgreSQL through
    the DBAPI cursor, its SQL compiled once: less Python than an ORM execution)."""
    if not pipelines(session):
        return [tuple(row) for row in session.execute(query, params)]
    connection = session.connection()
    dbapi_connection = connection.connection.dbapi_connection
    assert dbapi_connection is not None
    sql, values = _for_dbapi(query, params, connection.dialect)
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(sql, values)
        return list(cursor.fetchall())
    except connection.dialect.loaded_dbapi.Error as error:
        raise _wrapped(connection, dbapi_connection, error, [sql]) from error
    finally:
        cursor.close()


def commit_with(session: Session, writes: Sequence[Write]) -> None:
    """Run the writes (nobody reads their results) and commit the session's transaction.

    On PostgreSQL the writes and the COMMIT travel in one pipeline, when ``begin_with``
    began the transaction with a BEGIN of its own; an error in any write is raised as
    SQLAlchemy's (an IntegrityError...), the COMMIT not run, the transaction left to roll back.
    """
    if not pipelines(session):
        for statement, params in writes:
            session.connection().execute(statement, params)
        session.commit()
        return
    connection = session.connection()
    dbapi_connection = connection.connection.dbapi_connection
    assert dbapi_connection is not None
    own = own_connection(session) is not None
    try:
        with dbapi_connection.pipeline():
            for statement, params in writes:
                connection.execute(statement, params)
            if own:
                dbapi_connection.execute("COMMIT")
    except connection.dialect.loaded_dbapi.Error as error:
        raise _wrapped(connection, dbapi_connection, error, []) from error
    # Ends the session's transaction; psycopg sends nothing when the COMMIT went above.
    session.commit()


def _for_dbapi(
    query: sa.Select[Any], params: Mapping[str, Any], dialect: Dialect
) -> tuple[str, dict[str, Any]]:
    """The query's SQL for the DBAPI, compiled once, and its parameters as plain values."""
    key = (id(query), dialect.name)
    entry = _compiled.get(key)
    if entry is None or entry[0] is not query:
        entry = _compiled[key] = (query, query.compile(dialect=dialect))
    compiled = entry[1]
    values = compiled.construct_params(dict(params)) or {}
    return compiled.string, {
        name: value.value if isinstance(value, enum.Enum) else value
        for name, value in values.items()
    }


def _wrapped(
    connection: sa.Connection,
    dbapi_connection: Any,
    error: Any,
    sent: Sequence[str],
) -> DBAPIError:
    """The DBAPI error as SQLAlchemy's (IntegrityError, OperationalError...), as an execute
    would raise it; a connection the server dropped is discarded, not handed out again."""
    dialect = connection.dialect
    gone = dialect.is_disconnect(error, dbapi_connection, None)
    if gone:
        connection.invalidate(error)
    statement = "; ".join(sent)
    wrapped = DBAPIError.instance(
        statement,
        None,
        error,
        dialect.loaded_dbapi.Error,
        hide_parameters=True,
        connection_invalidated=gone,
        dialect=dialect,
    )
    assert isinstance(wrapped, DBAPIError)
    return wrapped
