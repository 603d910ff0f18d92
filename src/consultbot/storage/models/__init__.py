"""The tables, one module per area, all on one ``Base.metadata``.

``base.py`` (the shared declarative base, UTC timestamps, enums stored as strings),
``conversations.py`` (conversations, messages), ``leads.py`` (leads, submissions, status
history, notes, the notification outbox), ``staff.py`` (dashboard accounts, login attempts),
``knowledge_edits.py`` (editors' changes from the inbox), ``live_chats.py`` (the live handoff).

Importing this package registers every table, which the app, Alembic's ``env.py`` and the
tests rely on; the models are imported from here.
"""

from __future__ import annotations

from consultbot.storage.models.base import Base, UTCDateTime, utcnow
from consultbot.storage.models.conversations import (
    Conversation,
    ConversationMode,
    Feedback,
    Message,
    Role,
)
from consultbot.storage.models.knowledge_edits import (
    EditAction,
    InboxList,
    InboxResolution,
    KnowledgeEdit,
)
from consultbot.storage.models.leads import (
    Channel,
    DeliveryStatus,
    Lead,
    LeadNote,
    LeadStatus,
    LeadStatusChange,
    LeadSubmission,
    OutboxItem,
)
from consultbot.storage.models.live_chats import (
    OPEN_LIVE_STATUSES,
    ConversationEvent,
    EventKind,
    LiveChat,
    LiveStatus,
)
from consultbot.storage.models.staff import LoginAttempt, StaffRole, User

__all__ = [
    "OPEN_LIVE_STATUSES",
    "Base",
    "Channel",
    "Conversation",
    "ConversationEvent",
    "ConversationMode",
    "DeliveryStatus",
    "EditAction",
    "EventKind",
    "Feedback",
    "InboxList",
    "InboxResolution",
    "KnowledgeEdit",
    "Lead",
    "LeadNote",
    "LeadStatus",
    "LeadStatusChange",
    "LeadSubmission",
    "LiveChat",
    "LiveStatus",
    "LoginAttempt",
    "Message",
    "OutboxItem",
    "Role",
    "StaffRole",
    "UTCDateTime",
    "User",
    "utcnow",
]
