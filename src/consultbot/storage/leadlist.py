"""The leads list: search, filters, sorting and pages, shared by the dashboard and its CSV."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from consultbot.storage.models import Lead, LeadStatus

SORTS = {
    "newest": (Lead.created_at.desc(), Lead.id.desc()),
    "oldest": (Lead.created_at.asc(), Lead.id.asc()),
    "score": (Lead.score.desc(), Lead.created_at.desc(), Lead.id.desc()),
    "name": (Lead.name.asc(), Lead.id.asc()),
    "status": (Lead.status.asc(), Lead.created_at.desc(), Lead.id.desc()),
}
PER_PAGE = 25
EXPORT_BATCH = 500


@dataclass(frozen=True, slots=True)
class LeadFilter:
    """What the list shows; every field optional. Dates are whole days in UTC, inclusive.

    With no status chosen, spam is left out unless ``with_spam``: it would fill the list.
    """

    search: str = ""
    status: LeadStatus | None = None
    with_spam: bool = False
    size: str | None = None
    created_from: date | None = None
    created_to: date | None = None
    score_min: int | None = None
    score_max: int | None = None
    sort: str = "newest"


@dataclass(frozen=True, slots=True)
class LeadPage:
    """One page of the filtered list."""

    leads: list[Lead]
    total: int
    page: int
    pages: int


def _where(criteria: LeadFilter) -> list[sa.ColumnElement[bool]]:
    conditions: list[sa.ColumnElement[bool]] = []
    if criteria.search.strip():
        pattern = f"%{_escape_like(criteria.search.strip().lower())}%"
        conditions.append(
            sa.or_(
                *(
                    sa.func.lower(column).like(pattern, escape="\\")
                    for column in (Lead.name, Lead.email, Lead.company, Lead.stack, Lead.details)
                )
            )
        )
    if criteria.status is not None:
        conditions.append(Lead.status == criteria.status)
    elif not criteria.with_spam:
        conditions.append(Lead.status != LeadStatus.SPAM)
    if criteria.size:
        conditions.append(Lead.size == criteria.size)
    if criteria.created_from is not None:
        conditions.append(Lead.created_at >= _start_of(criteria.created_from))
    # On the last day a date can have (9999-12-31) every lead is before the end of it.
    if criteria.created_to is not None and criteria.created_to < date.max:
        conditions.append(Lead.created_at < _start_of(criteria.created_to + timedelta(days=1)))
    if criteria.score_min is not None:
        conditions.append(Lead.score >= criteria.score_min)
    if criteria.score_max is not None:
        conditions.append(Lead.score <= criteria.score_max)
    return conditions


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def select_leads(criteria: LeadFilter) -> sa.Select[Lead]:
    """The filtered, sorted statement."""
    return (
        sa.select(Lead)
        .where(*_where(criteria))
        .order_by(*SORTS.get(criteria.sort, SORTS["newest"]))
    )


def page_of_leads(
    session: Session, criteria: LeadFilter, page: int, per_page: int = PER_PAGE
) -> LeadPage:
    """Return one page (1-based; past the end gives the last page) of the filtered list."""
    total = session.scalar(sa.select(sa.func.count()).select_from(Lead).where(*_where(criteria)))
    pages = max(1, math.ceil((total or 0) / per_page))
    page = min(max(1, page), pages)
    leads = list(
        session.scalars(select_leads(criteria).limit(per_page).offset((page - 1) * per_page))
    )
    return LeadPage(leads=leads, total=total or 0, page=page, pages=pages)


def iterate_leads(session: Session, criteria: LeadFilter) -> Iterator[Lead]:
    """Every lead of the filtered list, in order, read in batches."""
    yield from session.scalars(select_leads(criteria).execution_options(yield_per=EXPORT_BATCH))


def known_sizes(session: Session) -> list[str]:
    """The project sizes stored on leads, for the filter's choices."""
    return [
        size
        for size in session.scalars(sa.select(Lead.size).where(Lead.size.is_not(None)).distinct())
        if size
    ]


def all_leads(session: Session) -> list[Lead]:
    """Every lead, newest first (the CLI's export)."""
    return list(session.scalars(sa.select(Lead).order_by(Lead.created_at.desc(), Lead.id.desc())))


def leads_by_id(session: Session, lead_ids: Iterable[int]) -> list[Lead]:
    """The leads with these ids, oldest first."""
    return list(
        session.scalars(
            sa.select(Lead).where(Lead.id.in_(list(lead_ids))).order_by(Lead.created_at, Lead.id)
        )
    )
