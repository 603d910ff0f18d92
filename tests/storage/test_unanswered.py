"""Messages that fell back are counted by wording in the database, most frequent first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from consultbot.storage import unanswered
from consultbot.storage.models import (
    Conversation,
    EditAction,
    InboxList,
    InboxResolution,
    KnowledgeEdit,
    Role,
)
from consultbot.storage.unanswered import HEAD_CHARS, Unanswered
from tests.storage.factories import make_conversation, make_message

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
SINCE = NOW - timedelta(days=7)


def fell_back(session: Session, conversation: Conversation, text: str, at: datetime = NOW) -> None:
    make_message(session, conversation, text=text, fallback=True, created_at=at)


def test_fallbacks_are_counted_by_wording_most_frequent_first(db_session: Session) -> None:
    chat = make_conversation(db_session)
    for text in ("do you do rust", "pricing in yen", "do you do rust", "do you do rust"):
        fell_back(db_session, chat, text)
    fell_back(db_session, chat, "pricing in yen", NOW - timedelta(minutes=1))
    fell_back(db_session, chat, "elixir?")
    assert unanswered.count_unanswered(db_session, SINCE) == Unanswered(
        total=6,
        distinct=3,
        wordings=[("do you do rust", 3), ("pricing in yen", 2), ("elixir?", 1)],
    )


def test_answered_old_and_assistant_lines_are_not_counted(db_session: Session) -> None:
    chat = make_conversation(db_session)
    make_message(db_session, chat, text="which is faster", fallback=False, created_at=NOW)
    fell_back(db_session, chat, "asked last month", NOW - timedelta(days=30))
    make_message(
        db_session, chat, role=Role.ASSISTANT, text="sorry?", fallback=True, client_message_id=None
    )
    assert unanswered.count_unanswered(db_session, SINCE) == Unanswered(0, 0, [])


def test_the_limit_keeps_the_totals_of_every_wording(db_session: Session) -> None:
    chat = make_conversation(db_session)
    for n in range(5):
        for _ in range(n + 1):
            fell_back(db_session, chat, f"wording {n}")
    result = unanswered.count_unanswered(db_session, SINCE, limit=2)
    assert (result.total, result.distinct) == (15, 5)
    assert result.wordings == [("wording 4", 5), ("wording 3", 4)]


def test_long_messages_are_grouped_by_their_head(db_session: Session) -> None:
    chat = make_conversation(db_session)
    start = "x" * HEAD_CHARS
    fell_back(db_session, chat, start + " and one ending")
    fell_back(db_session, chat, start + " and another")
    assert unanswered.count_unanswered(db_session, SINCE).wordings == [(start, 2)]


def test_a_resolved_wording_is_left_out_until_asked_again(db_session: Session) -> None:
    chat = make_conversation(db_session)
    fell_back(db_session, chat, "do you do rust", NOW - timedelta(hours=2))
    fell_back(db_session, chat, "elixir?", NOW - timedelta(hours=2))
    edit = KnowledgeEdit(
        action=EditAction.DISMISS,
        inbox=InboxList.UNANSWERED,
        wording="do you do rust",
        user_email="editor@example.com",
    )
    db_session.add(edit)
    db_session.flush()
    db_session.add(
        InboxResolution(
            edit_id=edit.id,
            inbox=InboxList.UNANSWERED,
            wording="do you do rust",
            resolved_at=NOW - timedelta(hours=1),
        )
    )
    db_session.flush()
    assert unanswered.count_unanswered(db_session, SINCE).wordings == [("elixir?", 1)]
    fell_back(db_session, chat, "do you do rust", NOW)
    assert unanswered.count_unanswered(db_session, SINCE).wordings == [
        ("do you do rust", 1),
        ("elixir?", 1),
    ]
