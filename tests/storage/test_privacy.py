"""Finding, exporting and forgetting what is stored about one address, row by row."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from consultbot.storage import inbox, privacy
from consultbot.storage.models import (
    Channel,
    Conversation,
    EditAction,
    InboxList,
    InboxResolution,
    Lead,
    LeadNote,
    LeadStatus,
    LeadStatusChange,
    LeadSubmission,
    Message,
    OutboxItem,
    Role,
)
from consultbot.storage.privacy import ForgetCounts, PersonRecords
from tests.seeding import add_chat
from tests.storage.factories import make_lead, make_submission, make_user

ADA = "ada@example.com"


@pytest.mark.parametrize(
    "text",
    [
        "ada@example.com",
        "write to ADA@Example.COM please",
        "(ada@example.com)",
        "it's <ada@example.com>.",
        "ada@example.com, or call",
    ],
)
def test_a_conversation_where_the_visitor_typed_the_address_is_found(
    db_session: Session, text: str
) -> None:
    chat = add_chat(db_session, (Role.VISITOR, text))
    assert privacy.find_conversations_mentioning(db_session, ADA) == {chat.id}


@pytest.mark.parametrize(
    "text",
    [
        "bada@example.com",
        "ada@example.community",
        "sada.ada@example.com",
        "ada@example.com-mail.net",
        "ada@example.com.au",
        "news+ada@example.com",
        "o'ada@example.com",
    ],
)
def test_a_longer_or_another_address_is_not_the_persons(db_session: Session, text: str) -> None:
    add_chat(db_session, (Role.VISITOR, text))
    assert privacy.find_conversations_mentioning(db_session, ADA) == set()


def test_an_address_only_the_assistant_wrote_is_not_the_visitors(db_session: Session) -> None:
    add_chat(db_session, (Role.ASSISTANT, f"Write to {ADA}"))
    assert privacy.find_person(db_session, ADA).is_empty


def test_wildcards_in_the_address_are_taken_literally(db_session: Session) -> None:
    add_chat(db_session, (Role.VISITOR, "adaXexample.com"))
    add_chat(db_session, (Role.VISITOR, "aXa@example.com"))
    literal = add_chat(db_session, (Role.VISITOR, "a_a@example.com"))
    assert privacy.find_conversations_mentioning(db_session, "a_a@example.com") == {literal.id}
    assert privacy.find_conversations_mentioning(db_session, "ada%example.com") == set()


def test_a_person_is_their_leads_by_email_key_or_address_and_every_related_chat(
    db_session: Session,
) -> None:
    own = add_chat(db_session, (Role.VISITOR, "quote please"))
    lead = make_lead(db_session, email="Ada@Example.COM", conversation_id=own.id)
    later = add_chat(db_session, (Role.VISITOR, "hi again"))
    first = make_submission(db_session, lead)
    second = make_submission(db_session, lead, conversation_id=later.id)
    typed = add_chat(db_session, (Role.VISITOR, "ADA@example.com"), (Role.VISITOR, "cancel"))
    make_lead(db_session, email="grace@example.com")
    records = privacy.find_person(db_session, ADA)
    assert records == PersonRecords(
        ADA, (lead.id,), tuple(sorted({own.id, later.id, typed.id})), (first.id, second.id)
    )
    assert not records.is_empty


def test_an_address_nobody_gave_finds_nothing(db_session: Session) -> None:
    make_lead(db_session)
    records = privacy.find_person(db_session, "nobody@example.com")
    assert records.is_empty
    assert privacy.count_person_rows(db_session, records) == ForgetCounts()
    assert privacy.forget_person(db_session, records) == ForgetCounts()
    assert privacy.export_person(db_session, records).as_json()["leads"] == []
    assert db_session.scalar(sa.select(sa.func.count()).select_from(Lead)) == 1


def test_a_new_submission_makes_a_second_look_up_differ(db_session: Session) -> None:
    lead = make_lead(db_session)
    make_submission(db_session, lead)
    before = privacy.find_person(db_session, ADA)
    assert privacy.find_person(db_session, ADA) == before
    make_submission(db_session, lead)
    assert privacy.find_person(db_session, ADA) != before


def person_with_history(session: Session) -> Lead:
    """Ada's lead from her chat, with a submission, a note, a status change and notifications."""
    chat = add_chat(session, (Role.ASSISTANT, "Hi!"), (Role.VISITOR, ADA))
    lead = make_lead(session, conversation_id=chat.id)
    make_submission(session, lead)
    user = make_user(session)
    session.add(LeadNote(lead_id=lead.id, author_id=user.id, body="Called Ada"))
    session.add(
        LeadStatusChange(
            lead_id=lead.id,
            from_status=LeadStatus.NEW,
            to_status=LeadStatus.CONTACTED,
            user_id=user.id,
        )
    )
    for channel in Channel:
        session.add(OutboxItem(lead_id=lead.id, channel=channel, event="lead.created"))
    session.flush()
    return lead


def count(session: Session, model: type[object]) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


def test_forgetting_deletes_exactly_what_the_count_said(db_session: Session) -> None:
    person_with_history(db_session)
    grace_chat = add_chat(db_session, (Role.VISITOR, "grace@example.com"))
    grace = make_lead(db_session, email="grace@example.com", conversation_id=grace_chat.id)
    records = privacy.find_person(db_session, ADA)
    expected = ForgetCounts(
        leads=1, submissions=1, status_changes=1, notes=1, notifications=2,
        conversations=1, messages=2, other_leads_unlinked=0,
    )  # fmt: skip
    assert privacy.count_person_rows(db_session, records) == expected
    assert privacy.forget_person(db_session, records) == expected
    db_session.expire_all()
    assert privacy.find_person(db_session, ADA).is_empty
    for model in (LeadSubmission, LeadStatusChange, LeadNote, OutboxItem):
        assert count(db_session, model) == 0, model
    assert list(db_session.scalars(sa.select(Lead))) == [grace]
    assert list(db_session.scalars(sa.select(Conversation.id))) == [grace_chat.id]
    assert list(db_session.scalars(sa.select(Message.text))) == ["grace@example.com"]


def test_another_persons_lead_from_a_shared_chat_is_kept_without_its_transcript(
    db_session: Session,
) -> None:
    shared = add_chat(db_session, (Role.VISITOR, ADA), (Role.VISITOR, "no: bob@example.com"))
    bob = make_lead(db_session, name="Bob", email="bob@example.com", conversation_id=shared.id)
    from_shared = make_submission(db_session, bob, transcript=[{"role": "visitor", "text": ADA}])
    records = privacy.find_person(db_session, ADA)
    assert privacy.count_person_rows(db_session, records).other_leads_unlinked == 1
    counts = privacy.forget_person(db_session, records)
    assert (counts.leads, counts.conversations, counts.other_leads_unlinked) == (0, 1, 1)
    db_session.expire_all()
    assert bob.conversation_id is None
    assert (from_shared.conversation_id, from_shared.transcript) == (None, [])
    assert from_shared.answers["email"] == "bob@example.com"


def test_forgetting_reaches_the_inbox_records_of_the_address(db_session: Session) -> None:
    user = make_user(db_session)
    for wording in ("mail me at Ada@Example.com", "do you sell pizza"):
        inbox.record_edit(
            db_session, user.id, user.email, InboxList.UNANSWERED, EditAction.DISMISS, [wording]
        )
    privacy.forget_person(db_session, privacy.find_person(db_session, ADA))
    assert list(db_session.scalars(sa.select(InboxResolution.wording))) == ["do you sell pizza"]


def test_the_counts_read_as_labels_without_the_unlinked_leads() -> None:
    described = ForgetCounts(leads=1, messages=6, other_leads_unlinked=3).describe()
    assert described[0] == ("leads", 1)
    assert ("status changes", 0) in described and ("messages", 6) in described
    assert "other leads unlinked" not in dict(described)


def test_the_export_holds_the_history_without_staff_names(db_session: Session) -> None:
    lead = person_with_history(db_session)
    pipeline_rule = LeadStatusChange(
        lead_id=lead.id, from_status=None, to_status=LeadStatus.NEW, rule="first submission"
    )
    db_session.add(pipeline_rule)
    db_session.flush()
    db_session.expire_all()
    exported = privacy.export_person(db_session, privacy.find_person(db_session, ADA)).as_json()
    assert exported["email"] == ADA and "exported_at" in exported
    [described] = exported["leads"]
    assert [change["by"] for change in described["status_history"]] == [
        "staff",
        "first submission",
    ]
    assert [note["body"] for note in described["notes"]] == ["Called Ada"]
    assert {item["channel"] for item in described["notifications"]} == {"email", "webhook"}
    assert described["submissions"][0]["answers"]["email"] == ADA
    [chat] = exported["conversations"]
    assert [(m["role"], m["text"]) for m in chat["messages"]] == [
        ("assistant", "Hi!"),
        ("visitor", ADA),
    ]
    assert "staff-" not in str(exported)  # the staff account's address stays out
