"""Helpers the model tests share: counting rows, and checking a closed set in the database."""

from __future__ import annotations

from enum import StrEnum

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session


def count(session: Session, model: type) -> int:
    """Return how many rows the model's table holds."""
    return session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


def assert_closed_set(session: Session, table: str, column: str, enum: type[StrEnum]) -> None:
    """Check that every member of ``enum`` fits the column and any other value is refused.

    Written in SQL, past the ORM, since the CHECK constraint is what guards the column against
    every other writer; the table must hold a row, or the UPDATEs would prove nothing.
    """
    rows = session.scalar(sa.text(f"SELECT count(*) FROM {table}"))
    assert rows, f"{table} needs a row for its {column} to be checked"
    for member in enum:
        session.execute(sa.text(f"UPDATE {table} SET {column} = :value"), {"value": member})
    # In a savepoint, so that PostgreSQL's transaction stays usable after the refusal.
    with pytest.raises(IntegrityError), session.begin_nested():
        session.execute(sa.text(f"UPDATE {table} SET {column} = 'bogus'"))
