"""The sales pipeline on a lead: status changes with their history, and staff notes."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from consultbot.storage.models import (
    Lead,
    LeadNote,
    LeadStatus,
    LeadStatusChange,
    LeadSubmission,
    User,
)


def change_status(
    session: Session, lead: Lead, status: LeadStatus, user: User | None, now: datetime
) -> bool:
    """Move a lead to ``status``, recording who did it; return False when nothing changed."""
    if lead.status == status:
        return False
    session.add(
        LeadStatusChange(
            lead_id=lead.id,
            from_status=lead.status,
            to_status=status,
            user_id=user.id if user else None,
            changed_at=now,
        )
    )
    lead.status = status
    lead.is_spam = status == LeadStatus.SPAM
    lead.updated_at = now
    return True


def record_first_status(
    session: Session,
    lead: Lead,
    status: LeadStatus,
    rule: str,
    submission: LeadSubmission,
    now: datetime,
) -> None:
    """Give a lead made by its first submission its status, in the history with the rule."""
    session.add(
        LeadStatusChange(
            lead_id=lead.id,
            from_status=None,
            to_status=status,
            rule=rule,
            submission_id=submission.id,
            changed_at=now,
        )
    )
    lead.status = status
    lead.is_spam = status == LeadStatus.SPAM


def add_note(session: Session, lead: Lead, author: User | None, body: str, now: datetime) -> None:
    """Add a staff note to a lead."""
    session.add(
        LeadNote(
            lead_id=lead.id, author_id=author.id if author else None, body=body, created_at=now
        )
    )
    lead.updated_at = now


def find_lead(session: Session, lead_id: int) -> Lead | None:
    """Return the lead with this id, or None."""
    return session.get(Lead, lead_id)


def status_history(session: Session, lead_id: int) -> list[sa.Row[LeadStatusChange, str | None]]:
    """The lead's status changes, oldest first, each with the email of who made it (if anyone)."""
    return list(
        session.execute(
            sa.select(LeadStatusChange, User.email)
            .outerjoin(User, User.id == LeadStatusChange.user_id)
            .where(LeadStatusChange.lead_id == lead_id)
            .order_by(LeadStatusChange.id)
        ).all()
    )


def notes(session: Session, lead_id: int) -> list[sa.Row[LeadNote, str | None]]:
    """The lead's notes, newest first, each with its author's email (if the author still exists)."""
    return list(
        session.execute(
            sa.select(LeadNote, User.email)
            .outerjoin(User, User.id == LeadNote.author_id)
            .where(LeadNote.lead_id == lead_id)
            .order_by(LeadNote.id.desc())
        ).all()
    )
