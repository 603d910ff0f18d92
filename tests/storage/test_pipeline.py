"""Status changes keep their history with who made them; notes keep their author."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from consultbot.storage import pipeline
from consultbot.storage.models import LeadNote, LeadStatus, LeadStatusChange
from tests.storage.factories import make_lead, make_submission, make_user

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def test_a_status_change_is_recorded_with_who_made_it(db_session: Session) -> None:
    lead = make_lead(db_session)
    user = make_user(db_session, email="sales@example.com")
    assert pipeline.change_status(db_session, lead, LeadStatus.CONTACTED, user, NOW)
    db_session.flush()
    assert lead.status == LeadStatus.CONTACTED
    assert lead.updated_at == NOW
    [(change, email)] = pipeline.status_history(db_session, lead.id)
    assert (change.from_status, change.to_status) == (LeadStatus.NEW, LeadStatus.CONTACTED)
    assert (change.user_id, email, change.changed_at) == (user.id, "sales@example.com", NOW)


def test_the_status_a_lead_already_has_changes_nothing(db_session: Session) -> None:
    lead = make_lead(db_session, status=LeadStatus.CONTACTED)
    before = lead.updated_at
    assert not pipeline.change_status(db_session, lead, LeadStatus.CONTACTED, None, NOW)
    db_session.flush()
    assert pipeline.status_history(db_session, lead.id) == []
    assert lead.updated_at == before


def test_marking_spam_sets_the_flag_and_moving_on_clears_it(db_session: Session) -> None:
    lead = make_lead(db_session)

    def flagged() -> bool:
        return lead.is_spam

    pipeline.change_status(db_session, lead, LeadStatus.SPAM, None, NOW)
    assert flagged()
    pipeline.change_status(db_session, lead, LeadStatus.NEW, None, NOW + timedelta(minutes=1))
    assert not flagged()
    db_session.flush()
    history = pipeline.status_history(db_session, lead.id)
    assert [(c.from_status, c.to_status, email) for c, email in history] == [
        (LeadStatus.NEW, LeadStatus.SPAM, None),
        (LeadStatus.SPAM, LeadStatus.NEW, None),
    ]


def test_the_first_status_names_the_rule_and_the_submission(db_session: Session) -> None:
    lead = make_lead(db_session)
    submission = make_submission(db_session, lead)
    pipeline.record_first_status(db_session, lead, LeadStatus.SPAM, "honeypot", submission, NOW)
    db_session.flush()
    [(change, email)] = pipeline.status_history(db_session, lead.id)
    assert (change.from_status, change.to_status, change.rule) == (
        None,
        LeadStatus.SPAM,
        "honeypot",
    )
    assert (change.submission_id, change.user_id, email) == (submission.id, None, None)
    assert lead.status == LeadStatus.SPAM and lead.is_spam


def test_notes_come_newest_first_with_their_authors_email(db_session: Session) -> None:
    lead = make_lead(db_session)
    author = make_user(db_session, email="ada@staff.example.com")
    pipeline.add_note(db_session, lead, author, "Called, wants a quote", NOW)
    pipeline.add_note(db_session, lead, None, "Imported note", NOW + timedelta(hours=1))
    db_session.flush()
    rows = pipeline.notes(db_session, lead.id)
    assert [(note.body, email) for note, email in rows] == [
        ("Imported note", None),
        ("Called, wants a quote", "ada@staff.example.com"),
    ]
    assert lead.updated_at == NOW + timedelta(hours=1)


def test_a_deleted_authors_note_and_change_stay_without_an_email(db_session: Session) -> None:
    lead = make_lead(db_session)
    author = make_user(db_session)
    pipeline.add_note(db_session, lead, author, "Keep this", NOW)
    pipeline.change_status(db_session, lead, LeadStatus.WON, author, NOW)
    db_session.flush()
    db_session.delete(author)
    db_session.flush()
    db_session.expire_all()
    assert [(n.body, n.author_id, e) for n, e in pipeline.notes(db_session, lead.id)] == [
        ("Keep this", None, None)
    ]
    [(change, email)] = pipeline.status_history(db_session, lead.id)
    assert (change.to_status, change.user_id, email) == (LeadStatus.WON, None, None)


def test_another_leads_history_and_notes_are_not_shown(db_session: Session) -> None:
    lead = make_lead(db_session)
    other = make_lead(db_session, email="grace@example.com")
    pipeline.add_note(db_session, other, None, "Not yours", NOW)
    pipeline.change_status(db_session, other, LeadStatus.LOST, None, NOW)
    db_session.flush()
    assert pipeline.notes(db_session, lead.id) == []
    assert pipeline.status_history(db_session, lead.id) == []
    assert db_session.scalar(sa.select(sa.func.count()).select_from(LeadNote)) == 1
    assert db_session.scalar(sa.select(sa.func.count()).select_from(LeadStatusChange)) == 1


def test_find_lead_returns_none_for_an_unknown_id(db_session: Session) -> None:
    lead = make_lead(db_session)
    assert pipeline.find_lead(db_session, lead.id) is lead
    assert pipeline.find_lead(db_session, lead.id + 1000) is None
