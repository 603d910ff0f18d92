"""Spam protection that costs a visitor nothing: the honeypot and the timing of the form."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection

from consultbot.storage.db import get_engine
from consultbot.storage.models import (
    Lead,
    LeadStatus,
    LeadStatusChange,
    LeadSubmission,
    OutboxItem,
)
from tests.web.test_api import LEAD, Widget, count

WEBHOOK = {"WEBHOOK_URL": "http://127.0.0.1:9/hook", "WEBHOOK_SECRET": "s" * 32}


def say_with(client: FlaskClient, widget: Widget, text: str, **extra: object) -> int:
    return client.post(
        f"/api/v1/conversations/{widget.id}/messages",
        json={"text": text, "client_message_id": str(uuid.uuid4()), **extra},
        headers=widget.headers,
    ).status_code


def test_a_person_s_lead_is_new_and_notified(
    make_app: Callable[..., Flask], migrated_database_url: str
) -> None:
    app = make_app(DATABASE_URL=migrated_database_url, DELIVER_IN_PROCESS="0", **WEBHOOK)
    client = app.test_client()
    widget = Widget(client)
    for text in LEAD:
        assert say_with(client, widget, text, website="") == 200
    with get_engine(app).connect() as connection:
        lead = connection.execute(sa.select(Lead)).one()
        submission = connection.execute(sa.select(LeadSubmission)).one()
        assert (lead.status, lead.is_spam) == (LeadStatus.NEW, False)
        assert (submission.is_spam, submission.spam_reasons) == (False, [])
        assert count(connection, OutboxItem) == 1


def test_a_filled_honeypot_marks_the_lead_as_spam_and_sends_nothing(
    make_app: Callable[..., Flask], migrated_database_url: str
) -> None:
    app = make_app(DATABASE_URL=migrated_database_url, DELIVER_IN_PROCESS="0", **WEBHOOK)
    client = app.test_client()
    widget = Widget(client)
    assert say_with(client, widget, "which is faster?", website="http://spam.example") == 200
    for text in LEAD:
        assert say_with(client, widget, text) == 200
    with get_engine(app).connect() as connection:
        lead = connection.execute(sa.select(Lead)).one()  # kept, never dropped
        submission = connection.execute(sa.select(LeadSubmission)).one()
        assert lead.status == LeadStatus.SPAM and lead.is_spam
        assert submission.is_spam
        assert submission.spam_reasons == ["the hidden honeypot field was filled in"]
        history = connection.execute(sa.select(LeadStatusChange)).one()
        assert (history.from_status, history.to_status, history.user_id) == (
            None,
            LeadStatus.SPAM,
            None,
        )
        assert history.rule == "spam check on the first submission"
        assert count(connection, OutboxItem) == 0


def test_a_form_finished_faster_than_a_person_types_is_spam(
    make_app: Callable[..., Flask], migrated_database_url: str
) -> None:
    app = make_app(DATABASE_URL=migrated_database_url, SPAM_MIN_FORM_SECONDS=600)
    client = app.test_client()
    widget = Widget(client)
    for text in LEAD:
        widget.say(text)
    with get_engine(app).connect() as connection:
        lead = connection.execute(sa.select(Lead)).one()
        submission = connection.execute(sa.select(LeadSubmission)).one()
    assert lead.status == LeadStatus.SPAM
    [reason] = submission.spam_reasons
    assert (
        reason.startswith("the form was finished ") and "(a person takes at least 600 s)" in reason
    )


def test_a_honeypot_that_is_not_text_is_refused_and_changes_nothing(
    db_connection: Connection, client: FlaskClient
) -> None:
    widget = Widget(client)
    before = client.get(f"/api/v1/conversations/{widget.id}", headers=widget.headers).get_json()
    response = client.post(
        f"/api/v1/conversations/{widget.id}/messages",
        json={"text": "hello", "client_message_id": str(uuid.uuid4()), "website": {"a": 1}},
        headers=widget.headers,
    )
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {"website": "invalid"}
    after = client.get(f"/api/v1/conversations/{widget.id}", headers=widget.headers).get_json()
    assert after == before


def test_sales_sees_why_a_lead_was_marked(
    make_app: Callable[..., Flask], migrated_database_url: str
) -> None:
    from consultbot.accounts import hash_password
    from consultbot.storage.db import open_session
    from consultbot.storage.models import StaffRole
    from tests.storage.factories import make_lead, make_submission, make_user
    from tests.web.dashboard.conftest import PASSWORD, log_in

    app = make_app(DATABASE_URL=migrated_database_url)
    with open_session(app) as session:
        user = make_user(session, role=StaffRole.SALES, password_hash=hash_password(PASSWORD))
        lead = make_lead(session, status=LeadStatus.SPAM, is_spam=True)
        make_submission(
            session, lead, is_spam=True, spam_reasons=["the hidden honeypot field was filled in"]
        )
        session.commit()
        email, lead_id = user.email, lead.id
    client = app.test_client()
    assert log_in(client, email) == 302
    text = client.get(f"/dashboard/leads/{lead_id}").get_data(as_text=True)
    assert "This lead is marked as spam" in text and "Marked as spam:" in text
    assert "the hidden honeypot field was filled in" in text


@pytest.mark.parametrize(
    ("settings", "said", "not_said"),
    [
        # Spam with a channel configured: nothing was sent because it is spam.
        ({"SPAM_MIN_FORM_SECONDS": 600, **WEBHOOK}, "Not sent: marked as spam.", "No notification"),
        # A person's lead with no channel configured: that is why nothing was sent.
        ({}, "No notification channel was configured", "Not sent: marked as spam"),
        # A person's lead with a channel: the delivery is listed.
        (WEBHOOK, "delivery-pending", "Not sent"),
    ],
)
def test_the_lead_page_says_why_no_notification_was_sent(
    make_app: Callable[..., Flask],
    migrated_database_url: str,
    settings: dict[str, object],
    said: str,
    not_said: str,
) -> None:
    from consultbot.accounts import hash_password
    from consultbot.storage.db import open_session
    from consultbot.storage.models import StaffRole
    from tests.storage.factories import make_user
    from tests.web.dashboard.conftest import PASSWORD, log_in

    app = make_app(DATABASE_URL=migrated_database_url, DELIVER_IN_PROCESS="0", **settings)
    client = app.test_client()
    widget = Widget(client)
    for text in LEAD:
        widget.say(text)
    with open_session(app) as session:
        user = make_user(session, role=StaffRole.SALES, password_hash=hash_password(PASSWORD))
        lead_id = session.scalars(sa.select(Lead.id)).one()
        session.commit()
        email = user.email
    staff = app.test_client()
    assert log_in(staff, email) == 302
    text = staff.get(f"/dashboard/leads/{lead_id}").get_data(as_text=True)
    notifications = text.split("<h2>Notifications</h2>", 1)[1].split("<h2>", 1)[0]
    assert said in notifications and not_said not in notifications
