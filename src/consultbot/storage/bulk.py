"""Count and delete rows by a condition, in one statement each, with exact counts."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session


def count_where(session: Session, model: type[Any], condition: sa.ColumnElement[bool]) -> int:
    """Count the rows of ``model`` that meet ``condition``."""
    return session.scalar(sa.select(sa.func.count()).select_from(model).where(condition)) or 0


def delete_where(session: Session, model: type[Any], condition: sa.ColumnElement[bool]) -> int:
    """Delete the rows of ``model`` that meet ``condition`` in one statement; return how many."""
    statement = sa.delete(model).where(condition).execution_options(synchronize_session=False)
    return _rowcount(session.execute(statement))


def _rowcount(result: sa.Result[Any]) -> int:
    return int(getattr(result, "rowcount", 0))
