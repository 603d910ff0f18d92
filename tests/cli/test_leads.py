"""``consultbot leads export`` (all leads, or one person's data) and ``leads forget``."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

import click
import pytest
import sqlalchemy as sa
from click.testing import Result
from sqlalchemy.engine import make_url

from consultbot.storage.db import create_engine
from consultbot.storage.models import (
    Conversation,
    Lead,
    LeadSubmission,
    Role,
)
from tests.conftest import CommandRunner
from tests.seeding import (
    ADA,
    GRACE,
    People,
    add_chat,
    add_people,
    count_rows,
    open_session,
    public_ids,
)
from tests.storage.factories import (
    make_lead,
    make_submission,
)


@dataclass(frozen=True)
class Seeded:
    """A database of the test's own with Ada's and Grace's data, and its row counts."""

    url: str
    people: People
    before: dict[str, int]


@pytest.fixture
def seeded(migrated_database_url: str) -> Seeded:
    people = add_people(migrated_database_url)
    return Seeded(migrated_database_url, people, count_rows(migrated_database_url))


def leads(runner: CommandRunner, url: str, *args: str, input: str | None = None) -> Result:
    """Run ``consultbot leads ARGS`` on the database at ``url``."""
    return runner.invoke(["leads", *args], env={"DATABASE_URL": url}, input=input)


def export_json(runner: CommandRunner, url: str, email: str) -> dict[str, Any]:
    """Run ``leads export --email`` and return its JSON without the export time."""
    result = leads(runner, url, "export", "--email", email)
    assert result.exit_code == 0, result.output
    exported: dict[str, Any] = json.loads(result.stdout)
    exported.pop("exported_at")
    return exported


# leads forget


def test_forget_deletes_exactly_that_persons_data(runner: CommandRunner, seeded: Seeded) -> None:
    url, people, before = seeded.url, seeded.people, seeded.before
    grace_before = export_json(runner, url, GRACE)

    result = leads(runner, url, "forget", "--email", "ADA@example.com", "--yes")

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
        # Staff login attempts: kept an hour at most, and never a visitor's.
        "login_attempts": 0,
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

    result = leads(runner, url, "forget", "--email", ADA, "--yes")

    assert result.exit_code == 0, result.output
    assert "1 lead(s) of other addresses came from these conversations" in result.output
    with open_session(url) as session:
        kept = session.get(Lead, bob.id)
        assert kept is not None and kept.conversation_id is None
        submission = session.get(LeadSubmission, from_shared.id)
        assert submission is not None and submission.answers["email"] == "bob@example.com"
        assert submission.conversation_id is None and submission.transcript == []
        assert session.get(Conversation, shared.id) is None


def test_forget_dry_run_reports_and_changes_nothing(runner: CommandRunner, seeded: Seeded) -> None:
    url, before = seeded.url, seeded.before

    result = leads(runner, url, "forget", "--email", ADA, "--dry-run")

    assert result.exit_code == 0, result.output
    assert f"stored about {ADA}:" in result.output
    assert "  leads           1\n" in result.output
    assert "  submissions     2\n" in result.output
    assert "dry run: nothing was deleted" in result.output
    assert count_rows(url) == before


def test_forget_asks_and_deletes_when_confirmed(runner: CommandRunner, seeded: Seeded) -> None:
    url = seeded.url

    result = leads(runner, url, "forget", "--email", ADA, input="y\n")

    assert result.exit_code == 0, result.output
    assert "Delete all of it? [y/N]" in result.output
    assert count_rows(url)["leads"] == 1


def test_forget_without_confirmation_changes_nothing(runner: CommandRunner, seeded: Seeded) -> None:
    url, before = seeded.url, seeded.before

    declined = leads(runner, url, "forget", "--email", ADA, input="n\n")
    no_answer = leads(runner, url, "forget", "--email", ADA)

    assert declined.exit_code == 1
    assert "not confirmed: nothing was deleted" in declined.output
    assert no_answer.exit_code == 1
    assert count_rows(url) == before


def test_forget_says_so_when_nothing_matches(runner: CommandRunner, seeded: Seeded) -> None:
    url, before = seeded.url, seeded.before

    result = leads(runner, url, "forget", "--email", "nobody@example.com")

    assert result.exit_code == 0, result.output
    assert result.output == "nothing is stored about nobody@example.com\n"
    assert count_rows(url) == before


@pytest.mark.parametrize("address", ["not-an-address", "ada@example", "ada@@example.com", " "])
def test_forget_refuses_a_malformed_address(
    runner: CommandRunner, seeded: Seeded, address: str
) -> None:
    url, before = seeded.url, seeded.before

    result = leads(runner, url, "forget", "--email", address, "--yes")

    assert result.exit_code == 2
    assert "Invalid value for '--email'" in result.output
    assert "is not an email address (expected name@example.com)" in result.output
    assert count_rows(url) == before


def test_forget_deletes_nothing_when_the_database_fails_midway(
    runner: CommandRunner, seeded: Seeded
) -> None:
    url = seeded.url
    refuse_conversation_deletes(url)
    before = count_rows(url)

    result = leads(runner, url, "forget", "--email", ADA, "--yes")

    assert result.exit_code == 1
    assert "nothing was deleted" in result.output
    assert "conversations are kept" in result.output
    assert count_rows(url) == before


def test_forget_deletes_nothing_when_more_arrives_before_confirmation(
    runner: CommandRunner, seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = seeded.url

    def confirm_after_a_new_lead(text: str, default: bool = False) -> bool:
        with open_session(url) as session:
            ada = session.scalars(sa.select(Lead).where(Lead.email_key == ADA)).one()
            make_submission(session, ada)
            session.commit()
        return True

    monkeypatch.setattr(click, "confirm", confirm_after_a_new_lead)
    before = count_rows(url)

    result = leads(runner, url, "forget", "--email", ADA)

    assert result.exit_code == 1
    assert f"what is stored about {ADA} changed since it was counted" in result.output
    assert count_rows(url) == {**before, "lead_submissions": before["lead_submissions"] + 1}


def test_schema_cascades_match_the_models(seeded: Seeded) -> None:
    url = seeded.url
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
    runner: CommandRunner, seeded: Seeded
) -> None:
    people = seeded.people

    exported = export_json(runner, seeded.url, "Ada@example.COM")

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


def test_export_email_matches_what_forget_deletes(runner: CommandRunner, seeded: Seeded) -> None:
    url = seeded.url
    exported = {chat["id"] for chat in export_json(runner, url, ADA)["conversations"]}
    before = public_ids(url)

    leads(runner, url, "forget", "--email", ADA, "--yes")

    assert before - public_ids(url) == exported


def test_export_email_for_an_unknown_address_is_empty(
    runner: CommandRunner, seeded: Seeded
) -> None:
    result = leads(runner, seeded.url, "export", "--email", "nobody@example.com")

    assert result.exit_code == 0
    assert "nothing is stored about nobody@example.com" in result.stderr
    exported = json.loads(result.stdout)
    assert exported["leads"] == [] and exported["conversations"] == []


def test_export_email_as_csv_gives_the_leads_and_says_json_has_the_rest(
    runner: CommandRunner, seeded: Seeded
) -> None:
    result = leads(runner, seeded.url, "export", "--email", ADA, "--format", "csv")

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
    runner: CommandRunner, seeded: Seeded
) -> None:
    result = leads(runner, seeded.url, "export")

    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 2  # Ada (two submissions) and Grace


# leads export


def add_leads(url: str) -> None:
    with open_session(url) as session:
        make_lead(session, name="Ada", email="ada@example.com", score=65, score_reasons=["big"])
        make_lead(session, name="Grace", email="grace@example.com", size="small")
        session.commit()


def test_leads_export_as_csv_and_json(runner: CommandRunner, migrated_database_url: str) -> None:
    url = migrated_database_url
    add_leads(url)
    as_csv = leads(runner, url, "export", "--format", "csv")
    assert as_csv.exit_code == 0, as_csv.output
    rows = list(csv.DictReader(io.StringIO(as_csv.output)))
    assert {row["email"] for row in rows} == {"ada@example.com", "grace@example.com"}
    ada = next(row for row in rows if row["name"] == "Ada")
    assert ada["score"] == "65" and ada["score_reasons"] == "big" and ada["status"] == "new"
    as_json = leads(runner, url, "export", "--format", "json")
    assert {lead["name"] for lead in json.loads(as_json.output)} == {"Ada", "Grace"}


def test_leads_export_rejects_an_unknown_format(runner: CommandRunner) -> None:
    result = runner.invoke(["leads", "export", "--format", "xml"])
    assert result.exit_code == 2
    assert "'xml' is not one of 'csv', 'json'" in result.output
