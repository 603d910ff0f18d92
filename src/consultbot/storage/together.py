"""Send several statements in one round trip to PostgreSQL (psycopg's pipeline mode).

A visitor message is bound by its round trips to the database, not by the statements' work.
psycopg 3's pipeline mode sends statements in one network flush and reads their results after
it; the server still runs them one after another, each a statement of its own (so under READ
COMMITTED each takes its own snapshot, after the previous one finished: a lookup sent behind a
``SELECT ... FOR UPDATE`` sees what the transaction it waited for committed).

SQLAlchemy reads a result as soon as it executes a statement, which a pipeline does not allow,
so ``begin_with`` runs Core selects, compiled once per dialect, on the DBAPI connection and
returns plain tuples, and ``commit_with`` sends Core writes the same way, reading only what
they return (``RETURNING``) once the pipeline is done. Only statements whose values psycopg
takes and gives as they are belong here: numbers, text, aware datetimes, enums (sent as their
values) and JSON (dicts and lists, sent as JSON text that the SQL casts); no other SQLAlchemy
type processing runs. SQLite has no pipeline: there the same statements run one by one
through the session.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import Compiled

# Any number of columns of any type (SQLAlchemy 2.1 types a select by its columns).
Query = tuple[sa.Select[*tuple[Any, ...]], Mapping[str, Any]]
# A write and its parameters: one set, or a list of them (one row each, for an INSERT).
Write = tuple[sa.Executable, Mapping[str, Any] | Sequence[Mapping[str, Any]]]

# Compiled SQL by (statement, dialect); the statement is kept with it so its id is never reused.
_compiled: dict[tuple[int, str], tuple[sa.Executable, Compiled]] = {}
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
    session: Session, query: sa.Select[*tuple[Any, ...]], params: Mapping[str, Any]
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


def commit_with(session: Session, writes: Sequence[Write]) -> list[tuple[Any, ...]]:
    """Run the writes and commit the session's transaction; return the rows the writes
    return (``RETURNING``), in order.

    On PostgreSQL the writes and the COMMIT travel in one pipeline, when ``begin_with``
    began the transaction with a BEGIN of its own, and what they return is read after it;
    an error in any write is raised as SQLAlchemy's (an IntegrityError...), the COMMIT not
    run, the transaction left to roll back.
    """
    if not pipelines(session):
        returned: list[tuple[Any, ...]] = []
        for statement, params in writes:
            result = session.connection().execute(statement, params)
            if result.returns_rows:
                returned.extend(tuple(row) for row in result)
        session.commit()
        return returned
    # What the ORM holds goes first, inside the transaction: the COMMIT sent below ends it,
    # and SQLAlchemy's commit after would flush on a connection in autocommit.
    session.flush()
    connection = session.connection()
    dbapi_connection = connection.connection.dbapi_connection
    assert dbapi_connection is not None
    # As ``own_connection`` says, without asking the session for its connection again.
    own = (
        isinstance(session.get_bind(), sa.Engine)
        and connection.get_execution_options().get("isolation_level") == AUTOCOMMIT
    )
    sent: list[str] = []
    cursors = [dbapi_connection.cursor() for _ in writes]
    try:
        with dbapi_connection.pipeline():
            for cursor, (statement, params) in zip(cursors, writes, strict=True):
                if isinstance(params, Mapping):
                    sql, values = _for_dbapi(statement, params, connection.dialect)
                    sent.append(sql)
                    cursor.execute(sql, values)
                    continue
                converted = [_for_dbapi(statement, row, connection.dialect) for row in params]
                sent.append(converted[0][0])
                cursor.executemany(converted[0][0], [values for _, values in converted])
            if own:
                dbapi_connection.execute("COMMIT")
        returned = [
            tuple(row) for cursor in cursors if cursor.description for row in cursor.fetchall()
        ]
    except connection.dialect.loaded_dbapi.Error as error:
        raise _wrapped(connection, dbapi_connection, error, sent) from error
    finally:
        for cursor in cursors:
            cursor.close()
    # Ends the session's transaction; psycopg sends nothing when the COMMIT went above.
    session.commit()
    return returned


def _for_dbapi(
    statement: sa.Executable, params: Mapping[str, Any], dialect: Dialect
) -> tuple[str, dict[str, Any]]:
    """The statement's SQL for the DBAPI, compiled once, and its parameters as plain values."""
    key = (id(statement), dialect.name)
    entry = _compiled.get(key)
    if entry is None or entry[0] is not statement:
        assert isinstance(statement, sa.ClauseElement)
        entry = _compiled[key] = (statement, statement.compile(dialect=dialect))
    compiled = entry[1]
    values = compiled.construct_params(dict(params)) or {}
    return compiled.string, {name: _plain(value) for name, value in values.items()}


def _plain(value: Any) -> Any:
    """A parameter as psycopg takes it: an enum member as its value, a JSON column's value
    (a dict or a list) as JSON text, which the SQL casts (``$1::JSON``) as SQLAlchemy's does."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dict | list):
        return json.dumps(value)
    return value


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
