"""The leads list with search, filters, sort, pages and CSV; a lead's page, notes and status."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from consultbot.storage.models import (
    Channel,
    Lead,
    LeadNote,
    LeadStatus,
    LeadStatusChange,
    OutboxItem,
    Role,
    StaffRole,
)
from tests.storage.factories import (
    make_conversation,
    make_lead,
    make_message,
    make_submission,
)
from tests.web.dashboard.conftest import Staff, csrf_token

SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def sales(staff: Staff) -> Staff:
    staff.log_in_as(StaffRole.SALES)
    return staff


@pytest.fixture
def lead(db_session: Session) -> Lead:
    """A new lead, committed: for the tests of its page's notes and status."""
    lead = make_lead(db_session)
    db_session.commit()
    return lead


def rows(client: FlaskClient, **query: str) -> list[str]:
    """The names in the leads list, in order."""
    page = client.get("/dashboard/leads", query_string=query)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    return [
        line.split(">", 2)[1].split("<")[0] for line in text.split('href="/dashboard/leads/')[1:]
    ]


def test_the_list_searches_filters_and_sorts(
    client: FlaskClient, sales: Staff, db_session: Session
) -> None:
    now = datetime.now(UTC)
    make_lead(db_session, name="Ann", email="ann@acme.test", company="Acme", score=80,
              size="large", created_at=now - timedelta(days=1))  # fmt: skip
    make_lead(db_session, name="Bob", email="bob@beta.test", score=20, size="small",
              status=LeadStatus.CONTACTED, created_at=now - timedelta(days=10))  # fmt: skip
    make_lead(db_session, name="Cid", email="cid@acme.test", score=50, size="small",
              created_at=now)  # fmt: skip
    db_session.commit()
    assert rows(client) == ["Cid", "Ann", "Bob"]
    assert rows(client, q="ACME") == ["Cid", "Ann"]
    assert rows(client, status="contacted") == ["Bob"]
    assert rows(client, size="small", sort="score") == ["Cid", "Bob"]
    assert rows(client, score_min="40", score_max="79") == ["Cid"]
    since = (now - timedelta(days=2)).date().isoformat()
    assert rows(client, created_from=since, sort="oldest") == ["Ann", "Cid"]
    assert rows(client, created_to=(now - timedelta(days=5)).date().isoformat()) == ["Bob"]
    assert rows(client, sort="name") == ["Ann", "Bob", "Cid"]
    assert rows(client, q="100%_") == []


def test_spam_is_left_out_unless_asked_for(
    client: FlaskClient, sales: Staff, db_session: Session
) -> None:
    now = datetime.now(UTC)
    make_lead(db_session, name="Ann", created_at=now - timedelta(days=1))
    make_lead(db_session, name="Bot", email="bot@spam.test", status=LeadStatus.SPAM,
              is_spam=True, created_at=now)  # fmt: skip
    db_session.commit()
    assert rows(client) == ["Ann"]
    assert rows(client, status="spam") == ["Bot"]
    assert rows(client, status="any") == ["Bot", "Ann"]
    assert rows(client, status="new") == ["Ann"]
    page = client.get("/dashboard/leads").get_data(as_text=True)
    assert '<option selected value="">Any status but spam</option>' in page
    exported = client.get("/dashboard/leads.csv").get_data(as_text=True)
    assert [row["name"] for row in csv.DictReader(io.StringIO(exported))] == ["Ann"]
    exported = client.get("/dashboard/leads.csv?status=any").get_data(as_text=True)
    assert [row["name"] for row in csv.DictReader(io.StringIO(exported))] == ["Bot", "Ann"]


def test_bad_filter_values_are_reported_and_ignored(
    client: FlaskClient, sales: Staff, db_session: Session
) -> None:
    make_lead(db_session, name="Ann")
    db_session.commit()
    page = client.get("/dashboard/leads?score_min=lots&created_from=yesterday&status=maybe&sort=x")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Not a valid integer value." in text
    assert "Not a valid date value." in text
    assert "Not a valid choice." in text
    assert "Ann" in text


def test_dates_at_the_ends_of_the_calendar_filter_and_a_to_before_from_is_reported(
    client: FlaskClient, sales: Staff, db_session: Session
) -> None:
    now = datetime.now(UTC)
    make_lead(db_session, name="Ann", created_at=now)
    db_session.commit()
    today = now.date().isoformat()
    assert rows(client, created_to=today) == ["Ann"]
    assert rows(client, created_to="9999-12-31") == ["Ann"]
    assert rows(client, created_from="0001-01-01", created_to="9999-12-31") == ["Ann"]
    assert rows(client, created_from="9999-12-31") == []
    exported = client.get("/dashboard/leads.csv?created_to=9999-12-31")
    assert exported.status_code == 200
    assert [
        row["name"] for row in csv.DictReader(io.StringIO(exported.get_data(as_text=True)))
    ] == ["Ann"]
    typo = client.get("/dashboard/leads?created_to=20266-12-01").get_data(as_text=True)
    assert "Not a valid date value." in typo

    crossed = {"created_from": "2026-12-05", "created_to": "2026-12-01"}
    page = client.get("/dashboard/leads", query_string=crossed)
    assert page.status_code == 200
    assert "To is before From (2026-12-05)." in page.get_data(as_text=True)
    refused = client.get("/dashboard/leads.csv", query_string=crossed)
    assert refused.status_code == 400
    assert "To is before From" in refused.get_data(as_text=True)


def test_the_list_says_its_times_are_utc(
    client: FlaskClient, sales: Staff, db_session: Session
) -> None:
    make_lead(db_session, name="Ann", created_at=datetime(2026, 12, 2, 12, 4, 37, tzinfo=UTC))
    db_session.commit()
    page = client.get("/dashboard/leads").get_data(as_text=True)
    assert "Received (UTC)" in page
    assert ">2026-12-02 12:04<" in page


def test_scores_are_filtered_out_of_100(
    client: FlaskClient, sales: Staff, db_session: Session
) -> None:
    make_lead(db_session, name="Ann", score=100)
    make_lead(db_session, name="Bob", email="bob@beta.test", score=40)
    db_session.commit()
    page = client.get("/dashboard/leads").get_data(as_text=True)
    assert 'max="100"' in page and 'max="1000"' not in page
    assert rows(client, score_min="100", score_max="100") == ["Ann"]
    over = client.get("/dashboard/leads?score_max=150").get_data(as_text=True)
    assert "Use a score from 0 to 100." in over
    assert rows(client, score_max="150") == ["Bob", "Ann"]  # reported and ignored


def test_the_list_is_paginated(client: FlaskClient, sales: Staff, db_session: Session) -> None:
    start = datetime.now(UTC) - timedelta(hours=1)
    for number in range(30):
        make_lead(db_session, name=f"Lead {number:02}", email=f"l{number}@x.test",
                  created_at=start + timedelta(minutes=number))  # fmt: skip
    db_session.commit()
    first = rows(client)
    second = rows(client, page="2")
    assert len(first) == 25 and len(second) == 5
    assert first[0] == "Lead 29" and second[-1] == "Lead 00"
    assert rows(client, page="99") == second  # past the end: the last page
    assert "Page 2 of 2" in client.get("/dashboard/leads?page=2").get_data(as_text=True)


def test_the_csv_holds_the_filtered_list_with_formulas_defused(
    client: FlaskClient, sales: Staff, db_session: Session
) -> None:
    make_lead(db_session, name="=HYPERLINK(\"http://evil\")", email="a@acme.test", company="Acme",
              score=70, score_reasons=["large project", "budget given"])  # fmt: skip
    make_lead(db_session, name="Bob", email="bob@beta.test")
    db_session.commit()
    response = client.get("/dashboard/leads.csv?q=acme")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    table = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(table) == 1
    assert table[0]["name"] == '\'=HYPERLINK("http://evil")'
    assert table[0]["score_reasons"] == "large project; budget given"


def lead_with_history(db_session: Session) -> Lead:
    conversation = make_conversation(db_session)
    make_message(db_session, conversation, text=SCRIPT, intent=None, fallback=True)
    make_message(db_session, conversation, role=Role.ASSISTANT, text="I'm not sure.",
                 client_message_id=None)  # fmt: skip
    lead = make_lead(
        db_session,
        conversation_id=conversation.id,
        name=SCRIPT,
        company="Acme",
        answers={"name": SCRIPT, "email": "ada@example.com", "details": "a <b>bold</b> plan"},
        score=65,
        score_reasons=["large project (+30)"],
    )
    make_submission(
        db_session,
        lead,
        answers=dict(lead.answers),
        score=65,
        score_details={
            "rules": [{"question": "size", "reason": "large project", "points": 30}],
            "not_understood": ['Timeline: "when pigs fly" not understood (up to 25 points)'],
            "missing": ["Budget: not given (up to 20 points)"],
        },
        transcript=[
            {"role": "visitor", "text": SCRIPT, "not_understood": True},
            {"role": "assistant", "text": "I'm not sure.", "not_understood": False},
        ],
    )  # fmt: skip
    db_session.add(
        OutboxItem(
            lead_id=lead.id,
            channel=Channel.EMAIL,
            event="lead.created@t",
            attempts=2,
            last_error="connection refused",
        )  # fmt: skip
    )
    db_session.commit()
    return lead


def test_a_lead_page_shows_everything_with_visitor_text_escaped(
    client: FlaskClient, sales: Staff, db_session: Session
) -> None:
    lead = lead_with_history(db_session)
    page = client.get(f"/dashboard/leads/{lead.id}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "<script>alert" not in text and "<img src=x" not in text and "<b>bold" not in text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in text
    assert "a &lt;b&gt;bold&lt;/b&gt; plan" in text
    assert "<dt>Name</dt>" in text  # answers are labelled with the form's titles, not ids
    assert "65/100" in text and 'large project <span class="points">+30</span>' in text
    assert "when pigs fly" in text and "Budget: not given (up to 20 points)" in text
    assert "I&#39;m not sure." in text  # the transcript
    assert "not understood" in text
    assert "connection refused" in text and "pending" in text  # delivery state


def test_an_unknown_lead_is_not_found(client: FlaskClient, sales: Staff) -> None:
    response = client.get("/dashboard/leads/999999")
    assert response.status_code == 404
    assert "There is no lead number 999999" in response.get_data(as_text=True)


def notes_of(db_session: Session, lead: Lead) -> list[str]:
    db_session.expire_all()
    return list(db_session.scalars(sa.select(LeadNote.body).where(LeadNote.lead_id == lead.id)))


def test_a_note_is_added_and_shown_escaped(
    client: FlaskClient, sales: Staff, db_session: Session, lead: Lead
) -> None:
    page = f"/dashboard/leads/{lead.id}"
    token = csrf_token(client, page)
    response = client.post(
        f"{page}/notes", data={"body": "Call <b>Tuesday</b>", "csrf_token": token}
    )
    assert response.status_code == 302
    assert notes_of(db_session, lead) == ["Call <b>Tuesday</b>"]
    text = client.get(page).get_data(as_text=True)
    assert "Call &lt;b&gt;Tuesday&lt;/b&gt;" in text and "Note added." in text


@pytest.mark.parametrize(
    "body, message",
    [
        ("", "Write something before saving the note."),
        ("x" * 5001, "A note can be at most 5000 characters; shorten it."),
    ],
)
def test_an_empty_or_huge_note_is_refused_and_nothing_saved(
    client: FlaskClient, sales: Staff, db_session: Session, lead: Lead, body: str, message: str
) -> None:
    page = f"/dashboard/leads/{lead.id}"
    response = client.post(
        f"{page}/notes", data={"body": body, "csrf_token": csrf_token(client, page)}
    )
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert notes_of(db_session, lead) == []


def test_a_note_without_the_csrf_token_is_refused(
    client: FlaskClient, sales: Staff, db_session: Session, lead: Lead
) -> None:
    response = client.post(f"/dashboard/leads/{lead.id}/notes", data={"body": "hello"})
    assert response.status_code == 400
    assert notes_of(db_session, lead) == []


def test_a_note_too_big_for_a_form_is_refused_clearly(
    client: FlaskClient, sales: Staff, db_session: Session, lead: Lead
) -> None:
    page = f"/dashboard/leads/{lead.id}"
    response = client.post(
        f"{page}/notes", data={"body": "x" * 3_000_000, "csrf_token": csrf_token(client, page)}
    )
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)
    assert notes_of(db_session, lead) == []


def test_a_status_change_is_kept_in_the_history(
    client: FlaskClient, sales: Staff, db_session: Session, lead: Lead
) -> None:
    page = f"/dashboard/leads/{lead.id}"
    for status in ("contacted", "contacted", "spam"):
        response = client.post(
            f"{page}/status", data={"status": status, "csrf_token": csrf_token(client, page)}
        )
        assert response.status_code == 302
    db_session.expire_all()
    changes = db_session.execute(
        sa.select(LeadStatusChange.from_status, LeadStatusChange.to_status)
        .where(LeadStatusChange.lead_id == lead.id)
        .order_by(LeadStatusChange.id)
    ).all()
    assert changes == [
        (LeadStatus.NEW, LeadStatus.CONTACTED),
        (LeadStatus.CONTACTED, LeadStatus.SPAM),
    ]
    refreshed = db_session.get(Lead, lead.id)
    assert refreshed is not None and refreshed.status == LeadStatus.SPAM and refreshed.is_spam
    assert "new → contacted" in client.get(page).get_data(as_text=True).replace("&gt;", ">")


def test_an_unknown_status_changes_nothing(
    client: FlaskClient, sales: Staff, db_session: Session, lead: Lead
) -> None:
    page = f"/dashboard/leads/{lead.id}"
    response = client.post(
        f"{page}/status", data={"status": "archived", "csrf_token": csrf_token(client, page)}
    )
    assert response.status_code == 400
    assert "Choose one of the listed statuses; nothing was changed." in response.get_data(
        as_text=True
    )
    db_session.expire_all()
    assert db_session.get_one(Lead, lead.id).status == LeadStatus.NEW


@pytest.mark.parametrize(
    "query",
    [
        {"status": "bogus"},
        {"score_min": "abc"},
        {"score_max": "150"},
        {"created_from": "2026-99-99"},
        {"q": "x" * 500},
        {"sort": "sideways"},
    ],
)
def test_the_csv_refuses_filters_the_list_reports_instead_of_exporting_everything(
    client: FlaskClient, sales: Staff, db_session: Session, query: dict[str, str]
) -> None:
    make_lead(db_session, name="Ann", email="ann@acme.test", score=80)
    db_session.commit()
    refused = client.get("/dashboard/leads.csv", query_string=query)
    assert refused.status_code == 400
    assert refused.mimetype == "text/plain"
    text = refused.get_data(as_text=True)
    assert "Ann" not in text and "nothing was exported" in text
    [name] = query
    assert name in text
    good = client.get("/dashboard/leads.csv", query_string={"score_min": "50"})
    assert good.status_code == 200
    assert [row["name"] for row in csv.DictReader(io.StringIO(good.get_data(as_text=True)))] == [
        "Ann"
    ]
