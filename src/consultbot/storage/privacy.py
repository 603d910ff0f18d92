"""Personal data: find, export and forget what is stored about one email address.

What is stored about a person (``find_person``) is every lead whose email matches the address,
ignoring case, with its submissions, status history, notes and outbox rows; the conversations
those leads came from; and every conversation in which the visitor typed the address, even into a
form they then cancelled. ``export_person`` returns all of it, ``forget_person`` deletes all of it.

The retention purge of old conversations without a lead is in ``retention.py``.

Functions take the session first and never commit: the command or the worker does.
Deletes are explicit, children first, so they never depend on the database's ON DELETE rules
(SQLite enforces those only with ``PRAGMA foreign_keys``) and every count is exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from consultbot.storage import inbox
from consultbot.storage.bulk import count_where, delete_where
from consultbot.storage.lead_rows import lead_row
from consultbot.storage.models import (
    Conversation,
    Lead,
    LeadNote,
    LeadStatusChange,
    LeadSubmission,
    Message,
    OutboxItem,
    Role,
    utcnow,
)

# A character on either side of a match that makes it part of a longer, different address:
# "bada@example.com" and "ada@example.community" are not "ada@example.com".
_BEFORE = r"(?<![a-z0-9._%+\-'!#$&*/=?^`{|}~])"
_AFTER = r"(?![a-z0-9\-]|\.[a-z0-9])"


@dataclass(frozen=True, slots=True)
class PersonRecords:
    """The ids of the leads, their submissions and the conversations stored about one address.

    Two look-ups compare equal only if nothing was added in between, a new submission included.
    """

    email: str
    lead_ids: tuple[int, ...]
    conversation_ids: tuple[int, ...]
    submission_ids: tuple[int, ...] = ()

    @property
    def is_empty(self) -> bool:
        """Say whether nothing at all is stored about the address."""
        return not self.lead_ids and not self.conversation_ids


@dataclass(frozen=True, slots=True)
class ForgetCounts:
    """How many rows of each kind forgetting a person deletes (or would delete).

    ``other_leads_unlinked`` counts leads of *other* addresses that came from a deleted
    conversation: they are kept, without their transcript.
    """

    leads: int = 0
    submissions: int = 0
    status_changes: int = 0
    notes: int = 0
    notifications: int = 0
    conversations: int = 0
    messages: int = 0
    other_leads_unlinked: int = 0

    def describe(self) -> list[tuple[str, int]]:
        """Return (label, count) pairs of the deleted rows, for people to read."""
        return [
            (field.name.replace("_", " "), getattr(self, field.name))
            for field in fields(self)
            if field.name != "other_leads_unlinked"
        ]


@dataclass(frozen=True, slots=True)
class PersonExport:
    """Everything stored about one address, shaped for the person it describes.

    ``as_json()`` gives::

        {"email": str, "exported_at": ISO 8601,
         "leads": [{<every lead column>, "conversation": public id | null,
                    "submissions": [{"number", "answers", "page_url", "score",
                                     "score_details", "is_spam", "spam_reasons",
                                     "consent_text", "consent_version", "consented_at",
                                     "transcript"}],
                    "status_history": [{"from_status", "to_status", "by", "changed_at"}],
                    "notes": [{"body", "created_at"}],
                    "notifications": [{"channel", "event", "status", "created_at", "sent_at"}]}],
         "conversations": [{"id": public id, "page_url", "created_at", "last_activity_at",
                            "messages": [{"role", "text", "created_at"}]}]}

    Staff names are left out of notes and status history ("by" says "staff" or names the
    rule): they are the staff's data.
    """

    email: str
    exported_at: datetime
    leads: tuple[dict[str, Any], ...]
    conversations: tuple[dict[str, Any], ...]

    def as_json(self) -> dict[str, Any]:
        """Return the export as JSON-ready values."""
        return {
            "email": self.email,
            "exported_at": self.exported_at.isoformat(),
            "leads": list(self.leads),
            "conversations": list(self.conversations),
        }


def find_person(session: Session, email: str) -> PersonRecords:
    """Find the leads with this (normalized) address and every conversation that holds it."""
    lead_ids = tuple(
        session.scalars(
            sa.select(Lead.id)
            .where(sa.or_(Lead.email_key == email, sa.func.lower(Lead.email) == email))
            .order_by(Lead.id)
        )
    )
    from_leads = session.scalars(
        sa.select(Lead.conversation_id).where(
            Lead.id.in_(lead_ids), Lead.conversation_id.is_not(None)
        )
    )
    from_submissions = session.scalars(
        sa.select(LeadSubmission.conversation_id).where(
            LeadSubmission.lead_id.in_(lead_ids), LeadSubmission.conversation_id.is_not(None)
        )
    )
    conversation_ids = {
        *from_leads,
        *from_submissions,
        *find_conversations_mentioning(session, email),
    }
    submission_ids = tuple(
        session.scalars(
            sa.select(LeadSubmission.id)
            .where(LeadSubmission.lead_id.in_(lead_ids))
            .order_by(LeadSubmission.id)
        )
    )
    return PersonRecords(email, lead_ids, tuple(sorted(conversation_ids)), submission_ids)


def find_conversations_mentioning(session: Session, email: str) -> set[int]:
    """Return the conversations in which the visitor typed the address, ignoring case."""
    # LIKE narrows the search in the database; the pattern then drops longer addresses
    # that merely contain this one.
    candidates = session.execute(
        sa.select(Message.conversation_id, Message.text).where(
            Message.role == Role.VISITOR,
            sa.func.lower(Message.text).contains(email, autoescape=True),
        )
    )
    pattern = re.compile(_BEFORE + re.escape(email) + _AFTER, re.IGNORECASE)
    return {conversation_id for conversation_id, text in candidates if pattern.search(text)}


def count_person_rows(session: Session, records: PersonRecords) -> ForgetCounts:
    """Count the rows ``forget_person`` would delete, changing nothing."""
    leads, conversations = records.lead_ids, records.conversation_ids
    return ForgetCounts(
        leads=len(leads),
        submissions=count_where(session, LeadSubmission, LeadSubmission.lead_id.in_(leads)),
        status_changes=count_where(session, LeadStatusChange, LeadStatusChange.lead_id.in_(leads)),
        notes=count_where(session, LeadNote, LeadNote.lead_id.in_(leads)),
        notifications=count_where(session, OutboxItem, OutboxItem.lead_id.in_(leads)),
        conversations=len(conversations),
        messages=count_where(session, Message, Message.conversation_id.in_(conversations)),
        other_leads_unlinked=_count_other_leads(session, records),
    )


def forget_person(session: Session, records: PersonRecords) -> ForgetCounts:
    """Delete the person's leads, their history, notes and outbox rows, and the conversations."""
    leads, conversations = records.lead_ids, records.conversation_ids
    # Lock the conversations first so a chat step cannot add to one while it is deleted.
    session.execute(
        sa.select(Conversation.id).where(Conversation.id.in_(conversations)).with_for_update()
    )
    status_changes = delete_where(session, LeadStatusChange, LeadStatusChange.lead_id.in_(leads))
    notes = delete_where(session, LeadNote, LeadNote.lead_id.in_(leads))
    notifications = delete_where(session, OutboxItem, OutboxItem.lead_id.in_(leads))
    submissions = delete_where(session, LeadSubmission, LeadSubmission.lead_id.in_(leads))
    deleted_leads = delete_where(session, Lead, Lead.id.in_(leads))
    messages = delete_where(session, Message, Message.conversation_id.in_(conversations))
    inbox.forget_wordings(session, records.email)
    unlinked = _count_other_leads(session, records)
    # Other people's submissions from these chats lose the transcript too: it holds this
    # person's words. Their answers stay.
    session.execute(
        sa.update(LeadSubmission)
        .where(_other_submissions(records))
        .values(conversation_id=None, transcript=[])
        .execution_options(synchronize_session=False)
    )
    session.execute(
        sa.update(Lead)
        .where(_other_leads(records))
        .values(conversation_id=None)
        .execution_options(synchronize_session=False)
    )
    deleted_conversations = delete_where(session, Conversation, Conversation.id.in_(conversations))
    return ForgetCounts(
        leads=deleted_leads,
        submissions=submissions,
        status_changes=status_changes,
        notes=notes,
        notifications=notifications,
        conversations=deleted_conversations,
        messages=messages,
        other_leads_unlinked=unlinked,
    )


def export_person(session: Session, records: PersonRecords) -> PersonExport:
    """Gather the person's leads with their history, and the full related transcripts."""
    leads = session.scalars(
        sa.select(Lead).where(Lead.id.in_(records.lead_ids)).order_by(Lead.created_at, Lead.id)
    )
    conversations = session.scalars(
        sa.select(Conversation)
        .where(Conversation.id.in_(records.conversation_ids))
        .order_by(Conversation.created_at, Conversation.id)
    )
    return PersonExport(
        email=records.email,
        exported_at=utcnow(),
        leads=tuple(describe_lead(lead) for lead in leads),
        conversations=tuple(describe_conversation(c) for c in conversations),
    )


def describe_lead(lead: Lead) -> dict[str, Any]:
    """Return every column of a lead with its status history, notes and notifications."""
    return {
        **lead_row(lead),
        "answers": dict(lead.answers),
        "is_spam": lead.is_spam,
        "conversation": lead.conversation.public_id if lead.conversation else None,
        "submissions": [describe_submission(submission) for submission in lead.submissions],
        "status_history": [
            {
                "from_status": change.from_status.value if change.from_status else None,
                "to_status": change.to_status.value,
                "by": "staff" if change.user_id else (change.rule or "staff"),
                "changed_at": change.changed_at.isoformat(),
            }
            for change in lead.status_changes
        ],
        "notes": [
            {"body": note.body, "created_at": note.created_at.isoformat()} for note in lead.notes
        ],
        "notifications": [
            {
                "channel": item.channel.value,
                "event": item.event,
                "status": item.status.value,
                "created_at": item.created_at.isoformat(),
                "sent_at": item.sent_at.isoformat() if item.sent_at else None,
            }
            for item in lead.notifications
        ],
    }


def describe_submission(submission: LeadSubmission) -> dict[str, Any]:
    """Return one submission as it was stored."""
    return {
        "number": submission.number,
        "answers": dict(submission.answers),
        "page_url": submission.page_url,
        "score": submission.score,
        "score_details": dict(submission.score_details),
        "is_spam": submission.is_spam,
        "spam_reasons": list(submission.spam_reasons),
        "consent_text": submission.consent_text,
        "consent_version": submission.consent_version,
        "consented_at": submission.consented_at.isoformat(),
        "transcript": list(submission.transcript),
    }


def describe_conversation(conversation: Conversation) -> dict[str, Any]:
    """Return a conversation and its whole transcript."""
    return {
        "id": conversation.public_id,
        "page_url": conversation.page_url,
        "created_at": conversation.created_at.isoformat(),
        "last_activity_at": conversation.last_activity_at.isoformat(),
        "messages": [
            {
                "role": message.role.value,
                "text": message.text,
                "created_at": message.created_at.isoformat(),
                "author": message.author_name,
            }
            for message in conversation.messages
        ],
    }


def _other_submissions(records: PersonRecords) -> sa.ColumnElement[bool]:
    return sa.and_(
        LeadSubmission.conversation_id.in_(records.conversation_ids),
        LeadSubmission.lead_id.not_in(records.lead_ids),
    )


def _count_other_leads(session: Session, records: PersonRecords) -> int:
    """Count the other people's leads that lose a transcript with these conversations."""
    via_submissions = sa.select(LeadSubmission.lead_id).where(_other_submissions(records))
    condition = sa.or_(_other_leads(records), Lead.id.in_(via_submissions))
    return count_where(session, Lead, condition)


def _other_leads(records: PersonRecords) -> sa.ColumnElement[bool]:
    return sa.and_(
        Lead.conversation_id.in_(records.conversation_ids), Lead.id.not_in(records.lead_ids)
    )
