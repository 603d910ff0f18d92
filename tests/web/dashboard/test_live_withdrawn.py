"""A visitor who says goodbye or stops waiting before anyone joins withdraws the request."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from consultbot.dialogue.handoff import LEFT, STOP_WAITING, STOPPED
from consultbot.storage import live_board
from consultbot.storage.models import LiveStatus
from tests.web.dashboard.conftest import Staff
from tests.web.dashboard.test_live import (
    ASK_FOR_A_PERSON,
    act,
    available,
    chat_of,
    open_chat,
    say,
)


def test_a_goodbye_while_waiting_ends_the_wait_and_shows_staff_the_visitor_left(
    client: FlaskClient, staff: Staff, db_session: Session
) -> None:
    available(staff)
    conversation_id, auth = open_chat(client)
    asked = say(client, conversation_id, auth, ASK_FOR_A_PERSON)
    assert asked["replies"][0]["quick_replies"] == [STOP_WAITING]
    waiting = say(client, conversation_id, auth, "What does a migration cost?")
    # "Small", "Medium"... would be taken as notes for the person while one is awaited.
    assert waiting["replies"][-1]["quick_replies"] == [STOP_WAITING]
    left = say(client, conversation_id, auth, "bye")
    assert "live" not in left
    assert [r["text"] for r in left["replies"]] == [LEFT]
    chat = chat_of(db_session, conversation_id)
    assert chat.status is LiveStatus.WITHDRAWN and chat.ended_at is not None
    page = client.get("/dashboard/live").get_data(as_text=True)
    assert "The visitor left before anyone joined" in page
    assert live_board.count_waiting(db_session) == 0
    # A claim that comes too late says why, and changes nothing.
    refused = act(client, chat.id, "claim").get_data(as_text=True)
    assert "The visitor left or stopped waiting before anyone joined." in refused
    assert chat_of(db_session, conversation_id).status is LiveStatus.WITHDRAWN
    # The wait is over: leaving details starts the form at once.
    assert say(client, conversation_id, auth, "Talk to an expert")["state"] == "collecting"


def test_stop_waiting_ends_the_wait_and_the_assistant_answers_again(
    client: FlaskClient, staff: Staff, db_session: Session
) -> None:
    available(staff)
    conversation_id, auth = open_chat(client)
    say(client, conversation_id, auth, ASK_FOR_A_PERSON)
    stopped = say(client, conversation_id, auth, STOP_WAITING)
    assert stopped["replies"][0]["text"] == STOPPED and "live" not in stopped
    assert chat_of(db_session, conversation_id).status is LiveStatus.WITHDRAWN
    answered = say(client, conversation_id, auth, "Medium")
    assert answered["meta"]["intent"] == "django-vs-fastapi/tier/medium"


def test_a_goodbye_to_a_person_who_already_joined_leaves_the_chat_with_them(
    client: FlaskClient, staff: Staff, db_session: Session
) -> None:
    available(staff)
    conversation_id, auth = open_chat(client)
    say(client, conversation_id, auth, ASK_FOR_A_PERSON)
    chat = chat_of(db_session, conversation_id)
    act(client, chat.id, "claim")
    held = say(client, conversation_id, auth, "bye")
    assert held["replies"] == [] and held["live"] == {"status": "held"}
    assert chat_of(db_session, conversation_id).status is LiveStatus.HELD
