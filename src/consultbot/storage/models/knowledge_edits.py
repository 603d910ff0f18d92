"""The changes editors make to the knowledge from the inbox, and the wordings they resolve."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from consultbot.storage.models.base import Base, string_enum, utcnow


class InboxList(StrEnum):
    """The editors' inbox lists a wording can be taken off."""

    UNANSWERED = "unanswered"
    DISLIKED = "disliked"
    LIKELY_WRONG = "likely_wrong"


class EditAction(StrEnum):
    """What an editor did with a group of wordings."""

    EXAMPLE = "example"
    RELATED = "related"
    ALIAS = "alias"
    CUE = "cue"
    DISMISS = "dismiss"


class KnowledgeEdit(Base):
    """One change an editor made from the inbox: a phrasing added to an item, or a dismissal."""

    __tablename__ = "knowledge_edits"

    id: Mapped[int] = mapped_column(primary_key=True)
    action: Mapped[EditAction] = mapped_column(string_enum(EditAction, "edit_action"))
    inbox: Mapped[InboxList] = mapped_column(string_enum(InboxList, "inbox_list"))
    # The group's leading wording, as the editor saw it.
    wording: Mapped[str] = mapped_column(sa.Text)
    # What was added where (NULL for a dismissal): the item's id, the phrase, the file.
    item_id: Mapped[str | None] = mapped_column(sa.String(300))
    phrase: Mapped[str | None] = mapped_column(sa.String(300))
    file: Mapped[str | None] = mapped_column(sa.String(1000))
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # Kept when the account is removed: who made a change must stay readable.
    user_email: Mapped[str] = mapped_column(sa.String(254))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class InboxResolution(Base):
    """A wording taken off an inbox list by an edit; later messages so worded show again."""

    __tablename__ = "inbox_resolutions"
    __table_args__ = (
        sa.Index("ix_inbox_resolutions_wording_resolved_at", "wording", "resolved_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edit_id: Mapped[int] = mapped_column(
        sa.ForeignKey("knowledge_edits.id", ondelete="CASCADE"), index=True
    )
    inbox: Mapped[InboxList] = mapped_column(string_enum(InboxList, "resolution_inbox"))
    # The first WORDING_CHARS characters of the messages, as the inbox counts them.
    wording: Mapped[str] = mapped_column(sa.String(300))
    resolved_at: Mapped[datetime] = mapped_column(default=utcnow)
