"""The editors' inbox beyond "not understood": answers visitors disliked, and likely wrong ones.

An answer is likely wrong when it won by a small margin over the runner-up, when the visitor
asked the same again in other words right after it, or when the visitor gave it a thumbs down.
Each signal is read by one bounded query (the SIGNALS_READ newest in the period), so a flood
of messages costs no more than that. Wordings an editor fixed or dismissed are left out until
a visitor asks them again after the fix (``inbox_resolutions``); every such change is recorded
with who made it and when (``knowledge_edits``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from consultbot.matching.grouping import group_counted, is_rephrasing
from consultbot.storage.models import (
    EditAction,
    Feedback,
    InboxList,
    InboxResolution,
    KnowledgeEdit,
    Message,
    Role,
    UTCDateTime,
)

WORDING_CHARS = 300
SIGNALS_READ = 500
WORDINGS_GROUPED = 300
REPHRASE_SCAN = 5000
REPHRASED_WITHIN = timedelta(minutes=3)
MEMBERS_RESOLVED = 300

LOW_MARGIN = "low margin"
REPHRASED = "asked again"
THUMBS_DOWN = "thumbs down"


@dataclass(frozen=True, slots=True)
class Signal:
    """One answer that looks wrong: what the visitor asked, what they got, and why it looks so."""

    wording: str
    answer: str
    reason: str
    intent: str | None = None
    comment: str | None = None
    margin: float | None = None
    conversation_id: int | None = None


@dataclass(slots=True)
class InboxGroup:
    """Similar wordings with how often they came, the answers given, the reasons and comments.

    For the disliked and likely wrong lists every count is of distinct conversations: one
    visitor repeating a wording a hundred times counts once.
    """

    text: str
    count: int
    examples: tuple[str, ...]
    members: tuple[str, ...]
    answers: list[tuple[str, int]] = field(default_factory=list)
    intents: list[str] = field(default_factory=list)
    reasons: list[tuple[str, int]] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)


def head(text: str) -> str:
    """Return the part of a wording the inbox keys on."""
    return text[:WORDING_CHARS]


def _unresolved(visitor: Any) -> sa.ColumnElement[bool]:
    """The visitor message was not covered by an editor's fix or dismissal made after it."""
    return ~sa.exists().where(
        InboxResolution.wording == sa.func.substr(visitor.text, 1, WORDING_CHARS),
        InboxResolution.resolved_at >= visitor.created_at,
    )


def _answer_of(response: dict[str, Any] | None) -> str:
    replies = (response or {}).get("replies") or []
    return " ".join(str(reply.get("text", "")) for reply in replies if isinstance(reply, dict))


def disliked(session: Session, since: datetime) -> list[Signal]:
    """The answers given a thumbs down since ``since``, with the question before each."""
    answer, visitor = aliased(Message), aliased(Message)
    asked = (
        sa.select(sa.func.max(Message.id))
        .where(
            Message.conversation_id == answer.conversation_id,
            Message.role == Role.VISITOR,
            Message.id < answer.id,
        )
        .scalar_subquery()
    )
    rows = session.execute(
        sa.select(
            visitor.text,
            visitor.intent,
            answer.text,
            answer.feedback_comment,
            answer.conversation_id,
        )
        .join(visitor, visitor.id == asked)
        .where(
            answer.feedback == Feedback.DOWN,
            answer.created_at >= since,
            _unresolved(visitor),
        )
        .order_by(answer.id.desc())
        .limit(SIGNALS_READ)
    ).all()
    return [
        Signal(head(asked_text), text, THUMBS_DOWN, intent, comment, conversation_id=conversation)
        for asked_text, intent, text, comment, conversation in rows
    ]


def low_margin(session: Session, since: datetime, below: float) -> list[Signal]:
    """The answers that won by less than ``below`` over the runner-up since ``since``."""
    rows = session.scalars(
        sa.select(Message)
        .where(
            Message.role == Role.VISITOR,
            Message.fallback.is_(False),
            Message.intent.is_not(None),
            Message.margin < below,
            Message.created_at >= since,
            _unresolved(Message),
        )
        .order_by(Message.id.desc())
        .limit(SIGNALS_READ)
    ).all()
    return [
        Signal(
            head(m.text),
            _answer_of(m.response),
            LOW_MARGIN,
            m.intent,
            margin=m.margin,
            conversation_id=m.conversation_id,
        )
        for m in rows
    ]


def rephrased(session: Session, since: datetime) -> list[Signal]:
    """The answers after which the visitor soon asked the same again in other words.

    Only the REPHRASE_SCAN newest visitor messages of the period are paired with the next
    one, so the work is bounded however busy the site was.
    """
    recent = (
        sa.select(
            Message.id,
            Message.conversation_id,
            Message.text,
            Message.intent,
            Message.fallback,
            Message.response,
            Message.created_at,
        )
        .where(Message.role == Role.VISITOR, Message.created_at >= since)
        .order_by(Message.id.desc())
        .limit(REPHRASE_SCAN)
        .subquery()
    )
    by_conversation = recent.c.conversation_id
    paired = sa.select(
        recent,
        sa.func.lead(recent.c.text, type_=sa.Text())
        .over(partition_by=by_conversation, order_by=recent.c.id)
        .label("next_text"),
        sa.func.lead(recent.c.created_at, type_=UTCDateTime())
        .over(partition_by=by_conversation, order_by=recent.c.id)
        .label("next_at"),
    ).subquery()
    rows = session.execute(
        sa.select(paired)
        .where(
            paired.c.fallback.is_(False),
            paired.c.intent.is_not(None),
            paired.c.next_text.is_not(None),
            _unresolved(paired.c),
        )
        .order_by(paired.c.id.desc())
        .limit(SIGNALS_READ)
    ).all()
    found = []
    for row in rows:
        soon = row.next_at is not None and row.next_at - row.created_at <= REPHRASED_WITHIN
        if soon and is_rephrasing(row.text, row.next_text):
            found.append(
                Signal(
                    head(row.text),
                    _answer_of(row.response),
                    REPHRASED,
                    row.intent,
                    conversation_id=row.conversation_id,
                )
            )
    return found


def group_signals(signals: list[Signal]) -> list[InboxGroup]:
    """Group signals by similar wording, biggest first, with their answers and reasons.

    Counts are of distinct conversations, so one conversation posting "hi 0" ... "hi 199"
    makes a group of one, not of two hundred.
    """
    by_wording: dict[str, list[Signal]] = {}
    for signal in signals:
        by_wording.setdefault(signal.wording, []).append(signal)
    # Grouping is quadratic in the wordings: only the most frequent WORDINGS_GROUPED are
    # grouped (as on the Unanswered page), the newest first among equals.
    counted = sorted(by_wording.items(), key=lambda item: -_conversations(item[1]))
    groups = []
    for grouped in group_counted(
        (wording, _conversations(s)) for wording, s in counted[:WORDINGS_GROUPED]
    ):
        inside = [s for member in grouped.members for s in by_wording[member]]
        groups.append(
            InboxGroup(
                text=grouped.text,
                count=_conversations(inside),
                examples=grouped.examples,
                members=grouped.members,
                answers=_per_conversation((s.answer, s) for s in inside if s.answer)[:3],
                intents=[i for i, _ in Counter(s.intent for s in inside if s.intent).most_common()],
                reasons=_per_conversation((s.reason, s) for s in inside),
                comments=[s.comment for s in inside if s.comment][:5],
            )
        )
    return sorted(groups, key=lambda group: (-group.count, group.text))


def _conversations(signals: Iterable[Signal]) -> int:
    """Count the distinct conversations the signals came from."""
    return len({signal.conversation_id for signal in signals})


def _per_conversation(values: Iterable[tuple[str, Signal]]) -> list[tuple[str, int]]:
    """Count each value once per conversation, most common first (ties in order of appearance)."""
    seen = dict.fromkeys((value, signal.conversation_id) for value, signal in values)
    return Counter(value for value, _ in seen).most_common()


def record_edit(
    session: Session,
    user_id: int,
    user_email: str,
    inbox: InboxList,
    action: EditAction,
    members: list[str],
    item_id: str | None = None,
    phrase: str | None = None,
    file: str | None = None,
) -> KnowledgeEdit:
    """Record an editor's change and take the group's wordings off every list until asked again."""
    wordings = list(dict.fromkeys(head(m) for m in members if m.strip()))[:MEMBERS_RESOLVED]
    edit = KnowledgeEdit(
        action=action,
        inbox=inbox,
        wording=wordings[0] if wordings else "",
        item_id=item_id,
        phrase=phrase,
        file=file,
        user_id=user_id,
        user_email=user_email,
    )
    session.add(edit)
    session.flush()
    session.add_all(
        InboxResolution(edit_id=edit.id, inbox=inbox, wording=w, resolved_at=edit.created_at)
        for w in wordings
    )
    session.flush()
    return edit


def recent_edits(session: Session, limit: int = 20) -> list[KnowledgeEdit]:
    """Return the latest changes made from the inbox, newest first."""
    return list(
        session.scalars(
            sa.select(KnowledgeEdit).order_by(KnowledgeEdit.id.desc()).limit(limit)
        ).all()
    )


FORGOTTEN = "(removed: it held a visitor's email address that was forgotten)"


def forget_wordings(session: Session, email: str) -> int:
    """Remove the inbox's copies of wordings that hold this address; return how many rows.

    Fixes and dismissals keep the wordings they covered, apart from the conversations; a
    person's erasure must reach them too. The change record stays, without the words.
    """
    mentions = sa.func.lower(InboxResolution.wording).contains(email.lower(), autoescape=True)
    removed = session.execute(
        sa.delete(InboxResolution).where(mentions).execution_options(synchronize_session=False)
    )
    edited = session.execute(
        sa.update(KnowledgeEdit)
        .where(sa.func.lower(KnowledgeEdit.wording).contains(email.lower(), autoescape=True))
        .values(wording=FORGOTTEN)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(removed, "rowcount", 0)) + int(getattr(edited, "rowcount", 0))
