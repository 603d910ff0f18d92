"""A visitor message's statements, in as few round trips as the database allows.

One message is a turn: open it (lock the conversation, look up a retried client_message_id,
see whether a person holds or is awaited in the chat), then store it (the visitor's line with
the response it got, the assistant's lines, the conversation's new state). Core statements on
plain rows, no ORM objects: on PostgreSQL the opening travels in one pipeline and the store in
another (``storage.together``), one statement updating the conversation and inserting the
lines, their ids taken from the sequence itself, so a message takes two round trips here. The
lock and the lookup stay two statements: a lookup joined to the locking SELECT would read the
messages from the snapshot taken before the lock was granted (EvalPlanQual re-checks only the
locked row), and miss a retry committed meanwhile.

Functions take the session first and never commit.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from consultbot.storage import together
from consultbot.storage.chat import AnswerFacts, ReplyLine
from consultbot.storage.models import (
    OPEN_LIVE_STATUSES,
    Conversation,
    ConversationMode,
    LiveChat,
    Message,
    Role,
)
from consultbot.storage.models.base import UTCDateTime

_conversation_id = (
    sa.select(Conversation.id)
    .where(Conversation.public_id == sa.bindparam("public_id"))
    .scalar_subquery()
)
LOCK = (
    sa.select(Conversation.id, Conversation.state, Conversation.message_count)
    .where(Conversation.public_id == sa.bindparam("public_id"))
    .with_for_update()
)
EARLIER_AND_LIVE = sa.select(
    sa.select(Message.response)
    .where(
        Message.conversation_id == _conversation_id,
        Message.client_message_id == sa.bindparam("client_message_id"),
    )
    .scalar_subquery(),
    sa.exists().where(
        LiveChat.conversation_id == _conversation_id,
        # Not IN (...): its expanding parameter would need compiling again for each execution.
        sa.or_(*(LiveChat.status == status for status in OPEN_LIVE_STATUSES)),
    ),
)


@dataclass(frozen=True, slots=True)
class Turn:
    """What opening a message's turn found: the locked conversation and what it holds."""

    conversation_id: int
    state: dict[str, Any]
    message_count: int
    # The response a message with this client_message_id already got, if one was stored.
    earlier_response: dict[str, Any] | None
    # A person holds the chat or has been asked for (and the request is not over).
    live_chat_open: bool


@dataclass(frozen=True, slots=True)
class TurnStep:
    """What a turn stores besides the visitor's text: the response and the new state."""

    response: dict[str, Any]
    answer: AnswerFacts
    replies: Sequence[ReplyLine]
    state: dict[str, Any]
    mode: ConversationMode
    comparison_id: str | None
    lead_started: bool = False
    honeypot: bool = False


def open_turn(session: Session, public_id: str, client_message_id: str) -> Turn | None:
    """Lock the conversation and read what the message needs; None if it does not exist.

    Begins the session's transaction: one round trip on PostgreSQL (BEGIN, the lock, then the
    lookup, sent together); SQLite's transaction holds the database's write lock from its
    BEGIN IMMEDIATE already.
    """
    locked, found = together.begin_with(
        session,
        [
            (LOCK, {"public_id": public_id}),
            (EARLIER_AND_LIVE, {"public_id": public_id, "client_message_id": client_message_id}),
        ],
    )
    if not locked:
        return None
    conversation_id, state, message_count = locked[0]
    earlier_response, live_chat_open = found[0]
    return Turn(conversation_id, state, message_count, earlier_response, bool(live_chat_open))


def turn_writes(
    session: Session,
    turn: Turn,
    text: str,
    client_message_id: str,
    step: TurnStep,
    now: datetime,
) -> list[together.Write]:
    """The writes that store a turn: the new state, the visitor's line and the replies.

    Every line goes in one INSERT, the visitor's first, and the response stored on the
    visitor's line names its replies' ids: complete when it is written, with no UPDATE after.
    On PostgreSQL one statement (``STORE_TURN``) updates the conversation and inserts the
    lines, taking their ids from the sequence itself and returning them, so no round trip goes
    before the writes (``together.commit_with`` sends it with the COMMIT and returns the ids;
    ``name_replies`` then names them in ``step.response``). On SQLite the ids are taken first,
    and named in ``step.response`` at once; the UPDATE and the INSERT are two statements.
    """
    values: dict[str, Any] = {
        "conversation_id": turn.conversation_id,
        "state": step.state,
        "mode": step.mode,
        "comparison_id": step.comparison_id,
        "now": now,
    }
    if together.pipelines(session):
        lines: dict[str, Any] = {
            **values,
            "lead_started": step.lead_started,
            "honeypot": step.honeypot,
            "text": text,
            "client_message_id": client_message_id,
            "response": step.response,
            "intent": step.answer.intent,
            "confidence": step.answer.confidence,
            "fallback": step.answer.fallback,
            "margin": step.answer.margin,
            "replies": [{"text": reply.text, "shown": reply.shown} for reply in step.replies],
        }
        return [(STORE_TURN, lines)]
    update = (_update_conversation(step.lead_started, step.honeypot), values)
    ids = reserve_message_ids(session, 1 + len(step.replies))
    name_replies(step.response, ids)
    visitor = _line(ids[0], turn.conversation_id, Role.VISITOR, text, step.response, now)
    visitor.update(
        client_message_id=client_message_id,
        intent=step.answer.intent,
        confidence=step.answer.confidence,
        fallback=step.answer.fallback,
        margin=step.answer.margin,
    )
    replies = [
        _line(line_id, turn.conversation_id, Role.ASSISTANT, reply.text, reply.shown, now)
        for line_id, reply in zip(ids[1:], step.replies, strict=True)
    ]
    return [update, (INSERT_LINES, [visitor, *replies])]


def name_replies(response: dict[str, Any], line_ids: Sequence[int]) -> None:
    """Name each reply in the response by its line's id (the visitor's line has the smallest
    of a turn's ids, its replies the next ones in order)."""
    ordered = sorted(line_ids)
    for shown, line_id in zip(response.get("replies", []), ordered[1:], strict=False):
        shown["message_id"] = line_id


# The tables, not the mapped classes: Core statements skip the ORM's bulk machinery.
_conversations: sa.Table = Conversation.__table__  # type: ignore[assignment]
_messages: sa.Table = Message.__table__  # type: ignore[assignment]
LINE_COLUMNS = ("id", "conversation_id", "role", "text", "client_message_id", "response",
                "intent", "confidence", "fallback", "created_at", "margin")  # fmt: skip
INSERT_LINES = sa.insert(_messages).values(
    {name: sa.bindparam(name, type_=_messages.c[name].type) for name in LINE_COLUMNS}
)
# PostgreSQL: a whole turn in one statement. It updates the conversation (as
# ``_update_conversation`` does: the state, the count, the times a form was started and the
# hidden field filled kept from the first), takes the lines' ids from the sequence (in order:
# the visitor's line first), writes each reply's id into the response stored on the visitor's
# line (as ``name_replies`` does), inserts the lines and returns their ids. The replies travel
# as one JSON array of {"text", "shown"}. A reply the response lists without a line keeps no
# id, as with ``zip(..., strict=False)``. The visitor's values are cast: a UNION resolves the
# types of parameters sent untyped to text otherwise.
STORE_TURN = sa.text(
    f"""WITH updated AS (
    UPDATE {Conversation.__tablename__} SET
        state = CAST(:state AS json),
        mode = CAST(:mode AS text),
        comparison_id = CAST(:comparison_id AS text),
        message_count = message_count + 1,
        last_activity_at = CAST(:now AS timestamptz),
        lead_started_at = CASE WHEN CAST(:lead_started AS boolean)
            THEN COALESCE(lead_started_at, CAST(:now AS timestamptz)) ELSE lead_started_at END,
        honeypot_at = CASE WHEN CAST(:honeypot AS boolean)
            THEN COALESCE(honeypot_at, CAST(:now AS timestamptz)) ELSE honeypot_at END
    WHERE id = :conversation_id
),
ids AS MATERIALIZED (
    SELECT id, row_number() OVER (ORDER BY id) AS n
    FROM (
        SELECT nextval(pg_get_serial_sequence('{Message.__tablename__}', 'id')) AS id
        FROM generate_series(0, json_array_length(CAST(:replies AS json)))
    ) AS taken
),
replies AS (
    SELECT ids.id, reply.text, reply.shown
    FROM ROWS FROM (json_to_recordset(CAST(:replies AS json)) AS (text text, shown json))
        WITH ORDINALITY AS reply (text, shown, n)
    JOIN ids ON ids.n = reply.n + 1
),
response AS (
    SELECT jsonb_set(
        CAST(:response AS jsonb),
        '{{replies}}',
        COALESCE(
            jsonb_agg(
                CASE WHEN ids.id IS NULL THEN item.shown
                ELSE item.shown || jsonb_build_object('message_id', ids.id) END
                ORDER BY item.n
            ),
            '[]'
        )
    ) AS value
    FROM jsonb_array_elements(CAST(:response AS jsonb) -> 'replies')
        WITH ORDINALITY AS item (shown, n)
    LEFT JOIN ids ON ids.n = item.n + 1
)
INSERT INTO {Message.__tablename__} ({", ".join(LINE_COLUMNS)})
SELECT ids.id, :conversation_id, '{Role.VISITOR.value}', CAST(:text AS text),
    CAST(:client_message_id AS text), CAST((SELECT value FROM response) AS json),
    CAST(:intent AS text), CAST(:confidence AS double precision), CAST(:fallback AS boolean),
    CAST(:now AS timestamptz), CAST(:margin AS double precision)
FROM ids WHERE ids.n = 1
UNION ALL
SELECT id, :conversation_id, '{Role.ASSISTANT.value}', text, NULL, shown, NULL, NULL, false,
    :now, NULL
FROM replies
RETURNING id
"""
)


@functools.cache
def _update_conversation(lead_started: bool, honeypot: bool) -> sa.Update:
    """The UPDATE of a conversation's state after a turn (built once per kind of turn)."""
    now = sa.bindparam("now", type_=UTCDateTime())
    values: dict[str, Any] = {
        "state": sa.bindparam("state", type_=_conversations.c.state.type),
        "mode": sa.bindparam("mode", type_=_conversations.c.mode.type),
        "comparison_id": sa.bindparam("comparison_id", type_=_conversations.c.comparison_id.type),
        "message_count": _conversations.c.message_count + 1,
        "last_activity_at": now,
    }
    if lead_started:
        values["lead_started_at"] = sa.func.coalesce(_conversations.c.lead_started_at, now)
    if honeypot:
        values["honeypot_at"] = sa.func.coalesce(_conversations.c.honeypot_at, now)
    return (
        sa.update(_conversations)
        .where(_conversations.c.id == sa.bindparam("conversation_id", type_=sa.Integer))
        .values(values)
    )


def reserve_message_ids(session: Session, count: int) -> list[int]:
    """Take ``count`` new message ids on SQLite, in increasing order: the ids it would give
    next itself (one more than the largest), safe because its transaction holds the
    database's write lock. (PostgreSQL's come from the sequence, in the INSERT.)"""
    largest = session.scalar(sa.select(sa.func.coalesce(sa.func.max(Message.id), 0)))
    return [int(largest or 0) + number for number in range(1, count + 1)]


def _line(
    line_id: int,
    conversation_id: int,
    role: Role,
    text: str,
    shown: dict[str, Any] | None,
    now: datetime,
) -> dict[str, Any]:
    """A message row's values; every row of one INSERT names the same columns."""
    return {
        "id": line_id,
        "conversation_id": conversation_id,
        "role": role,
        "text": text,
        "client_message_id": None,
        "response": shown,
        "intent": None,
        "confidence": None,
        "fallback": False,
        "created_at": now,
        "margin": None,
    }
