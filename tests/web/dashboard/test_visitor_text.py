"""Bidi controls typed by a visitor cannot disguise their words to sales."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from consultbot.storage.models import Lead, LeadNote, Message, StaffRole
from tests.storage.factories import make_lead
from tests.web.dashboard.conftest import Staff, csrf_token

DISGUISED = "Eve \u202emoc.knab@ecnanif\u202c \u2067x\u2069\u200b\ufeff"
ANSWERS = ["we need a quote", DISGUISED, "eve@example.com", "skip", "a migration", "Django",
           "small", "soon", "skip", "skip", "yes"]  # fmt: skip
BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u200c\u2060\ufeff")


def test_bidi_controls_never_reach_a_lead_its_transcript_or_the_email(
    client: FlaskClient, db_session: Session, staff: Staff
) -> None:
    opened = client.post("/api/v1/conversations", json={}).get_json()
    url = f"/api/v1/conversations/{opened['conversation_id']}/messages"
    headers = {"Authorization": f"Bearer {opened['token']}"}
    for text in ANSWERS:
        answer = client.post(
            url, json={"text": text, "client_message_id": str(uuid.uuid4())}, headers=headers
        )
        assert answer.status_code == 200, answer.get_json()
    [lead] = db_session.scalars(sa.select(Lead)).all()
    assert lead.name == "Eve moc.knab@ecnanif x"  # the words kept, the disguise gone
    assert not BIDI & set(str(lead.answers)) and not BIDI & set(lead.name)
    transcript = db_session.scalars(sa.select(Message.text)).all()
    assert not any(BIDI & set(text) for text in transcript)

    staff.log_in_as(StaffRole.SALES)
    page = client.get(f"/dashboard/leads/{lead.id}").get_data(as_text=True)
    assert "Eve moc.knab@ecnanif x" in page and not BIDI & set(page)
    with client.get("/dashboard/static/dashboard.css") as css:
        assert "unicode-bidi: isolate" in css.get_data(as_text=True)


def test_a_staff_note_loses_bidi_controls_when_saved_and_older_ones_when_shown(
    client: FlaskClient, db_session: Session, staff: Staff
) -> None:
    lead = make_lead(db_session)
    # A note saved before notes were cleaned.
    db_session.add(LeadNote(lead_id=lead.id, body="older \u202egnp.exe"))
    db_session.commit()
    staff.log_in_as(StaffRole.SALES)
    page = f"/dashboard/leads/{lead.id}"
    body = "<script>alert(9)</script> note \u202egnp.exe\u2066"
    saved = client.post(
        f"{page}/notes", data={"body": body, "csrf_token": csrf_token(client, page)}
    )
    assert saved.status_code == 302
    notes = db_session.scalars(sa.select(LeadNote.body).order_by(LeadNote.id)).all()
    assert notes[-1] == "<script>alert(9)</script> note gnp.exe"
    shown = client.get(page).get_data(as_text=True)
    assert "note gnp.exe" in shown and "older gnp.exe" in shown and not BIDI & set(shown)
    assert "<script>alert(9)" not in shown
