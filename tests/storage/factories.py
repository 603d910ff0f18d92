"""Small factories for rows, with defaults a test overrides only where it matters."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from typing import Any

from sqlalchemy.orm import Session

from consultbot.dialogue.email_address import email_key
from consultbot.storage.models import (
    Conversation,
    Lead,
    LeadSubmission,
    Message,
    Role,
    StaffRole,
    User,
    utcnow,
)


def make_conversation(session: Session, **overrides: Any) -> Conversation:
    """Add and flush a conversation."""
    values: dict[str, Any] = {
        "public_id": str(uuid.uuid4()),
        "token_hash": hashlib.sha256(secrets.token_bytes(16)).hexdigest(),
        "page_url": "https://example.com/blog/django-vs-fastapi",
    }
    conversation = Conversation(**{**values, **overrides})
    session.add(conversation)
    session.flush()
    return conversation


def make_message(session: Session, conversation: Conversation, **overrides: Any) -> Message:
    """Add and flush a visitor message in the conversation."""
    values: dict[str, Any] = {
        "conversation_id": conversation.id,
        "role": Role.VISITOR,
        "text": "Which one is faster?",
        "client_message_id": str(uuid.uuid4()),
    }
    message = Message(**{**values, **overrides})
    session.add(message)
    session.flush()
    return message


def make_lead(session: Session, **overrides: Any) -> Lead:
    """Add and flush a lead (its email key follows its email unless given)."""
    values: dict[str, Any] = {
        "name": "Ada Lovelace",
        "email": "ada@example.com",
        "size": "medium",
    }
    values = {**values, **overrides}
    values.setdefault("email_key", email_key(values["email"]))
    lead = Lead(**values)
    session.add(lead)
    session.flush()
    return lead


def make_submission(session: Session, lead: Lead, **overrides: Any) -> LeadSubmission:
    """Add and flush the lead's next submission, with answers from the lead's columns."""
    lead.submission_count += 1
    values: dict[str, Any] = {
        "lead_id": lead.id,
        "number": lead.submission_count,
        "conversation_id": lead.conversation_id,
        "answers": {"name": lead.name, "email": lead.email, "size": lead.size or ""},
        "consent_text": CONSENT_TEXT,
        "consent_version": hashlib.sha256(CONSENT_TEXT.encode()).hexdigest(),
        "consented_at": utcnow(),
    }
    submission = LeadSubmission(**{**values, **overrides})
    session.add(submission)
    session.flush()
    return submission


CONSENT_TEXT = "May we store these details and contact you? (yes / no)"


def make_user(session: Session, **overrides: Any) -> User:
    """Add and flush a staff account."""
    values: dict[str, Any] = {
        "email": f"staff-{uuid.uuid4().hex[:8]}@example.com",
        "password_hash": "not-a-real-hash",
        "role": StaffRole.SALES,
    }
    user = User(**{**values, **overrides})
    session.add(user)
    session.flush()
    return user
