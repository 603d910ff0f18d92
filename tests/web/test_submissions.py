"""One lead per person, a submission per completed form: nothing a visitor said is overwritten.

Everything here goes through HTTP on SQLite and PostgreSQL: the widget API for the visitors,
the dashboard's form for sales, and a real threaded server for concurrent completions.
"""

from __future__ import annotations

import csv
import io
import threading
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.serving import make_server

from consultbot.accounts import hash_password
from consultbot.notify.mail import build_email
from consultbot.storage.db import get_engine, open_session
from consultbot.storage.models import (
    Conversation,
    Lead,
    LeadStatus,
    LeadStatusChange,
    LeadSubmission,
    OutboxItem,
    StaffRole,
    utcnow,
)
from tests.storage.factories import make_user
from tests.web.dashboard.conftest import PASSWORD, csrf_token, log_in
from tests.web.test_api import Widget
from tests.web.test_concurrency import Served, call, open_conversation

WEBHOOK = {"WEBHOOK_URL": "http://127.0.0.1:9/hook", "WEBHOOK_SECRET": "s" * 32}
# Many forms from one test address: the rate limits have their own tests.
UNLIMITED = {"RATE_LIMITS": "0"}
HONEYPOT = "the hidden honeypot field was filled in"


def form(name: str, size: str = "medium", email: str = "ada@example.com") -> list[str]:
    """The messages that fill in the whole form, up to (not including) the consent."""
    return ["can you build this for us", name, email, "Acme", "a migration", "Django", size,
            "in 6 weeks", "$60k", "skip"]  # fmt: skip


def complete(
    app: Flask,
    client: FlaskClient,
    texts: list[str],
    slow: bool,
    honeypot: bool,
    widget: Widget | None = None,
) -> None:
    """Fill in the form (in a new conversation unless given one) and say yes; ``slow`` like a
    person types."""
    widget = widget or Widget(client)
    extra = {"website": "http://spam.example"} if honeypot else {}
    for text in texts:
        response = client.post(
            f"/api/v1/conversations/{widget.id}/messages",
            json={"text": text, "client_message_id": str(uuid.uuid4()), **extra},
            headers=widget.headers,
        )
        assert response.status_code == 200, response.get_json()
    if slow:
        # A person took ten minutes over the form: move its start back rather than wait.
        with get_engine(app).begin() as connection:
            connection.execute(
                sa.update(Conversation)
                .where(Conversation.public_id == widget.id)
                .values(lead_started_at=utcnow() - timedelta(minutes=10))
            )
    assert widget.say("yes")["state"] == "done"


def signed_in_sales(app: Flask) -> tuple[FlaskClient, int]:
    """A sales member's signed-in client, and the id of the one lead stored."""
    with open_session(app) as session:
        lead_id = session.scalars(sa.select(Lead.id)).one()
        user = make_user(session, role=StaffRole.SALES, password_hash=hash_password(PASSWORD))
        session.commit()
        email = user.email
    staff = app.test_client()
    assert log_in(staff, email) == 302
    return staff, lead_id


def lead_page(app: Flask) -> str:
    """The one lead's page, as sales see it."""
    staff, lead_id = signed_in_sales(app)
    return staff.get(f"/dashboard/leads/{lead_id}").get_data(as_text=True)


def snapshot(app: Flask) -> dict[str, Any]:
    """Read the leads, submissions, history and notifications as plain values."""
    with get_engine(app).connect() as connection:
        leads = [row._asdict() for row in connection.execute(sa.select(Lead).order_by(Lead.id))]
        submissions = [
            row._asdict()
            for row in connection.execute(sa.select(LeadSubmission).order_by(LeadSubmission.id))
        ]
        history = [
            (row.from_status, row.to_status, row.user_id is not None, row.rule)
            for row in connection.execute(sa.select(LeadStatusChange).order_by(LeadStatusChange.id))
        ]
        events = [
            row.payload["event"]
            for row in connection.execute(sa.select(OutboxItem).order_by(OutboxItem.id))
        ]
    return {"leads": leads, "submissions": submissions, "history": history, "events": events}


def change_status(app: Flask, lead_id: int, status: str) -> None:
    """Have a sales person change the lead's status through the dashboard's form."""
    with open_session(app) as session:
        user = make_user(session, role=StaffRole.SALES, password_hash=hash_password(PASSWORD))
        session.commit()
        email = user.email
    client = app.test_client()
    assert log_in(client, email) == 302
    token = csrf_token(client, f"/dashboard/leads/{lead_id}")
    response = client.post(
        f"/dashboard/leads/{lead_id}/status", data={"status": status, "csrf_token": token}
    )
    assert response.status_code == 302


def test_later_submissions_never_overwrite_the_first_nor_change_the_status(
    make_app: Callable[..., Flask], migrated_database_url: str
) -> None:
    app = make_app(
        DATABASE_URL=migrated_database_url,
        DELIVER_IN_PROCESS="0",
        SPAM_MIN_FORM_SECONDS=60,
        **WEBHOOK,
        **UNLIMITED,
    )
    client = app.test_client()
    ada = Widget(client)
    complete(app, client, form("Ada Lovelace"), slow=True, honeypot=False, widget=ada)
    first = snapshot(app)
    [lead] = first["leads"]
    assert (lead["status"], lead["submission_count"], lead["name"]) == ("new", 1, "Ada Lovelace")
    assert first["history"] == [(None, LeadStatus.NEW, False, "first submission")]
    assert first["events"] == ["lead.created"]
    change_status(app, lead["id"], "contacted")
    contacted = snapshot(app)
    assert contacted["history"][-1] == (LeadStatus.NEW, LeadStatus.CONTACTED, True, None)

    # The attack from the issue: someone who knows the address, fast, honeypot filled.
    complete(app, client, form("Attacker", "small", "ADA@example.com"), slow=False, honeypot=True)
    attacked = snapshot(app)
    assert attacked["submissions"][0] == first["submissions"][0]
    assert attacked["history"] == contacted["history"]
    [lead] = attacked["leads"]
    assert (lead["status"], lead["name"], lead["size"]) == ("contacted", "Ada Lovelace", "medium")
    spam = attacked["submissions"][1]
    assert spam["is_spam"] and spam["answers"]["name"] == "Attacker" and spam["number"] == 2
    assert HONEYPOT in spam["spam_reasons"][0] and len(spam["spam_reasons"]) == 2
    assert attacked["events"] == ["lead.created"]  # spam notifies no one

    # Fast without the honeypot: spam by timing alone, still no status change.
    complete(app, client, form("Ada", "small"), slow=False, honeypot=False)
    fast = snapshot(app)
    assert fast["submissions"][2]["is_spam"] and fast["leads"][0]["status"] == "contacted"

    # Slow with the honeypot: spam, nothing changes.
    complete(app, client, form("Ada", "small"), slow=True, honeypot=True)
    assert snapshot(app)["submissions"][3]["spam_reasons"] == [HONEYPOT]

    # A genuine new request in Ada's own conversation: a new submission, the status kept.
    complete(app, client, form("Ada Lovelace", "large"), slow=True, honeypot=False, widget=ada)
    final = snapshot(app)
    assert len(final["leads"]) == 1 and len(final["submissions"]) == 5
    assert final["submissions"][:4] == snapshot_before(final, fast, attacked)
    [lead] = final["leads"]
    assert (lead["status"], lead["size"], lead["submission_count"]) == ("contacted", "large", 5)
    assert final["history"] == contacted["history"]
    assert final["events"] == ["lead.created", "lead.submission_added"]
    with get_engine(app).connect() as connection:
        payload = connection.execute(
            sa.select(OutboxItem.payload).order_by(OutboxItem.id.desc()).limit(1)
        ).scalar_one()
    assert payload["new_lead"] is False and payload["submission_number"] == 5
    # Compared with what sales saw (the first, medium), not with the spam in between.
    assert {"id": "size", "question": "Size", "before": "Medium", "after": "Large"} in payload[
        "changes"
    ]
    assert {change["id"] for change in payload["changes"]} == {"size"}


def snapshot_before(final: dict[str, Any], *earlier: dict[str, Any]) -> list[dict[str, Any]]:
    """The first four submissions as they were first read: none of them changed since."""
    seen = {item["id"]: item for state in earlier for item in state["submissions"]}
    return [seen.get(item["id"], item) for item in final["submissions"][:4]]


def test_the_lead_page_shows_every_submission_what_changed_and_who_changed_the_status(
    make_app: Callable[..., Flask], migrated_database_url: str
) -> None:
    app = make_app(DATABASE_URL=migrated_database_url, **UNLIMITED)
    client = app.test_client()
    widget = Widget(client)
    complete(app, client, form("Ada Lovelace", "small"), slow=True, honeypot=False, widget=widget)
    complete(app, client, form("Ada Lovelace", "large"), slow=True, honeypot=False, widget=widget)
    staff, lead_id = signed_in_sales(app)
    page = staff.get(f"/dashboard/leads/{lead_id}").get_data(as_text=True)
    assert "Changed since the previous submission" in page
    assert "<del>Small</del> → <ins>Large</ins>" in page
    assert page.count('<details class="submission"') == 2
    assert "rule: first submission" in page
    assert "/100" in page and "<dt>Project</dt><dd>A migration</dd>" in page
    assert "can you build this for us" in page  # each submission keeps its transcript
    listing = staff.get("/dashboard/leads").get_data(as_text=True)
    assert "<td>A migration</td>" in listing and "<td>Large</td>" in listing
    exported = staff.get("/dashboard/leads.csv").get_data(as_text=True)
    [row] = list(csv.DictReader(io.StringIO(exported)))
    assert (row["project_kind"], row["size"], row["submission_count"]) == (
        "A migration",
        "Large",
        "2",
    )


def test_a_budget_and_timeline_below_the_tier_lower_the_score_and_sales_see_why(
    make_app: Callable[..., Flask], migrated_database_url: str
) -> None:
    app = make_app(DATABASE_URL=migrated_database_url, **UNLIMITED)
    client = app.test_client()
    complete(app, client, form("Ada Lovelace", "large"), slow=True, honeypot=False)
    staff, lead_id = signed_in_sales(app)
    page = staff.get(f"/dashboard/leads/{lead_id}").get_data(as_text=True)
    assert "55/100" in page
    assert "is below the cheapest large migration ($120K)" in page
    assert "is shorter than the quickest large migration (5 months)" in page
    assert '<span class="points">-20</span>' in page and '<span class="points">+40</span>' in page
    assert "read as 60,000" in page


def test_notifications_say_new_lead_or_new_submission_with_labels(
    make_app: Callable[..., Flask], migrated_database_url: str
) -> None:
    app = make_app(
        DATABASE_URL=migrated_database_url, DELIVER_IN_PROCESS="0", **WEBHOOK, **UNLIMITED
    )
    client = app.test_client()
    complete(app, client, form("Ada Lovelace", "small"), slow=True, honeypot=False)
    complete(app, client, form("Ada Lovelace", "large"), slow=True, honeypot=False)
    with get_engine(app).connect() as connection:
        first, second = connection.execute(
            sa.select(OutboxItem.id, OutboxItem.payload).order_by(OutboxItem.id)
        ).all()
    new = build_email(first.payload, "bot@example.com", "sales@example.com", first.id)
    again = build_email(second.payload, "bot@example.com", "sales@example.com", second.id)
    assert new["Subject"] == "[consultbot] new lead: Ada Lovelace (score 70/100)"
    # $60k in 6 weeks contradicts the large tier ($120K+, 5 months+): those points are taken back.
    assert again["Subject"] == (
        "[consultbot] new submission from an existing lead: Ada Lovelace (score 55/100)"
    )
    body = again.get_content()
    assert "Project: A migration" in body and "Size: Large" in body and "new-build" not in body
    assert "  - Size: Small -> Large" in body
    assert first.payload["answers"]["project_kind"] == "migration"  # ids for machines


def test_an_address_that_grows_when_lower_cased_is_stored_or_refused_never_a_500(
    make_app: Callable[..., Flask], migrated_database_url: str
) -> None:
    app = make_app(DATABASE_URL=migrated_database_url)
    client = app.test_client()
    address = "İ" * 64 + "@example.com"  # each İ lower-cases to two characters
    complete(app, client, form("Ada", email=address), slow=True, honeypot=False)
    with get_engine(app).connect() as connection:
        lead = connection.execute(sa.select(Lead)).one()
    assert lead.email == address and lead.email_key == address.casefold()
    widget = Widget(client)
    for text in form("Ada")[:2]:
        widget.say(text)
    reply = widget.say("İ" * 65 + "@example.com")
    assert "longer than 64 characters" in reply["replies"][0]["text"]


def test_a_full_width_look_alike_address_is_refused_and_never_a_second_lead(
    make_app: Callable[..., Flask], migrated_database_url: str
) -> None:
    app = make_app(DATABASE_URL=migrated_database_url, **UNLIMITED)
    client = app.test_client()
    complete(app, client, form("Ada Lovelace", email="ada.l@example.com"), slow=True,
             honeypot=False)  # fmt: skip
    widget = Widget(client)
    for text in form("Ada Lovelace")[:2]:
        widget.say(text)
    reply = widget.say("ａｄａ.l@example.com")
    assert "full-width" in reply["replies"][0]["text"]
    assert "What's your work email" in reply["replies"][0]["text"]
    with get_engine(app).connect() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(Lead)).scalar() == 1


@pytest.fixture
def served(make_app: Callable[..., Flask], migrated_database_url: str) -> Iterator[Served]:
    """Serve the app over real HTTP with a thread per request, on a database of its own."""
    app = make_app(
        DATABASE_URL=migrated_database_url, DELIVER_IN_PROCESS="0", **WEBHOOK, **UNLIMITED
    )
    http = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    yield Served(app, f"http://127.0.0.1:{http.server_port}")
    http.shutdown()
    http.server_close()


COMPLETIONS = 16


def test_sixteen_concurrent_completions_with_one_email_give_one_lead(served: Served) -> None:
    conversations = [open_conversation(served.base) for _ in range(COMPLETIONS)]

    def send(conversation: tuple[str, str], text: str) -> tuple[int, dict[str, Any]]:
        conversation_id, token = conversation
        url = f"{served.base}/api/v1/conversations/{conversation_id}/messages"
        return call(url, {"text": text, "client_message_id": str(uuid.uuid4())}, token)

    def fill(conversation: tuple[str, str]) -> None:
        for text in form("Ada"):
            status, body = send(conversation, text)
            assert status == 200, body

    with ThreadPoolExecutor(COMPLETIONS) as pool:
        list(pool.map(fill, conversations))
    start = threading.Barrier(COMPLETIONS)

    def consent(conversation: tuple[str, str]) -> tuple[int, dict[str, Any]]:
        start.wait()  # all sixteen say yes at the same moment
        return send(conversation, "yes")

    with ThreadPoolExecutor(COMPLETIONS) as pool:
        results = list(pool.map(consent, conversations))
    assert [status for status, _ in results] == [200] * COMPLETIONS
    assert {body["state"] for _, body in results} == {"done"}
    with get_engine(served.app).connect() as connection:

        def count(model: type, *where: Any) -> int:
            return (
                connection.scalar(sa.select(sa.func.count()).select_from(model).where(*where)) or 0
            )

        assert count(Lead) == 1
        assert count(LeadSubmission) == COMPLETIONS
        numbers = sorted(connection.scalars(sa.select(LeadSubmission.number)))
        assert numbers == list(range(1, COMPLETIONS + 1))
        assert connection.scalar(sa.select(Lead.submission_count)) == COMPLETIONS
        assert count(OutboxItem, OutboxItem.event.like("lead.created#%")) == 1
        assert count(OutboxItem, OutboxItem.event.like("lead.submission_added#%")) == 15
        assert count(LeadStatusChange) == 1


def test_a_correction_after_the_thanks_is_sent_as_a_second_submission_of_the_lead(
    make_app: Callable[..., Flask], migrated_database_url: str
) -> None:
    app = make_app(DATABASE_URL=migrated_database_url, DELIVER_IN_PROCESS="0", **UNLIMITED)
    client = app.test_client()
    yan = Widget(client)
    complete(app, client, form("Yan", "small"), slow=True, honeypot=False, widget=yan)
    assert yan.say("ok")["state"] == "done"  # acknowledged: nothing sent
    assert len(snapshot(app)["submissions"]) == 1
    offered = yan.say("actually it is large")
    assert offered["state"] == "collecting"
    assert "corrected request" in offered["replies"][0]["text"]
    assert yan.say("yes")["state"] == "done"
    after = snapshot(app)
    [lead] = after["leads"]
    assert [s["answers"]["size"] for s in after["submissions"]] == ["small", "large"]
    assert lead["submission_count"] == 2
