"""A staff action on a lead is committed on its own, signed by who did it."""

from __future__ import annotations

from sqlalchemy.orm import Session

from consultbot.storage import pipeline
from consultbot.storage.models import LeadStatus
from consultbot.usecases import lead_action
from tests.storage.factories import make_lead, make_user


def test_a_note_is_stored_signed_and_committed(db_session: Session) -> None:
    lead = make_lead(db_session)
    author = make_user(db_session, email="sales@example.com")
    lead_action.add_note(db_session, lead, author.id, "  Called her, wants a quote  ")
    db_session.rollback()  # what was committed survives a rollback of what was not
    assert [(n.body, email) for n, email in pipeline.notes(db_session, lead.id)] == [
        ("Called her, wants a quote", "sales@example.com")
    ]


def test_bidi_controls_are_taken_out_of_a_note(db_session: Session) -> None:
    lead = make_lead(db_session)
    author = make_user(db_session)
    lead_action.add_note(db_session, lead, author.id, "pay \u202eetoN\u202c now")
    [(note, _)] = pipeline.notes(db_session, lead.id)
    assert note.body == "pay etoN now"


def test_a_note_from_an_account_that_no_longer_exists_has_no_author(db_session: Session) -> None:
    lead = make_lead(db_session)
    lead_action.add_note(db_session, lead, 999_999, "Left by a deleted account")
    [(note, email)] = pipeline.notes(db_session, lead.id)
    assert (note.body, note.author_id, email) == ("Left by a deleted account", None, None)


def test_a_status_change_is_committed_with_who_made_it(db_session: Session) -> None:
    lead = make_lead(db_session)
    user = make_user(db_session, email="sales@example.com")
    assert lead_action.change_status(db_session, lead, user.id, LeadStatus.QUALIFIED)
    db_session.rollback()
    assert lead.status == LeadStatus.QUALIFIED
    [(change, email)] = pipeline.status_history(db_session, lead.id)
    assert (change.to_status, email) == (LeadStatus.QUALIFIED, "sales@example.com")


def test_the_status_a_lead_already_has_is_refused_and_not_recorded(db_session: Session) -> None:
    lead = make_lead(db_session, status=LeadStatus.QUALIFIED)
    user = make_user(db_session)
    assert not lead_action.change_status(db_session, lead, user.id, LeadStatus.QUALIFIED)
    assert pipeline.status_history(db_session, lead.id) == []
