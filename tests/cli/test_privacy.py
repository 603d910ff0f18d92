"""``consultbot leads forget``, ``leads export --email`` and ``conversations purge``."""

from __future__ import annotations

import csv
import io
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import click
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from consultbot.config import load_config
from consultbot.errors import ConfigError
from consultbot.notify.worker import run_worker
from consultbot.storage.db import create_engine
from consultbot.storage.models import (
    Base,
    Channel,
    Conversation,
    Lead,
    LeadNote,
    LeadStatus,
    LeadStatusChange,
    LeadSubmission,
    Message,
    OutboxItem,
    Role,
    utcnow,
)
from tests.conftest import CommandRunner
from tests.storage.factories import (
    make_conversation,
    make_lead,
    make_message,
    make_submission,
    make_user,
)

ADA = "ada@example.com"
GRACE = "grace@example.com"


@contextmanager
def open_session(url: str) -> Iterator[Session]:
    """A session on its own engine, for setting up and checking a test's database."""
    engine = create_engine(url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            yield session
    finally:
        engine.dispose()


def count_rows(url: str) -> dict[str, int]:
    """Return the number of rows in every table of the schema."""
    with open_session(url) as session:
        return {
            table.name: session.scalar(sa.select(sa.func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
        }


def add_chat(session: Session, *lines: tuple[Role, str], **overrides: Any) -> Conversation:
    """Add a conversation with the given (role, text) lines."""
    conversation = make_conversation(session, **overrides)
    for role, text in lines:
        client_id = None if role is Role.ASSISTANT else f"m-{conversation.id}-{len(text)}-{text}"
        make_message(session, conversation, role=role, text=text, client_message_id=client_id)
    return conversation


def add_history(session: Session, lead: Lead, note: str, user_id: int) -> None:
    """Give a lead a note, a status change and a notification per channel."""
    session.add(LeadNote(lead_id=lead.id, author_id=user_id, body=note))
    session.add(
        LeadStatusChange(
            lead_id=lead.id,
            from_status=LeadStatus.NEW,
            to_status=LeadStatus.CONTACTED,
            user_id=user_id,
        )
    )
    for channel in Channel:
        session.add(
            OutboxItem(lead_id=lead.id, channel=channel, event="lead.created", payload={"x": 1})
        )
    session.flush()


@dataclass(frozen=True)
class People:
    """What add_people stored: conversation public ids by name, and Grace's lead id."""

    ada_chat: str
    ada_cancelled_chat: str
    assistant_only_chat: str
    near_miss_chat: str
    grace_chat: str
    grace_lead: int


def add_people(url: str) -> People:
    """Store Ada's and Grace's data, and conversations that only look like Ada's."""
    with open_session(url) as session:
        staff = make_user(session)
        ada_chat = add_chat(
            session,
            (Role.ASSISTANT, "Hi! Ask me anything."),
            (Role.VISITOR, "I'd like a consultation"),
            (Role.VISITOR, "Ada@Example.com"),
            (Role.ASSISTANT, "Thanks, we'll be in touch."),
        )
        # One person, one lead: her address in any case is one email key, and each form she
        # completed is a submission under it.
        ada = make_lead(
            session,
            email="Ada@Example.COM",
            conversation_id=ada_chat.id,
            score_reasons=["big team"],
        )
        make_submission(session, ada, conversation_id=ada_chat.id)
        make_submission(
            session, ada, conversation_id=None, answers={"name": "Ada L.", "email": ADA}
        )
        add_history(session, ada, "Called Ada, wants a quote", staff.id)
        session.add(LeadNote(lead_id=ada.id, author_id=staff.id, body="Second request"))
        cancelled = add_chat(
            session,
            (Role.VISITOR, "my email is ADA@EXAMPLE.COM."),
            (Role.VISITOR, "cancel"),
        )
        assistant_only = add_chat(session, (Role.ASSISTANT, "Write to ada@example.com"))
        near_miss = add_chat(
            session,
            (Role.VISITOR, "reach me at bada@example.com or ada@example.community"),
            (Role.VISITOR, "or sada.ada@example.com"),
        )
        grace_chat = add_chat(session, (Role.VISITOR, "grace@example.com, Django please"))
        grace = make_lead(session, name="Grace", email=GRACE, conversation_id=grace_chat.id)
        add_history(session, grace, "Grace is a good fit", staff.id)
        session.commit()
        return People(
            ada_chat=ada_chat.public_id,
            ada_cancelled_chat=cancelled.public_id,
            assistant_only_chat=assistant_only.public_id,
            near_miss_chat=near_miss.public_id,
            grace_chat=grace_chat.public_id,
            grace_lead=grace.id,
        )


def public_ids(url: str) -> set[str]:
    """Return the public ids of the stored conversations."""
    with open_session(url) as session:
        return set(session.scalars(sa.select(Conversation.public_id)))


def export_json(runner: CommandRunner, url: str, email: str) -> dict[str, Any]:
    """Run ``leads export --email`` and return its JSON without the export time."""
    result = runner.invoke(["leads", "export", "--email", email], env={"DATABASE_URL": url})
    assert result.exit_code == 0, result.output
    exported = json.loads(result.stdout)
    exported.pop("exported_at")
    return exported


# leads forget


def test_forget_deletes_exactly_that_persons_data(
    runner: CommandRunner, migrated_database_url: str
) -> None:
    url = migrated_database_url
    people = add_people(url)
    grace_before = export_json(runner, url, GRACE)
    before = count_rows(url)

    result = runner.invoke(
        ["leads", "forget", "--email", "ADA@example.com", "--yes"], env={"DATABASE_URL": url}
    )

    assert result.exit_code == 0, result.output
    assert "deleted:" in result.output
    expected = {
        "leads": 1,
        "submissions": 2,
        "status changes": 1,
        "notes": 2,
        "notifications": 2,
        "conversations": 2,
        "messages": 6,
    }
    for label, count in expected.items():
        assert f"  {label:<15} {count}\n" in result.output
    after = count_rows(url)
    assert {table: before[table] - after[table] for table in before} == {
        "conversations": 2,
        "users": 0,
        "leads": 1,
        "lead_submissions": 2,
        "messages": 6,
        "lead_notes": 2,
        "lead_status_changes": 1,
        "outbox": 2,
        # The editors' change log keeps no conversation's rows (see storage.inbox).
        "knowledge_edits": 0,
        "inbox_resolutions": 0,
        "live_chats": 0,
        "conversation_events": 0,
    }
    assert public_ids(url) == {
        people.assistant_only_chat,
        people.near_miss_chat,
        people.grace_chat,
    }
    assert export_json(runner, url, GRACE) == grace_before
    assert export_json(runner, url, ADA) == {"email": ADA, "leads": [], "conversations": []}


def test_forget_keeps_another_persons_lead_from_a_shared_conversation(
    runner: CommandRunner, migrated_database_url: str
) -> None:
    url = migrated_database_url
    with open_session(url) as session:
        shared = add_chat(
            session, (Role.VISITOR, "ada@example.com"), (Role.VISITOR, "no: bob@example.com")
        )
        bob = make_lead(session, name="Bob", email="bob@example.com", conversation_id=shared.id)
        from_shared = make_submission(
            session, bob, conversation_id=shared.id, transcript=[{"role": "visitor", "text": ADA}]
        )
        session.commit()

    result = runner.invoke(["leads", "forget", "--email", ADA, "--yes"], env={"DATABASE_URL": url})

    assert result.exit_code == 0, result.output
    assert "1 lead(s) of other addresses came from these conversations" in result.output
    with open_session(url) as session:
        kept = session.get(Lead, bob.id)
        assert kept is not None and kept.conversation_id is None
        submission = session.get(LeadSubmission, from_shared.id)
        assert submission is not None and submission.answers["email"] == "bob@example.com"
        assert submission.conversation_id is None and submission.transcript == []
        assert session.get(Conversation, shared.id) is None


def test_forget_dry_run_reports_and_changes_nothing(
    runner: CommandRunner, migrated_database_url: str
) -> None:
    url = migrated_database_url
    add_people(url)
    before = count_rows(url)

    result = runner.invoke(
        ["leads", "forget", "--email", ADA, "--dry-run"], env={"DATABASE_URL": url}
    )

    assert result.exit_code == 0, result.output
    assert f"stored about {ADA}:" in result.output
    assert "  leads           1\n" in result.output
    assert "  submissions     2\n" in result.output
    assert "dry run: nothing was deleted" in result.output
    assert count_rows(url) == before


def test_forget_asks_and_deletes_when_confirmed(
    runner: CommandRunner, migrated_database_url: str
) -> None:
    url = migrated_database_url
    add_people(url)

    result = runner.invoke(
        ["leads", "forget", "--email", ADA], env={"DATABASE_URL": url}, input="y\n"
    )

    assert result.exit_code == 0, result.output
    assert "Delete all of it? [y/N]" in result.output
    assert count_rows(url)["leads"] == 1


def test_forget_without_confirmation_changes_nothing(
    runner: CommandRunner, migrated_database_url: str
) -> None:
    url = migrated_database_url
    add_people(url)
    before = count_rows(url)

    declined = runner.invoke(
        ["leads", "forget", "--email", ADA], env={"DATABASE_URL": url}, input="n\n"
    )
    no_answer = runner.invoke(["leads", "forget", "--email", ADA], env={"DATABASE_URL": url})

    assert declined.exit_code == 1
    assert "not confirmed: nothing was deleted" in declined.output
    assert no_answer.exit_code == 1
    assert count_rows(url) == before


def test_forget_says_so_when_nothing_matches(
    runner: CommandRunner, migrated_database_url: str
) -> None:
    url = migrated_database_url
    add_people(url)
    before = count_rows(url)

    result = runner.invoke(
        ["leads", "forget", "--email", "nobody@example.com"], env={"DATABASE_URL": url}
    )

    assert result.exit_code == 0, result.output
    assert result.output == "nothing is stored about nobody@example.com\n"
    assert count_rows(url) == before


@pytest.mark.parametrize("address", ["not-an-address", "ada@example", "ada@@example.com", " "])
def test_forget_refuses_a_malformed_address(
    runner: CommandRunner, migrated_database_url: str, address: str
) -> None:
    url = migrated_database_url
    add_people(url)
    before = count_rows(url)

    result = runner.invoke(
        ["leads", "forget", "--email", address, "--yes"], env={"DATABASE_URL": url}
    )

    assert result.exit_code == 2
    assert "Invalid value for '--email'" in result.output
    assert "is not an email address (expected name@example.com)" in result.output
    assert count_rows(url) == before


def test_forget_deletes_nothing_when_the_database_fails_midway(
    runner: CommandRunner, migrated_database_url: str
) -> None:
    url = migrated_database_url
    add_people(url)
    refuse_conversation_deletes(url)
    before = count_rows(url)

    result = runner.invoke(["leads", "forget", "--email", ADA, "--yes"], env={"DATABASE_URL": url})

    assert result.exit_code == 1
    assert "nothing was deleted" in result.output
    assert "conversations are kept" in result.output
    assert count_rows(url) == before


def test_forget_deletes_nothing_when_more_arrives_before_confirmation(
    runner: CommandRunner, migrated_database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = migrated_database_url
    add_people(url)

    def confirm_after_a_new_lead(text: str, default: bool = False) -> bool:
        with open_session(url) as session:
            ada = session.scalars(sa.select(Lead).where(Lead.email_key == ADA)).one()
            make_submission(session, ada)
            session.commit()
        return True

    monkeypatch.setattr(click, "confirm", confirm_after_a_new_lead)
    before = count_rows(url)

    result = runner.invoke(["leads", "forget", "--email", ADA], env={"DATABASE_URL": url})

    assert result.exit_code == 1
    assert f"what is stored about {ADA} changed since it was counted" in result.output
    assert count_rows(url) == {**before, "lead_submissions": before["lead_submissions"] + 1}


def test_schema_cascades_match_the_models(migrated_database_url: str) -> None:
    url = migrated_database_url
    add_people(url)
    with open_session(url) as session:
        grace_chat = session.scalars(
            sa.select(Lead.conversation_id).where(Lead.email == GRACE)
        ).one()
        session.execute(sa.delete(Conversation).where(Conversation.id == grace_chat))
        session.commit()
    after_conversation = count_rows(url)
    with open_session(url) as session:
        assert (
            session.scalars(sa.select(Lead.conversation_id).where(Lead.email == GRACE)).one()
            is None
        )
        session.execute(sa.delete(Lead).where(Lead.email == GRACE))
        session.commit()
    after_lead = count_rows(url)

    assert after_conversation["messages"] == 6 + 3
    assert after_lead["lead_notes"] == 2 and after_lead["lead_status_changes"] == 1
    assert after_lead["outbox"] == 2


def refuse_conversation_deletes(url: str) -> None:
    """Make the database itself refuse to delete a conversation, after the leads are gone."""
    engine = create_engine(url)
    with engine.begin() as connection:
        if make_url(url).get_backend_name() == "sqlite":
            connection.exec_driver_sql(
                "CREATE TRIGGER keep_conversations BEFORE DELETE ON conversations "
                "BEGIN SELECT RAISE(ABORT, 'conversations are kept'); END"
            )
        else:
            connection.exec_driver_sql(
                "CREATE FUNCTION keep_conversations() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN RAISE EXCEPTION 'conversations are kept'; END $$"
            )
            connection.exec_driver_sql(
                "CREATE TRIGGER keep_conversations BEFORE DELETE ON conversations "
                "FOR EACH ROW EXECUTE FUNCTION keep_conversations()"
            )
    engine.dispose()


# leads export --email


def test_export_email_gives_leads_history_notes_and_transcripts(
    runner: CommandRunner, migrated_database_url: str
) -> None:
    url = migrated_database_url
    people = add_people(url)

    exported = export_json(runner, url, "Ada@example.COM")

    assert set(exported) == {"email", "leads", "conversations"}
    assert exported["email"] == ADA
    [first] = exported["leads"]
    assert set(first) >= {
        "id", "created_at", "updated_at", "status", "score", "name", "email", "company",
        "project_kind", "stack", "size", "timeline", "budget", "details", "page_url",
        "score_reasons", "answers", "is_spam", "submissions", "conversation",
        "status_history", "notes", "notifications",
    }  # fmt: skip
    assert first["email"] == "Ada@Example.COM" and first["conversation"] == people.ada_chat
    assert first["notes"][0]["body"] == "Called Ada, wants a quote"
    assert first["status_history"][0]["from_status"] == "new"
    assert first["status_history"][0]["to_status"] == "contacted"
    assert {item["channel"] for item in first["notifications"]} == {"email", "webhook"}
    assert first["score_reasons"] == ["big team"]
    assert [note["body"] for note in first["notes"]] == [
        "Called Ada, wants a quote",
        "Second request",
    ]
    assert [item["number"] for item in first["submissions"]] == [1, 2]
    assert first["submissions"][1]["answers"]["name"] == "Ada L."
    assert first["status_history"][0]["by"] == "staff"
    chats = {chat["id"]: chat for chat in exported["conversations"]}
    assert set(chats) == {people.ada_chat, people.ada_cancelled_chat}
    assert [message["text"] for message in chats[people.ada_chat]["messages"]] == [
        "Hi! Ask me anything.",
        "I'd like a consultation",
        "Ada@Example.com",
        "Thanks, we'll be in touch.",
    ]
    assert chats[people.ada_chat]["messages"][0]["role"] == "assistant"
    assert "Grace" not in json.dumps(exported)


def test_export_email_matches_what_forget_deletes(
    runner: CommandRunner, migrated_database_url: str
) -> None:
    url = migrated_database_url
    add_people(url)
    exported = {chat["id"] for chat in export_json(runner, url, ADA)["conversations"]}
    before = public_ids(url)

    runner.invoke(["leads", "forget", "--email", ADA, "--yes"], env={"DATABASE_URL": url})

    assert before - public_ids(url) == exported


def test_export_email_for_an_unknown_address_is_empty(
    runner: CommandRunner, migrated_database_url: str
) -> None:
    url = migrated_database_url
    add_people(url)

    result = runner.invoke(
        ["leads", "export", "--email", "nobody@example.com"], env={"DATABASE_URL": url}
    )

    assert result.exit_code == 0
    assert "nothing is stored about nobody@example.com" in result.stderr
    exported = json.loads(result.stdout)
    assert exported["leads"] == [] and exported["conversations"] == []


def test_export_email_as_csv_gives_the_leads_and_says_json_has_the_rest(
    runner: CommandRunner, migrated_database_url: str
) -> None:
    url = migrated_database_url
    add_people(url)

    result = runner.invoke(
        ["leads", "export", "--email", ADA, "--format", "csv"], env={"DATABASE_URL": url}
    )

    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [row["email"] for row in rows] == ["Ada@Example.COM"]
    assert rows[0]["score_reasons"] == "big team" and rows[0]["submission_count"] == "2"
    assert "use --format json for their submissions, status history, notes" in result.stderr


def test_export_refuses_a_malformed_address(runner: CommandRunner) -> None:
    result = runner.invoke(["leads", "export", "--email", "ada.example.com"])
    assert result.exit_code == 2
    assert "'ada.example.com' is not an email address" in result.output


def test_export_without_email_still_prints_every_lead_as_csv(
    runner: CommandRunner, migrated_database_url: str
) -> None:
    url = migrated_database_url
    add_people(url)

    result = runner.invoke(["leads", "export"], env={"DATABASE_URL": url})

    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 2  # Ada (two submissions) and Grace


# conversations purge


@dataclass(frozen=True)
class Chats:
    """The conversations add_chats stored, by public id."""

    old_without_lead: str
    old_with_lead: str
    recent_without_lead: str
    ten_days_old: str


def add_chats(url: str) -> Chats:
    """Store old and recent conversations, with and without a lead."""
    now = utcnow()
    with open_session(url) as session:
        old = add_chat(
            session,
            (Role.VISITOR, "hello"),
            (Role.ASSISTANT, "hi"),
            (Role.VISITOR, "bye"),
            last_activity_at=now - timedelta(days=91),
        )
        with_lead = add_chat(
            session, (Role.VISITOR, "quote please"), last_activity_at=now - timedelta(days=400)
        )
        make_lead(session, conversation_id=with_lead.id)
        recent = add_chat(session, (Role.VISITOR, "hello"), last_activity_at=now)
        ten_days = add_chat(
            session, (Role.VISITOR, "hi"), last_activity_at=now - timedelta(days=10)
        )
        session.commit()
        return Chats(old.public_id, with_lead.public_id, recent.public_id, ten_days.public_id)


def test_purge_deletes_only_old_conversations_without_a_lead(
    runner: CommandRunner, migrated_database_url: str
) -> None:
    url = migrated_database_url
    chats = add_chats(url)
    before = count_rows(url)

    result = runner.invoke(["conversations", "purge"], env={"DATABASE_URL": url})

    assert result.exit_code == 0, result.output
    assert "deleted 1 conversation(s) (3 message(s)) without a lead" in result.output
    assert "(90 days ago)" in result.output
    after = count_rows(url)
    assert {
        table: before[table] - after[table] for table in before if before[table] != after[table]
    } == {
        "conversations": 1,
        "messages": 3,
    }
    assert public_ids(url) == {chats.old_with_lead, chats.recent_without_lead, chats.ten_days_old}


def test_purge_uses_the_configured_and_the_given_retention(
    runner: CommandRunner, migrated_database_url: str
) -> None:
    url = migrated_database_url
    chats = add_chats(url)

    configured = runner.invoke(
        ["conversations", "purge"],
        env={"DATABASE_URL": url, "CONSULTBOT_CONVERSATION_RETENTION_DAYS": "365"},
    )
    assert "deleted 0 conversation(s)" in configured.output
    given = runner.invoke(
        ["conversations", "purge", "--older-than-days", "5"],
        env={"DATABASE_URL": url, "CONSULTBOT_CONVERSATION_RETENTION_DAYS": "365"},
    )

    assert given.exit_code == 0, given.output
    assert "deleted 2 conversation(s) (4 message(s))" in given.output
    assert public_ids(url) == {chats.old_with_lead, chats.recent_without_lead}


def test_purge_dry_run_counts_and_changes_nothing(
    runner: CommandRunner, migrated_database_url: str
) -> None:
    url = migrated_database_url
    add_chats(url)
    before = count_rows(url)

    result = runner.invoke(["conversations", "purge", "--dry-run"], env={"DATABASE_URL": url})

    assert result.exit_code == 0, result.output
    assert "would delete 1 conversation(s) (3 message(s))" in result.output
    assert "dry run: nothing was deleted" in result.output
    assert count_rows(url) == before


def test_purge_commits_batch_by_batch(runner: CommandRunner, migrated_database_url: str) -> None:
    url = migrated_database_url
    chats = add_chats(url)
    add_old_chats(url, 6)
    commits: list[Session] = []

    def record_commit(session: Session) -> None:
        commits.append(session)

    sa.event.listen(Session, "after_commit", record_commit)
    try:
        result = runner.invoke(
            ["conversations", "purge", "--batch-size", "3"], env={"DATABASE_URL": url}
        )
    finally:
        sa.event.remove(Session, "after_commit", record_commit)

    assert result.exit_code == 0, result.output
    assert "deleted 7 conversation(s) (9 message(s))" in result.output
    assert len(commits) == 3
    assert public_ids(url) == {chats.old_with_lead, chats.recent_without_lead, chats.ten_days_old}


def test_purge_runs_past_the_default_batch(
    runner: CommandRunner, migrated_database_url: str
) -> None:
    url = migrated_database_url
    add_old_chats(url, 1001)

    result = runner.invoke(["conversations", "purge"], env={"DATABASE_URL": url})

    assert result.exit_code == 0, result.output
    assert "deleted 1001 conversation(s) (1001 message(s))" in result.output
    assert count_rows(url)["conversations"] == 0


def add_old_chats(url: str, count: int) -> None:
    """Bulk-insert old conversations without a lead, one message each."""
    old = utcnow() - timedelta(days=200)
    with open_session(url) as session:
        ids = session.scalars(
            sa.insert(Conversation).returning(Conversation.id),
            [
                {"public_id": f"bulk-{n}", "token_hash": "0" * 64, "last_activity_at": old}
                for n in range(count)
            ],
        ).all()
        session.execute(
            sa.insert(Message),
            [{"conversation_id": id_, "role": Role.VISITOR, "text": "hi"} for id_ in ids],
        )
        session.commit()


@pytest.mark.parametrize("value", ["0", "-3", "abc", "1.5", ""])
def test_purge_refuses_a_bad_retention_setting(
    runner: CommandRunner, migrated_database_url: str, value: str
) -> None:
    result = runner.invoke(
        ["conversations", "purge"],
        env={
            "DATABASE_URL": migrated_database_url,
            "CONSULTBOT_CONVERSATION_RETENTION_DAYS": value,
        },
    )
    assert result.exit_code == 1
    assert "CONSULTBOT_CONVERSATION_RETENTION_DAYS must be a whole number of days" in result.output


def test_retention_setting_defaults_to_90_days() -> None:
    assert load_config(environ={})["CONVERSATION_RETENTION_DAYS"] == 90
    assert (
        load_config(environ={"CONSULTBOT_CONVERSATION_RETENTION_DAYS": " 7 "})[
            "CONVERSATION_RETENTION_DAYS"
        ]
        == 7
    )
    with pytest.raises(ConfigError, match="whole number of days, 1 or more"):
        load_config({"CONVERSATION_RETENTION_DAYS": 0}, environ={})


def test_purge_refuses_a_bad_older_than_days(runner: CommandRunner) -> None:
    result = runner.invoke(["conversations", "purge", "--older-than-days", "0"])
    assert result.exit_code == 2
    assert "Invalid value for '--older-than-days'" in result.output


# the worker's daily purge


def test_the_worker_purges_at_start_and_not_again_before_the_interval(
    migrated_database_url: str,
) -> None:
    url = migrated_database_url
    chats = add_chats(url)
    engine = create_engine(url)
    stop = threading.Event()
    worker = threading.Thread(
        target=run_worker,
        args=(sessionmaker(engine), {"CONVERSATION_RETENTION_DAYS": 90}, stop, 0.01),
        kwargs={"purge_every": 3600.0},
    )
    worker.start()
    try:
        wait_until(lambda: chats.old_without_lead not in public_ids(url))
        add_old_chats(url, 1)
        time.sleep(0.2)
        assert "bulk-0" in public_ids(url)
    finally:
        stop.set()
        worker.join(timeout=10)
        engine.dispose()
    assert public_ids(url) == {
        chats.old_with_lead,
        chats.recent_without_lead,
        chats.ten_days_old,
        "bulk-0",
    }


def test_the_worker_does_not_purge_unless_asked(migrated_database_url: str) -> None:
    url = migrated_database_url
    chats = add_chats(url)
    engine = create_engine(url)
    stop = threading.Event()
    worker = threading.Thread(target=run_worker, args=(sessionmaker(engine), {}, stop, 0.01))
    worker.start()
    time.sleep(0.3)
    stop.set()
    worker.join(timeout=10)
    engine.dispose()
    assert chats.old_without_lead in public_ids(url)


def wait_until(condition: Any, timeout: float = 10.0) -> None:
    """Poll until the condition holds, failing after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)
