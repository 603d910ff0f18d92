"""A staff action on a lead: change its status or add a note, recorded with who did it.

Each action is committed on its own; a status the lead already has changes nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from consultbot.storage import pipeline
from consultbot.storage.models import Lead, LeadStatus, User
from consultbot.visitor_text import without_bidi_controls


def add_note(session: Session, lead: Lead, author_id: int, body: str) -> None:
    """Add a staff note to the lead, signed by ``author_id``, and commit it.

    Bidi controls are removed, as from visitors' text: a note is read by every sales person.
    """
    author = session.get(User, author_id)
    text = without_bidi_controls(body).strip()
    pipeline.add_note(session, lead, author, text, datetime.now(UTC))
    session.commit()


def change_status(session: Session, lead: Lead, user_id: int, status: LeadStatus) -> bool:
    """Move the lead to ``status`` in its history and commit; False when it already was."""
    user = session.get(User, user_id)
    if not pipeline.change_status(session, lead, status, user, datetime.now(UTC)):
        return False
    session.commit()
    return True
