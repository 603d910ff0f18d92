"""The live handoff through the API and the Live page: request, claim, reply, hand back, close."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from consultbot.storage.models import (
    Channel,
    Conversation,
    LiveChat,
    LiveStatus,
    Message,
    OutboxItem,
    Role,
    StaffRole,
    User,
)
from tests.web.dashboard.conftest import Staff, csrf_token, log_in

ASK_FOR_A_PERSON = "let me talk to a person"


def open_chat(client: FlaskClient) -> tuple[str, dict[str, str]]:
    response = client.post("/api/v1/conversations", json={"page_url": "/compare/django-vs-fastapi"})
    assert response.status_code == 201
    body = response.get_json()
    return body["conversation_id"], {"Authorization": f"Bearer {body['token']}"}


def say(client: FlaskClient, conversation_id: str, auth: dict[str, str], text: str) -> Any:
    response = client.post(
        f"/api/v1/conversations/{conversation_id}/messages",
        json={"text": text, "client_message_id": str(uuid.uuid4())},
        headers=auth,
    )
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def events(client: FlaskClient, conversation_id: str, auth: dict[str, str], after: int = 0) -> Any:
    response = client.get(
        f"/api/v1/conversations/{conversation_id}/events?after={after}", headers=auth
    )
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def available(staff: Staff, name: str = "Ada") -> User:
    """A sales account, logged in, that set itself available on the Live page."""
    user = staff.log_in_as(StaffRole.SALES)
    token = csrf_token(staff.client, "/dashboard/live")
    response = staff.client.post(
        "/dashboard/live/availability",
        data={"display_name": name, "available": "y", "csrf_token": token},
    )
    assert response.status_code == 302
    return user


def chat_of(session: Session, public_id: str) -> LiveChat:
    session.expire_all()
    return session.scalars(
        sa.select(LiveChat)
        .join(Conversation, Conversation.id == LiveChat.conversation_id)
        .where(Conversation.public_id == public_id)
        .order_by(LiveChat.id.desc())
        .limit(1)
    ).one()


def act(client: FlaskClient, chat_id: int, action: str, **data: str) -> Any:
    token = csrf_token(client, "/dashboard/live")
    return client.post(
        f"/dashboard/live/{chat_id}/{action}",
        data={**data, "csrf_token": token},
        follow_redirects=True,
    )


@dataclass(frozen=True)
class Asked:
    """A visitor who asked for a person: their conversation, token and live chat."""

    conversation_id: str
    auth: dict[str, str]
    chat: LiveChat


def ask_for_a_person(client: FlaskClient, db_session: Session) -> Asked:
    conversation_id, auth = open_chat(client)
    say(client, conversation_id, auth, ASK_FOR_A_PERSON)
    return Asked(conversation_id, auth, chat_of(db_session, conversation_id))


@pytest.fixture
def claimed(client: FlaskClient, staff: Staff, db_session: Session) -> Asked:
    """Ada set herself available, a visitor asked for a person, and she claimed the chat."""
    available(staff, "Ada")
    asked = ask_for_a_person(client, db_session)
    act(client, asked.chat.id, "claim")
    return asked


def test_a_person_joins_replies_and_hands_back_to_the_assistant(
    client: FlaskClient, staff: Staff, db_session: Session
) -> None:
    available(staff)
    conversation_id, auth = open_chat(client)
    asked = say(client, conversation_id, auth, ASK_FOR_A_PERSON)
    assert asked["live"] == {"status": "waiting"}
    assert "bringing in one of our engineers" in asked["replies"][0]["text"]
    assert asked["state"] == "answering"  # no form: a person is coming
    # While waiting, the visitor's message is kept for the person and acknowledged, and a
    # question the assistant can answer is answered; nothing is started.
    waiting = say(client, conversation_id, auth, "We run Django 3.2 with 40 models")
    assert waiting["live"] == {"status": "waiting"} and waiting["state"] == "answering"
    assert [r["text"] for r in waiting["replies"]] == [
        "Got it, I'll pass that on to the engineer who joins you. Meanwhile I can answer "
        "questions about the frameworks."
    ]
    question = say(client, conversation_id, auth, "Which is faster?")
    assert "FastAPI wins" in question["replies"][0]["text"]
    assert question["live"] == {"status": "waiting"}
    again = say(client, conversation_id, auth, ASK_FOR_A_PERSON)
    assert again["live"] == {"status": "waiting"} and again["state"] == "answering"
    assert db_session.scalar(sa.select(sa.func.count()).select_from(LiveChat)) == 1

    page = client.get("/dashboard/live").get_data(as_text=True)
    assert "We run Django 3.2 with 40 models" in page and "Claim" in page
    assert (
        '<span class="count" data-live-count title="Visitors waiting for a person" >1</span>'
        in page
    )
    chat = chat_of(db_session, conversation_id)
    claimed = act(client, chat.id, "claim")
    assert "Held by Ada" in claimed.get_data(as_text=True)
    act(client, chat.id, "reply", text="Hi, I'm Ada. How many users do you have?")

    feed = events(client, conversation_id, auth)
    kinds = [(e["kind"], e["author"], e["text"]) for e in feed["events"]]
    assert kinds[1:] == [
        ("claimed", "Ada", "Ada has joined the chat."),
        ("staff_message", "Ada", "Hi, I'm Ada. How many users do you have?"),
    ]
    assert feed["live"] == {"status": "held"}
    assert [e["id"] for e in feed["events"]] == sorted(e["id"] for e in feed["events"])
    assert events(client, conversation_id, auth, feed["next_after"])["events"] == []
    held = say(client, conversation_id, auth, "About 2000 a day")
    assert held["replies"] == [] and held["live"] == {"status": "held"}

    act(client, chat.id, "hand-back")
    after = events(client, conversation_id, auth, feed["next_after"])
    assert [e["kind"] for e in after["events"]] == ["handed_back"]
    assert after["live"] == {"status": None}
    answered = say(client, conversation_id, auth, "Which is faster?")
    assert answered["replies"] and "live" not in answered

    transcript = client.get(f"/api/v1/conversations/{conversation_id}", headers=auth).get_json()
    staff_lines = [m for m in transcript["messages"] if m["role"] == "staff"]
    assert staff_lines == [
        {**staff_lines[0], "text": "Hi, I'm Ada. How many users do you have?", "author": "Ada"}
    ]
    assert transcript["live"]["status"] is None


def test_nobody_available_offers_the_form(client: FlaskClient, staff: Staff) -> None:
    staff.log_in_as(StaffRole.SALES)  # signed in, but never set available
    conversation_id, auth = open_chat(client)
    asked = say(client, conversation_id, auth, ASK_FOR_A_PERSON)
    assert "live" not in asked
    assert asked["replies"][0]["text"].startswith("None of our engineers is free")
    assert asked["state"] == "collecting"


def test_a_quote_request_starts_the_form_without_saying_nobody_is_free(
    client: FlaskClient, staff: Staff
) -> None:
    staff.log_in_as(StaffRole.SALES)  # nobody available
    conversation_id, auth = open_chat(client)
    asked = say(client, conversation_id, auth, "we need a quote")
    assert "live" not in asked and asked["state"] == "collecting"
    assert not any("is free" in reply["text"] for reply in asked["replies"])


def test_a_staff_member_who_left_the_page_stops_counting_as_available(
    client: FlaskClient, staff: Staff, db_session: Session
) -> None:
    user = available(staff)
    db_session.execute(
        sa.update(User)
        .where(User.id == user.id)
        .values(chat_seen_at=datetime.now(UTC) - timedelta(minutes=5))
    )
    db_session.commit()
    conversation_id, auth = open_chat(client)
    assert say(client, conversation_id, auth, ASK_FOR_A_PERSON)["state"] == "collecting"


def test_waiting_notifies_sales_by_email_and_webhook(
    make_app: Callable[..., Any], database_url: str, db_connection: Any, db_session: Session
) -> None:
    from consultbot.storage import db
    from tests.conftest import savepoint_sessions

    app = make_app(
        DATABASE_URL=database_url,
        SALES_EMAIL="sales@example.com",
        WEBHOOK_URL="https://hooks.example.com/in",
        WEBHOOK_SECRET="s" * 32,
    )
    app.extensions[db.EXTENSION] = db.Database(
        db.get_engine(app), savepoint_sessions(db_connection)
    )
    client = app.test_client()
    available(Staff(db_session, client))
    conversation_id, auth = open_chat(client)
    say(client, conversation_id, auth, "Which is faster?")
    say(client, conversation_id, auth, ASK_FOR_A_PERSON)
    db_session.expire_all()
    items = db_session.scalars(sa.select(OutboxItem).order_by(OutboxItem.channel)).all()
    assert [(item.channel, item.lead_id) for item in items] == [
        (Channel.EMAIL, None),
        (Channel.WEBHOOK, None),
    ]
    payload = items[0].payload
    assert payload["event"] == "conversation.waiting"
    assert payload["conversation_id"] == conversation_id
    assert {"role": "visitor", "text": "Which is faster?"} in payload["transcript"]


def test_an_unclaimed_wait_runs_out_and_the_visitor_is_offered_the_form(
    client: FlaskClient, staff: Staff, db_session: Session
) -> None:
    available(staff)
    conversation_id, auth = open_chat(client)
    say(client, conversation_id, auth, ASK_FOR_A_PERSON)
    db_session.execute(
        sa.update(LiveChat).values(deadline_at=datetime.now(UTC) - timedelta(seconds=1))
    )
    db_session.commit()
    feed = events(client, conversation_id, auth)
    timed_out = [e for e in feed["events"] if e["kind"] == "timed_out"]
    assert len(timed_out) == 1 and "none of our engineers could join" in timed_out[0]["text"]
    assert "book a call" not in timed_out[0]["text"]  # the site has no booking link
    assert timed_out[0]["quick_replies"] == ["Talk to an expert"]
    assert feed["live"] == {"status": None}
    # Polling again does not tell the visitor twice.
    again = events(client, conversation_id, auth)
    assert [e["kind"] for e in again["events"]].count("timed_out") == 1
    # Asking again goes to the form, without a second wait; the missed chat stays listed.
    assert say(client, conversation_id, auth, "Talk to an expert")["state"] == "collecting"
    assert chat_of(db_session, conversation_id).status is LiveStatus.MISSED
    assert "Nobody joined in time" in client.get("/dashboard/live").get_data(as_text=True)


def test_a_second_claim_is_refused_and_says_who_holds_the_chat(
    client: FlaskClient, staff: Staff, db_session: Session, claimed: Asked
) -> None:
    chat = claimed.chat
    other = staff.make(StaffRole.SALES)
    client.post("/dashboard/logout", data={"csrf_token": csrf_token(client, "/dashboard/live")})
    assert log_in(client, other.email) == 302
    refused = act(client, chat.id, "claim").get_data(as_text=True)
    assert "Ada has already taken this chat." in refused
    not_yours = act(client, chat.id, "reply", text="hello").get_data(as_text=True)
    assert "Ada holds this chat, not you." in not_yours
    db_session.expire_all()
    assert db_session.scalar(sa.select(sa.func.count()).where(Message.role == Role.STAFF)) == 0


def test_bad_staff_input_is_refused_and_changes_nothing(
    client: FlaskClient, db_session: Session, claimed: Asked
) -> None:
    chat = claimed.chat
    empty = act(client, chat.id, "reply", text="   ").get_data(as_text=True)
    assert "Write a reply before sending." in empty
    nul = act(client, chat.id, "reply", text="a\x00b").get_data(as_text=True)
    assert "NUL character" in nul
    long = act(client, chat.id, "reply", text="x" * 2001).get_data(as_text=True)
    assert "at most 2000 characters" in long
    no_token = client.post(f"/dashboard/live/{chat.id}/claim", data={})
    assert no_token.status_code in (302, 400)
    missing = act(client, 999999, "claim").get_data(as_text=True)
    assert "That chat no longer exists." in missing
    db_session.expire_all()
    assert db_session.scalar(sa.select(sa.func.count()).where(Message.role == Role.STAFF)) == 0
    no_name = client.post(
        "/dashboard/live/availability",
        data={
            "display_name": " ",
            "available": "y",
            "csrf_token": csrf_token(client, "/dashboard/live"),
        },
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Enter the name visitors will see" in no_name


def test_a_staff_name_and_reply_reach_the_visitor_without_bidi_controls(
    client: FlaskClient, staff: Staff, db_session: Session
) -> None:
    available(staff, name="<b>Ada</b> 😀 \u202eesreveR\u200b")
    asked = ask_for_a_person(client, db_session)
    act(client, asked.chat.id, "claim")
    act(client, asked.chat.id, "reply", text="Hi \u2066there\u2069, I'm Ada 👩‍💻")
    feed = events(client, asked.conversation_id, asked.auth)
    kinds = [(e["kind"], e["author"], e["text"]) for e in feed["events"]]
    assert kinds[1:] == [
        ("claimed", "<b>Ada</b> 😀 esreveR", "<b>Ada</b> 😀 esreveR has joined the chat."),
        ("staff_message", "<b>Ada</b> 😀 esreveR", "Hi there, I'm Ada 👩‍💻"),  # the ZWJ is kept
    ]
    # A name of nothing but such characters is no name.
    token = csrf_token(client, "/dashboard/live")
    only_controls = client.post(
        "/dashboard/live/availability",
        data={"display_name": "\u202e\u200b ", "available": "y", "csrf_token": token},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Enter the name visitors will see" in only_controls


def test_the_live_page_is_for_sales(client: FlaskClient, staff: Staff) -> None:
    staff.log_in_as(StaffRole.EDITOR)
    assert client.get("/dashboard/live").status_code == 403


def test_the_lead_page_shows_the_live_chat_with_who_wrote_each_line(
    client: FlaskClient, db_session: Session, claimed: Asked
) -> None:
    from consultbot.storage.models import Lead
    from tests.web.test_api import LEAD

    chat, conversation_id, auth = claimed.chat, claimed.conversation_id, claimed.auth
    act(client, chat.id, "reply", text="Ada here: happy to help with the migration.")
    act(client, chat.id, "hand-back")
    client.post(
        "/dashboard/live/availability",
        data={"display_name": "Ada", "csrf_token": csrf_token(client, "/dashboard/live")},
    )
    for text in LEAD:
        answer = say(client, conversation_id, auth, text)
    assert answer["state"] == "done"
    db_session.expire_all()
    lead = db_session.scalars(sa.select(Lead)).one()
    page = client.get(f"/dashboard/leads/{lead.id}").get_data(as_text=True)
    assert "Live chat" in page
    assert '<span class="who">Ada</span><span class="text">Ada here: happy to help' in page
    # The submission's own transcript (up to the consent) names her too.
    assert page.count("Ada here: happy to help with the migration.") == 2


@pytest.mark.parametrize("field", ["body", "message"])
def test_a_reply_in_a_field_the_form_does_not_have_is_refused_with_a_message(
    client: FlaskClient, db_session: Session, claimed: Asked, field: str
) -> None:
    chat = claimed.chat
    token = csrf_token(client, "/dashboard/live")
    refused = client.post(
        f"/dashboard/live/{chat.id}/reply",
        data={field: "hello", "csrf_token": token},
        follow_redirects=True,
    )
    assert "Write a reply before sending." in refused.get_data(as_text=True)
    db_session.expire_all()
    assert db_session.scalar(sa.select(sa.func.count()).where(Message.role == Role.STAFF)) == 0
