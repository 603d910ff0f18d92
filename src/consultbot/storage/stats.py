"""Counts for the overview page: conversations, answers, fallbacks and leads, per day."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from consultbot.storage.models import (
    Conversation,
    DeliveryStatus,
    Lead,
    LeadStatus,
    LeadSubmission,
    Message,
    OutboxItem,
    Role,
)

SERIES = (
    "conversations", "answered", "fallbacks", "leads_started", "new_leads", "leads_completed",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Overview:
    """Totals and one count per day for each series, over ``days`` days ending today (UTC)."""

    days: list[date]
    daily: dict[str, list[int]]
    totals: dict[str, int]
    # The visitors who wrote in the period, followed down: started the form, a lead; and the
    # conversations opened with no message (``empty``), kept out of it.
    funnel: dict[str, int]


def build_overview(session: Session, days: int, now: datetime) -> Overview:
    """Count the last ``days`` days, today included."""
    today = now.astimezone(UTC).date()
    first = today - timedelta(days=days - 1)
    since = datetime.combine(first, time.min, tzinfo=UTC)
    day_list = [first + timedelta(days=offset) for offset in range(days)]
    visitor = sa.and_(Message.role == Role.VISITOR, Message.created_at >= since)
    stamps = {
        "conversations": sa.select(Conversation.created_at).where(Conversation.created_at >= since),
        "answered": sa.select(Message.created_at).where(
            visitor, Message.fallback.is_(False), Message.intent.is_not(None)
        ),
        "fallbacks": sa.select(Message.created_at).where(visitor, Message.fallback.is_(True)),
        "leads_started": sa.select(Conversation.lead_started_at).where(
            Conversation.lead_started_at >= since
        ),
        # People, counted as the leads page counts them (spam left out): one per address.
        "new_leads": sa.select(Lead.created_at).where(
            Lead.created_at >= since, Lead.status != LeadStatus.SPAM
        ),
        # Completed forms: a lead's second form counts again. Spam (honeypot, a form finished
        # faster than a person types) is no completed form.
        "leads_completed": sa.select(LeadSubmission.created_at).where(
            LeadSubmission.created_at >= since, LeadSubmission.is_spam.is_(False)
        ),
    }
    daily = {name: _per_day(session.scalars(query), day_list) for name, query in stamps.items()}
    return Overview(
        days=day_list,
        daily=daily,
        totals={name: sum(counts) for name, counts in daily.items()},
        funnel=_funnel(session, since),
    )


def _funnel(session: Session, since: datetime) -> dict[str, int]:
    """The visitors who wrote in the period, followed down: started the form, a lead.

    A conversation is opened when the widget loads, so one nobody wrote in is a page view, or a
    script opening thousands: counted apart (``empty``), it cannot drown the funnel's shares.
    """
    cohort = sa.select(Conversation.id).where(Conversation.created_at >= since)
    wrote = (
        sa.select(Message.conversation_id)
        .where(Message.role == Role.VISITOR, Message.conversation_id.in_(cohort))
        .distinct()
    )

    def count(statement: sa.Select[Any]) -> int:
        return session.scalar(sa.select(sa.func.count()).select_from(statement.subquery())) or 0

    opened = count(cohort)
    visitors = count(wrote)
    return {
        "visitors": visitors,
        "started": count(cohort.where(Conversation.lead_started_at.is_not(None))),
        "completed": count(
            sa.select(LeadSubmission.conversation_id)
            .where(LeadSubmission.conversation_id.in_(cohort), LeadSubmission.is_spam.is_(False))
            .distinct()
        ),
        "empty": opened - visitors,
    }


def _per_day(stamps: Iterable[datetime], days: list[date]) -> list[int]:
    counts = Counter(stamp.astimezone(UTC).date() for stamp in stamps if stamp is not None)
    return [counts.get(day, 0) for day in days]


@dataclass(frozen=True, slots=True)
class OutboxHealth:
    """The notification queue at a glance: waiting, given up, and the oldest waiting's time."""

    pending: int
    failed: int
    oldest_pending_at: datetime | None


def outbox_health(session: Session) -> OutboxHealth:
    """Count the waiting and failed notifications, and find when the oldest waiting was queued."""
    pending, oldest = session.execute(
        sa.select(sa.func.count(), sa.func.min(OutboxItem.created_at)).where(
            OutboxItem.status == DeliveryStatus.PENDING
        )
    ).one()
    failed = session.scalar(
        sa.select(sa.func.count()).where(OutboxItem.status == DeliveryStatus.FAILED)
    )
    return OutboxHealth(pending, failed or 0, oldest)
