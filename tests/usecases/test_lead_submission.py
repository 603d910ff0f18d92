"""A completed form becomes a submission under the person's lead; spam is kept but silent."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from consultbot.dialogue.replies import CompletedForm, GivenConsent
from consultbot.storage import pipeline
from consultbot.storage.models import (
    Channel,
    Conversation,
    Lead,
    LeadStatus,
    LeadSubmission,
    OutboxItem,
    Role,
)
from consultbot.usecases.lead_submission import (
    FIRST_SUBMISSION_RULE,
    NO_SPAM_RULES,
    SPAM_RULE,
    SpamRules,
    save_lead,
    spam_reasons,
)
from tests.storage.factories import make_conversation, make_message

NOW = datetime(2026, 4, 1, 9, 30, tzinfo=UTC)
CHANNELS = (Channel.EMAIL, Channel.WEBHOOK)
HONEYPOT = "the hidden honeypot field was filled in"
LABELS = {"medium": "A medium team", "large": "A large team"}


def completed(
    email: str = "ada@example.com", size: str = "medium", score: int = 40, **answers: str
) -> CompletedForm:
    """A finished form with the given answers."""
    values: Mapping[str, str] = {"name": "Ada", "email": email, "size": size, **answers}
    return CompletedForm(
        answers=values,
        display=tuple(
            {
                "id": key,
                "question": key.capitalize(),
                "value": value,
                "label": LABELS.get(value, value),
            }
            for key, value in values.items()
        ),
        score=score,
        reasons=(f"size {size}",),
        score_details={"size": score},
        comparison_id="django-vs-fastapi",
        page_url=None,
        consent=GivenConsent(text="May we store this?", version="v1", reply="yes"),
    )


def outbox(session: Session) -> list[OutboxItem]:
    return list(session.scalars(sa.select(OutboxItem).order_by(OutboxItem.id)))


def submissions(session: Session, lead: Lead) -> list[LeadSubmission]:
    statement = sa.select(LeadSubmission).where(LeadSubmission.lead_id == lead.id)
    return list(session.scalars(statement.order_by(LeadSubmission.number)))


def test_a_first_form_creates_a_new_lead_recorded_and_notified(db_session: Session) -> None:
    chat = make_conversation(db_session)
    make_message(db_session, chat, text="I'd like a consultation")
    lead = save_lead(db_session, chat, completed(), NOW, CHANNELS)
    db_session.flush()
    assert (lead.status, lead.is_spam, lead.name, lead.size, lead.score) == (
        LeadStatus.NEW, False, "Ada", "medium", 40,
    )  # fmt: skip
    assert (lead.conversation_id, lead.page_url, lead.score_reasons) == (
        chat.id, chat.page_url, ["size medium"],
    )  # fmt: skip
    [submission] = submissions(db_session, lead)
    assert (submission.number, submission.is_spam, submission.consent_version) == (1, False, "v1")
    assert [line["text"] for line in submission.transcript] == ["I'd like a consultation"]
    [(change, _)] = pipeline.status_history(db_session, lead.id)
    assert (change.from_status, change.to_status, change.rule) == (
        None, LeadStatus.NEW, FIRST_SUBMISSION_RULE,
    )  # fmt: skip
    assert change.submission_id == submission.id
    items = outbox(db_session)
    assert [item.channel for item in items] == list(CHANNELS)
    assert {item.event for item in items} == {f"lead.created#{submission.id}"}
    assert items[0].payload["new_lead"] is True and items[0].payload["changes"] == []


def test_no_channel_queues_no_notification(db_session: Session) -> None:
    lead = save_lead(db_session, make_conversation(db_session), completed(), NOW)
    db_session.flush()
    assert lead.status == LeadStatus.NEW
    assert outbox(db_session) == []


def test_a_correction_in_the_same_conversation_updates_the_lead_not_its_status(
    db_session: Session,
) -> None:
    chat = make_conversation(db_session)
    lead = save_lead(db_session, chat, completed(), NOW, CHANNELS)
    pipeline.change_status(db_session, lead, LeadStatus.CONTACTED, None, NOW)
    later = NOW + timedelta(minutes=5)
    again = save_lead(db_session, chat, completed("ADA@Example.com", "large", 70), later, CHANNELS)
    db_session.flush()
    assert again is lead
    assert (lead.status, lead.size, lead.score, lead.email) == (
        LeadStatus.CONTACTED, "large", 70, "ADA@Example.com",
    )  # fmt: skip
    assert (lead.submission_count, lead.last_submitted_at, lead.other_conversation_submissions) == (
        2, later, 0,
    )  # fmt: skip
    first, second = submissions(db_session, lead)
    assert (first.answers["size"], second.answers["size"]) == ("medium", "large")
    [*_, notice] = outbox(db_session)
    assert notice.event == f"lead.submission_added#{second.id}"
    assert notice.payload["from_another_conversation"] is False
    assert [(c["id"], c["before"], c["after"]) for c in notice.payload["changes"]] == [
        ("email", "ada@example.com", "ADA@Example.com"),
        ("size", "A medium team", "A large team"),
    ]


def test_a_form_from_another_conversation_is_kept_flagged_and_never_shown(
    db_session: Session,
) -> None:
    own = make_conversation(db_session)
    lead = save_lead(db_session, own, completed(), NOW, CHANNELS)
    other = make_conversation(db_session)
    save_lead(db_session, other, completed(size="large", score=90), NOW, CHANNELS)
    db_session.flush()
    assert (lead.size, lead.score, lead.conversation_id) == ("medium", 40, own.id)
    assert (lead.submission_count, lead.other_conversation_submissions) == (2, 1)
    [*_, notice] = outbox(db_session)
    assert notice.payload["from_another_conversation"] is True
    assert len(pipeline.status_history(db_session, lead.id)) == 1


def test_a_spam_first_form_makes_a_spam_lead_and_notifies_no_one(db_session: Session) -> None:
    chat = make_conversation(db_session)
    lead = save_lead(db_session, chat, completed(), NOW, CHANNELS, spam=[HONEYPOT])
    db_session.flush()
    assert (lead.status, lead.is_spam) == (LeadStatus.SPAM, True)
    [submission] = submissions(db_session, lead)
    assert (submission.is_spam, submission.spam_reasons) == (True, [HONEYPOT])
    [(change, _)] = pipeline.status_history(db_session, lead.id)
    assert (change.to_status, change.rule) == (LeadStatus.SPAM, SPAM_RULE)
    assert outbox(db_session) == []


def test_a_later_spam_form_changes_nothing_on_the_lead(db_session: Session) -> None:
    chat = make_conversation(db_session)
    lead = save_lead(db_session, chat, completed(), NOW, CHANNELS)
    db_session.flush()
    queued = len(outbox(db_session))
    save_lead(db_session, chat, completed(size="large", score=99), NOW, CHANNELS, spam=[HONEYPOT])
    db_session.flush()
    assert (lead.status, lead.size, lead.score) == (LeadStatus.NEW, "medium", 40)
    assert (lead.submission_count, lead.other_conversation_submissions) == (2, 0)
    assert [s.is_spam for s in submissions(db_session, lead)] == [False, True]
    assert len(outbox(db_session)) == queued


def test_a_genuine_conversation_has_no_spam_reasons(db_session: Session) -> None:
    chat = make_conversation(db_session, lead_started_at=NOW - timedelta(seconds=60))
    assert spam_reasons(chat, NOW, SpamRules(min_form_seconds=20)) == []
    assert spam_reasons(make_conversation(db_session), NOW, SpamRules(min_form_seconds=20)) == []


def test_a_honeypot_and_a_form_faster_than_a_person_are_both_reasons(
    db_session: Session,
) -> None:
    chat = make_conversation(
        db_session, honeypot_at=NOW, lead_started_at=NOW - timedelta(seconds=2.5)
    )
    assert spam_reasons(chat, NOW, SpamRules(min_form_seconds=20)) == [
        HONEYPOT,
        "the form was finished 2.5 s after it started (a person takes at least 20 s)",
    ]


def test_without_a_minimum_only_the_honeypot_counts(db_session: Session) -> None:
    quick = make_conversation(db_session, lead_started_at=NOW)
    assert spam_reasons(quick, NOW, NO_SPAM_RULES) == []
    trapped: Conversation = make_conversation(db_session, honeypot_at=NOW, lead_started_at=NOW)
    assert spam_reasons(trapped, NOW, NO_SPAM_RULES) == [HONEYPOT]


def test_the_transcript_keeps_every_role_in_order(db_session: Session) -> None:
    chat = make_conversation(db_session)
    make_message(db_session, chat, role=Role.ASSISTANT, text="Hi!", client_message_id=None)
    make_message(db_session, chat, text="quote please")
    lead = save_lead(db_session, chat, completed(), NOW)
    [submission] = submissions(db_session, lead)
    assert [(line["role"], line["text"]) for line in submission.transcript] == [
        ("assistant", "Hi!"),
        ("visitor", "quote please"),
    ]
