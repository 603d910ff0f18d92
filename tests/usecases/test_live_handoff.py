"""The message path's side of a live chat: hold lines for a person, bring one in, or not."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from consultbot.dialogue.handoff import LEAVE_DETAILS, STOP_WAITING
from consultbot.dialogue.replies import PersonRequested, Reply, StepResult, WaitWithdrawn
from consultbot.dialogue.state import ConversationState, Mode
from consultbot.knowledge.schema import KnowledgeBase
from consultbot.storage import live
from consultbot.storage.models import (
    Channel,
    Conversation,
    ConversationEvent,
    EventKind,
    LiveChat,
    LiveStatus,
    Message,
    OutboxItem,
    Role,
    utcnow,
)
from consultbot.usecases import live_handoff
from tests.storage.factories import make_conversation, make_user

FORM_STARTED = StepResult(
    (Reply("Happy to connect you. What is your name?"),),
    ConversationState(mode=Mode.COLLECTING),
    (PersonRequested("asked for a person"),),
)
ANSWERED = StepResult((Reply("FastAPI is faster."),), ConversationState())


def ask_for_person(
    session: Session, conversation: Conversation, kb: KnowledgeBase, **changes: object
) -> LiveChat:
    chat = live.request_person(
        session, conversation, kb.site.live_chat, "asked for a person", utcnow()
    )
    for name, value in changes.items():
        setattr(chat, name, value)
    session.flush()
    return chat


def status_of(session: Session, chat: LiveChat) -> LiveStatus:
    """The chat's status as stored now."""
    session.refresh(chat)
    return chat.status


def available_staff(session: Session) -> None:
    make_user(session, chat_available=True, chat_seen_at=utcnow())


def events_of(session: Session, conversation: Conversation) -> list[tuple[EventKind, str]]:
    rows = session.execute(
        sa.select(ConversationEvent.kind, ConversationEvent.text)
        .where(ConversationEvent.conversation_id == conversation.id)
        .order_by(ConversationEvent.id)
    )
    return [(kind, text) for kind, text in rows]


def test_a_visitor_whose_wait_ran_out_is_told_so_and_offered_the_form(kb: KnowledgeBase) -> None:
    outcome = live_handoff.timeout_outcome(kb)
    assert outcome.text.startswith(kb.site.live_chat.timed_out)
    assert outcome.quick_replies == (LEAVE_DETAILS,)


def test_the_live_status_is_the_open_chats(db_session: Session, kb: KnowledgeBase) -> None:
    conversation = make_conversation(db_session)
    assert live_handoff.live_status(db_session, conversation) is None
    chat = ask_for_person(db_session, conversation, kb)
    assert live_handoff.live_status(db_session, conversation) == "waiting"
    assert live_handoff.waiting_for_person(db_session, conversation)
    chat.status = LiveStatus.HELD
    db_session.flush()
    assert live_handoff.live_status(db_session, conversation) == "held"
    assert not live_handoff.waiting_for_person(db_session, conversation)
    chat.status = LiveStatus.CLOSED
    db_session.flush()
    assert live_handoff.live_status(db_session, conversation) is None
    assert not live_handoff.waiting_for_person(db_session, conversation)


def test_a_message_with_no_person_involved_is_left_to_the_assistant(
    db_session: Session, kb: KnowledgeBase
) -> None:
    conversation = make_conversation(db_session)
    held = live_handoff.hold_for_person(db_session, conversation, "hi", "m-1", kb)
    assert held is None
    assert db_session.scalars(sa.select(Message)).all() == []


def test_a_message_while_a_person_is_awaited_is_left_to_the_assistant(
    db_session: Session, kb: KnowledgeBase
) -> None:
    conversation = make_conversation(db_session)
    chat = ask_for_person(db_session, conversation, kb)
    assert live_handoff.hold_for_person(db_session, conversation, "hi", "m-1", kb) is None
    assert chat.status is LiveStatus.WAITING
    assert db_session.scalars(sa.select(Message)).all() == []


def test_a_message_after_the_wait_ran_out_ends_it_and_tells_the_visitor(
    db_session: Session, kb: KnowledgeBase
) -> None:
    conversation = make_conversation(db_session)
    chat = ask_for_person(db_session, conversation, kb, deadline_at=utcnow() - timedelta(seconds=1))
    assert live_handoff.hold_for_person(db_session, conversation, "hi", "m-1", kb) is None
    db_session.refresh(chat)
    assert chat.status is LiveStatus.MISSED and chat.ended_at is not None
    assert events_of(db_session, conversation)[-1] == (
        EventKind.TIMED_OUT,
        live_handoff.timeout_outcome(kb).text,
    )


def test_a_message_while_a_person_holds_the_chat_is_stored_for_them_unanswered(
    db_session: Session, kb: KnowledgeBase
) -> None:
    state = ConversationState(mode=Mode.COLLECTING)
    conversation = make_conversation(db_session, state=state.to_json(), message_count=3)
    before = conversation.last_activity_at
    ask_for_person(db_session, conversation, kb, status=LiveStatus.HELD)
    response = live_handoff.hold_for_person(
        db_session, conversation, "we run Django 3.2", "m-1", kb
    )
    assert response == {
        "replies": [],
        "state": "collecting",
        "meta": {"intent": None, "confidence": 0.0, "fallback": False},
        "live": {"status": "held"},
    }
    db_session.flush()
    [line] = db_session.scalars(sa.select(Message)).all()
    assert (line.role, line.text, line.client_message_id) == (
        Role.VISITOR,
        "we run Django 3.2",
        "m-1",
    )
    assert line.response == response
    assert conversation.message_count == 4
    assert conversation.last_activity_at >= before


def test_a_goodbye_while_waiting_withdraws_the_wait(db_session: Session, kb: KnowledgeBase) -> None:
    conversation = make_conversation(db_session)
    chat = ask_for_person(db_session, conversation, kb)
    goodbye = StepResult((Reply("Goodbye!"),), ConversationState(), (WaitWithdrawn("bye"),))
    assert not live_handoff.withdraw_wait(db_session, conversation, ANSWERED)
    assert status_of(db_session, chat) is LiveStatus.WAITING
    assert live_handoff.withdraw_wait(db_session, conversation, goodbye)
    assert status_of(db_session, chat) is LiveStatus.WITHDRAWN
    # Nothing is left to withdraw.
    assert not live_handoff.withdraw_wait(db_session, conversation, goodbye)


def test_a_step_that_asks_for_nobody_is_kept(db_session: Session, kb: KnowledgeBase) -> None:
    conversation = make_conversation(db_session)
    available_staff(db_session)
    settled = live_handoff.settle_request(
        db_session, conversation, ConversationState(), ANSWERED, kb
    )
    assert settled == (ANSWERED, None)


def test_a_person_is_brought_in_when_someone_is_available(
    db_session: Session, kb: KnowledgeBase
) -> None:
    conversation = make_conversation(db_session)
    available_staff(db_session)
    before = ConversationState()
    result, reason = live_handoff.settle_request(db_session, conversation, before, FORM_STARTED, kb)
    assert reason == "asked for a person"
    assert [(r.text, r.quick_replies) for r in result.replies] == [
        (kb.site.live_chat.bringing_in, (STOP_WAITING,))
    ]
    # The form is not started: the state stays as it was before the message.
    assert result.state.mode is Mode.ANSWERING


def test_with_nobody_available_the_visitor_is_told_and_the_form_starts(
    db_session: Session, kb: KnowledgeBase
) -> None:
    conversation = make_conversation(db_session)
    make_user(db_session, chat_available=True, chat_seen_at=utcnow() - timedelta(hours=1))
    result, reason = live_handoff.settle_request(
        db_session, conversation, ConversationState(), FORM_STARTED, kb
    )
    assert reason is None
    assert result.replies[0].text.startswith(kb.site.live_chat.nobody_available)
    assert result.replies[1:] == FORM_STARTED.replies
    assert result.state.mode is Mode.COLLECTING


def test_a_visitor_whose_earlier_wait_went_unanswered_goes_straight_to_the_form(
    db_session: Session, kb: KnowledgeBase
) -> None:
    conversation = make_conversation(db_session)
    available_staff(db_session)
    ask_for_person(db_session, conversation, kb, status=LiveStatus.MISSED)
    settled = live_handoff.settle_request(
        db_session, conversation, ConversationState(), FORM_STARTED, kb
    )
    assert settled == (FORM_STARTED, None)


def test_opening_a_live_chat_queues_it_tells_the_widget_and_notifies_staff(
    db_session: Session, kb: KnowledgeBase
) -> None:
    conversation = make_conversation(db_session)
    live_handoff.open_live_chat(
        db_session, conversation, "asked for a person", kb, (Channel.EMAIL, Channel.WEBHOOK)
    )
    db_session.flush()
    [chat] = db_session.scalars(sa.select(LiveChat)).all()
    assert (chat.conversation_id, chat.status, chat.reason) == (
        conversation.id,
        LiveStatus.WAITING,
        "asked for a person",
    )
    assert chat.deadline_at - chat.requested_at == timedelta(seconds=kb.site.live_chat.wait_seconds)
    assert events_of(db_session, conversation) == [
        (EventKind.WAITING, kb.site.live_chat.bringing_in)
    ]
    channels = db_session.scalars(sa.select(OutboxItem.channel).order_by(OutboxItem.id)).all()
    assert channels == [Channel.EMAIL, Channel.WEBHOOK]
