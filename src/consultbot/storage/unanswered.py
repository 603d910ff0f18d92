"""The messages the assistant did not understand, counted by wording in the database.

Anonymous visitors decide how many such messages there are, so the dashboard never reads them
all: the database counts identical wordings (their first HEAD_CHARS characters) and hands back
only the WORDINGS_READ most frequent ones, which the page groups further by similarity. A flood
of distinct junk costs one indexed aggregate query, and cannot push out a question that many
visitors asked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from consultbot.storage.models import InboxResolution, Message, Role

HEAD_CHARS = 300
WORDINGS_READ = 300


@dataclass(frozen=True, slots=True)
class Unanswered:
    """How many fallback messages there were, and the most frequent wordings with counts."""

    total: int
    distinct: int
    wordings: list[tuple[str, int]]


def count_unanswered(session: Session, since: datetime, limit: int = WORDINGS_READ) -> Unanswered:
    """Count the visitor messages that fell back since ``since`` by wording, most frequent first."""
    head = sa.func.substr(Message.text, 1, HEAD_CHARS).label("head")
    fallbacks = sa.and_(
        Message.fallback.is_(True),
        Message.role == Role.VISITOR,
        Message.created_at >= since,
        # Not fixed or dismissed by an editor since it was asked (see storage.inbox).
        ~sa.exists().where(
            InboxResolution.wording == sa.func.substr(Message.text, 1, HEAD_CHARS),
            InboxResolution.resolved_at >= Message.created_at,
        ),
    )
    by_wording = (
        sa.select(head, sa.func.count().label("times"), sa.func.max(Message.id).label("newest"))
        .where(fallbacks)
        .group_by(head)
        .subquery()
    )
    # One pass: the window totals are taken over every wording, before the LIMIT.
    rows = session.execute(
        sa.select(
            by_wording.c.head,
            by_wording.c.times,
            sa.func.sum(by_wording.c.times).over().label("total"),
            sa.func.count().over().label("distinct"),
        )
        .order_by(by_wording.c.times.desc(), by_wording.c.newest.desc())
        .limit(limit)
    ).all()
    if not rows:
        return Unanswered(0, 0, [])
    return Unanswered(
        int(rows[0].total), int(rows[0].distinct), [(row.head, int(row.times)) for row in rows]
    )
