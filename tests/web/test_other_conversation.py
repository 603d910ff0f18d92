"""A submission from another conversation with a lead's address never replaces what sales see.

The tester's report, item 1: anyone who knows an address could overwrite a lead's shown answers
and lower its score. Through HTTP on SQLite and PostgreSQL, as the visitors and sales use it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from consultbot.accounts import hash_password
from consultbot.notify.mail import ANOTHER_CONVERSATION, build_email
from consultbot.storage.db import get_engine, open_session
from consultbot.storage.models import Lead, LeadSubmission, OutboxItem, StaffRole
from tests.storage.factories import make_user
from tests.web.dashboard.conftest import PASSWORD, log_in
from tests.web.test_api import Widget
from tests.web.test_submissions import UNLIMITED, WEBHOOK, complete

ADA = ["can you build this for us", "Ada Lovelace", "ada.lovelace@example.com",
       "Analytical Engines Ltd", "a migration", "Django", "large", "in 6 weeks", "$150k",
       "skip"]  # fmt: skip
EVE = ["can you build this for us", "Eve Dup", "Ada.Lovelace@Example.com", "skip",
       "a new build", "django", "small", "next year", "skip", "skip"]  # fmt: skip


def the_lead(app: Flask) -> dict[str, Any]:
    with get_engine(app).connect() as connection:
        [lead] = connection.execute(sa.select(Lead)).all()
        count = connection.scalar(sa.select(sa.func.count()).select_from(LeadSubmission))
    return {**lead._asdict(), "stored": count}


def sales_client(app: Flask) -> FlaskClient:
    with open_session(app) as session:
        user = make_user(session, role=StaffRole.SALES, password_hash=hash_password(PASSWORD))
        session.commit()
        email = user.email
    client = app.test_client()
    assert log_in(client, email) == 302
    return client


def test_another_conversation_is_stored_flagged_and_never_shown_as_the_leads_answers(
    make_app: Callable[..., Flask], migrated_database_url: str
) -> None:
    app = make_app(
        DATABASE_URL=migrated_database_url, DELIVER_IN_PROCESS="0", **WEBHOOK, **UNLIMITED
    )
    client = app.test_client()
    complete(app, client, ADA, slow=True, honeypot=False)
    ada = the_lead(app)
    assert (ada["name"], ada["other_conversation_submissions"]) == ("Ada Lovelace", 0)

    complete(app, client, EVE, slow=True, honeypot=False)
    after = the_lead(app)
    assert after["stored"] == 2 and after["submission_count"] == 2  # nothing lost
    for column in ("name", "company", "project_kind", "size", "score", "score_reasons"):
        assert after[column] == ada[column], column
    assert after["other_conversation_submissions"] == 1

    sales = sales_client(app)
    listing = sales.get("/dashboard/leads").get_data(as_text=True)
    assert "Ada Lovelace" in listing and "Eve Dup" not in listing
    assert "1 from another conversation" in listing
    assert "Analytical" in sales.get("/dashboard/leads?q=Analytical").get_data(as_text=True)
    assert "Ada Lovelace" in sales.get("/dashboard/leads?q=Ada+Lovelace").get_data(as_text=True)
    exported = sales.get("/dashboard/leads.csv").get_data(as_text=True)
    [row] = list(csv.DictReader(io.StringIO(exported)))
    assert (row["name"], row["company"], row["score"]) == (
        "Ada Lovelace",
        "Analytical Engines Ltd",
        str(ada["score"]),
    )
    assert row["other_conversation_submissions"] == "1"
    page = sales.get(f"/dashboard/leads/{ada['id']}").get_data(as_text=True)
    assert ANOTHER_CONVERSATION in page
    assert "<dt>Name</dt><dd>Ada Lovelace</dd>" in page
    assert f'<span class="score">{ada["score"]}/100</span>' in page
    with get_engine(app).connect() as connection:
        last = connection.execute(sa.select(OutboxItem).order_by(OutboxItem.id.desc())).first()
    assert last is not None and last.payload["from_another_conversation"] is True
    email = build_email(last.payload, "bot@example.com", "sales@example.com", last.id)
    assert ANOTHER_CONVERSATION in email.get_content()


def test_a_correction_from_the_leads_own_conversation_still_updates_what_is_shown(
    make_app: Callable[..., Flask], migrated_database_url: str
) -> None:
    app = make_app(DATABASE_URL=migrated_database_url, **UNLIMITED)
    client = app.test_client()
    widget = Widget(client)
    complete(app, client, ADA, slow=True, honeypot=False, widget=widget)
    corrected = [*ADA]
    corrected[6] = "small"
    complete(app, client, corrected, slow=True, honeypot=False, widget=widget)
    lead = the_lead(app)
    assert (lead["size"], lead["submission_count"], lead["stored"]) == ("small", 2, 2)
    assert lead["other_conversation_submissions"] == 0
