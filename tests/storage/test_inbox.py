"""The inbox's signals (disliked, low margin, asked again), their groups, and editors' changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from consultbot.storage import inbox
from consultbot.storage.inbox import (
    LOW_MARGIN,
    REPHRASED,
    THUMBS_DOWN,
    WORDING_CHARS,
    Signal,
)
from consultbot.storage.models import (
    Conversation,
    EditAction,
    Feedback,
    InboxList,
    InboxResolution,
    KnowledgeEdit,
    Message,
    Role,
)
from tests.storage.factories import make_conversation, make_message, make_user

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
SINCE = NOW - timedelta(days=7)


def ask(
    session: Session, chat: Conversation, text: str, at: datetime = NOW, **fields: object
) -> Message:
    """A visitor's question answered with ``intent`` (and its reply in ``response``)."""
    values: dict[str, object] = {
        "intent": "faq/speed",
        "response": {"replies": [{"text": f"answer to {text}"}]},
        **fields,
    }
    return make_message(session, chat, text=text, created_at=at, **values)


def answer(
    session: Session, chat: Conversation, text: str, at: datetime = NOW, **fields: object
) -> Message:
    return make_message(
        session, chat, role=Role.ASSISTANT, text=text, client_message_id=None, created_at=at,
        **fields,
    )  # fmt: skip


def resolve(session: Session, wording: str, at: datetime) -> None:
    """Record that an editor dismissed ``wording`` at ``at``."""
    user = make_user(session)
    edit = inbox.record_edit(
        session, user.id, user.email, InboxList.DISLIKED, EditAction.DISMISS, [wording]
    )
    for resolution in session.scalars(
        sa.select(InboxResolution).where(InboxResolution.edit_id == edit.id)
    ):
        resolution.resolved_at = at
    session.flush()


def test_a_thumbs_down_is_listed_with_the_question_before_it(db_session: Session) -> None:
    chat = make_conversation(db_session)
    ask(db_session, chat, "which one is faster")
    answer(db_session, chat, "Django.", feedback=Feedback.DOWN, feedback_comment="wrong framework")
    assert inbox.disliked(db_session, SINCE) == [
        Signal(
            "which one is faster", "Django.", THUMBS_DOWN, "faq/speed", "wrong framework",
            conversation_id=chat.id,
        )
    ]  # fmt: skip


def test_thumbs_up_old_and_resolved_answers_are_not_disliked(db_session: Session) -> None:
    chat = make_conversation(db_session)
    ask(db_session, chat, "liked question")
    answer(db_session, chat, "Good answer.", feedback=Feedback.UP)
    ask(db_session, chat, "old question", NOW - timedelta(days=30))
    answer(db_session, chat, "Old answer.", NOW - timedelta(days=30), feedback=Feedback.DOWN)
    ask(db_session, chat, "fixed question", NOW - timedelta(hours=2))
    answer(db_session, chat, "Fixed answer.", NOW - timedelta(hours=2), feedback=Feedback.DOWN)
    resolve(db_session, "fixed question", NOW - timedelta(hours=1))
    assert inbox.disliked(db_session, SINCE) == []


def test_a_fixed_wording_asked_and_disliked_again_is_back(db_session: Session) -> None:
    chat = make_conversation(db_session)
    resolve(db_session, "fixed question", NOW - timedelta(hours=1))
    ask(db_session, chat, "fixed question", NOW)
    answer(db_session, chat, "Still wrong.", NOW, feedback=Feedback.DOWN)
    assert [s.answer for s in inbox.disliked(db_session, SINCE)] == ["Still wrong."]


def test_a_close_win_is_listed_and_a_clear_one_is_not(db_session: Session) -> None:
    chat = make_conversation(db_session)
    ask(db_session, chat, "close call", margin=0.02)
    ask(db_session, chat, "clear win", margin=0.5)
    ask(db_session, chat, "not understood", margin=0.01, fallback=True, intent=None)
    ask(db_session, chat, "old close call", NOW - timedelta(days=30), margin=0.01)
    [signal] = inbox.low_margin(db_session, SINCE, below=0.1)
    assert (signal.wording, signal.answer, signal.reason, signal.margin) == (
        "close call", "answer to close call", LOW_MARGIN, 0.02,
    )  # fmt: skip
    assert inbox.low_margin(db_session, SINCE, below=0.01) == []


def test_a_question_asked_again_in_other_words_soon_after_is_listed(db_session: Session) -> None:
    chat = make_conversation(db_session)
    ask(db_session, chat, "which framework is faster", NOW)
    ask(db_session, chat, "which framework is the faster one", NOW + timedelta(minutes=1))
    [signal] = inbox.rephrased(db_session, SINCE)
    assert (signal.wording, signal.reason, signal.conversation_id) == (
        "which framework is faster", REPHRASED, chat.id,
    )  # fmt: skip


def test_a_new_question_a_late_one_or_another_visitors_is_no_rephrasing(
    db_session: Session,
) -> None:
    chat, late, other = (make_conversation(db_session) for _ in range(3))
    ask(db_session, chat, "which framework is faster", NOW)
    ask(db_session, chat, "what about hosting costs", NOW + timedelta(minutes=1))
    ask(db_session, late, "which framework is faster", NOW)
    ask(db_session, late, "which framework is the faster one", NOW + timedelta(minutes=10))
    ask(db_session, other, "which framework is the faster one", NOW + timedelta(seconds=5))
    assert inbox.rephrased(db_session, SINCE) == []


def test_signals_group_by_wording_and_count_conversations_not_messages() -> None:
    signals = [
        Signal("which is faster", "Django.", THUMBS_DOWN, "faq/speed", "no", conversation_id=1),
        Signal("which is faster", "Django.", LOW_MARGIN, "faq/speed", conversation_id=1),
        Signal("which one is faster", "Flask.", THUMBS_DOWN, "faq/speed", conversation_id=2),
        Signal("pricing in yen", "", LOW_MARGIN, "faq/pricing", conversation_id=3),
    ]
    first, second = inbox.group_signals(signals)
    assert (first.count, set(first.members)) == (2, {"which is faster", "which one is faster"})
    assert first.answers == [("Django.", 1), ("Flask.", 1)]
    assert first.reasons == [(THUMBS_DOWN, 2), (LOW_MARGIN, 1)]
    assert (first.intents, first.comments) == (["faq/speed"], ["no"])
    assert (second.text, second.count, second.answers) == ("pricing in yen", 1, [])
    assert inbox.group_signals([]) == []


def test_one_conversation_repeating_itself_makes_a_group_of_one() -> None:
    signals = [Signal(f"hi {n}", "Hello.", LOW_MARGIN, conversation_id=7) for n in range(50)]
    groups = inbox.group_signals(signals)
    assert all(group.count == 1 for group in groups)


def test_an_edit_is_recorded_and_resolves_each_distinct_wording_once(db_session: Session) -> None:
    user = make_user(db_session, email="editor@example.com")
    long = "x" * (WORDING_CHARS + 50)
    edit = inbox.record_edit(
        db_session, user.id, user.email, InboxList.LIKELY_WRONG, EditAction.ALIAS,
        ["  ", "speed?", "speed?", long], item_id="faq/speed", phrase="quick",
    )  # fmt: skip
    assert (edit.wording, edit.item_id, edit.phrase, edit.user_email) == (
        "speed?", "faq/speed", "quick", "editor@example.com",
    )  # fmt: skip
    wordings = db_session.scalars(
        sa.select(InboxResolution.wording).where(InboxResolution.edit_id == edit.id)
    ).all()
    assert sorted(wordings) == sorted(["speed?", long[:WORDING_CHARS]])


def test_an_edit_of_only_blank_wordings_resolves_nothing(db_session: Session) -> None:
    user = make_user(db_session)
    edit = inbox.record_edit(
        db_session, user.id, user.email, InboxList.UNANSWERED, EditAction.DISMISS, [" ", ""]
    )
    assert edit.wording == ""
    assert db_session.scalars(sa.select(InboxResolution)).all() == []


def test_recent_edits_come_newest_first_up_to_the_limit(db_session: Session) -> None:
    user = make_user(db_session)
    for n in range(3):
        inbox.record_edit(
            db_session, user.id, user.email, InboxList.UNANSWERED, EditAction.DISMISS, [f"w{n}"]
        )
    assert [e.wording for e in inbox.recent_edits(db_session)] == ["w2", "w1", "w0"]
    assert [e.wording for e in inbox.recent_edits(db_session, limit=1)] == ["w2"]


def test_forgetting_an_address_removes_it_from_resolutions_and_the_log(
    db_session: Session,
) -> None:
    user = make_user(db_session)
    for wording in ("mail Ada@Example.com now", "ada_example.com", "do you sell pizza"):
        inbox.record_edit(
            db_session, user.id, user.email, InboxList.UNANSWERED, EditAction.DISMISS, [wording]
        )
    assert inbox.forget_wordings(db_session, "ada@example.com") == 2
    db_session.expire_all()
    assert sorted(db_session.scalars(sa.select(InboxResolution.wording))) == [
        "ada_example.com",
        "do you sell pizza",
    ]
    assert [
        e.wording for e in db_session.scalars(sa.select(KnowledgeEdit).order_by(KnowledgeEdit.id))
    ] == [
        inbox.FORGOTTEN,
        "ada_example.com",
        "do you sell pizza",
    ]
    assert inbox.forget_wordings(db_session, "nobody@example.com") == 0


def test_only_the_head_of_a_wording_is_kept() -> None:
    assert inbox.head("y" * (WORDING_CHARS + 1)) == "y" * WORDING_CHARS
    assert inbox.head("short") == "short"
