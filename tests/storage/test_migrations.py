"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic.script import ScriptDirectory
from sqlalchemy import pool

from consultbot.storage import db, migrations

TABLES = {
    "conversations",
    "messages",
    "leads",
    "lead_submissions",
    "lead_status_changes",
    "lead_notes",
    "users",
    "outbox",
}


def table_names(url: str) -> set[str]:
    """Return the tables in the database at url."""
    engine = db.create_engine(url, poolclass=pool.NullPool)
    try:
        return set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


def revision_at(url: str) -> str | None:
    """Return the revision the database at url is at."""
    engine = db.create_engine(url, poolclass=pool.NullPool)
    try:
        return migrations.current_revision(engine)
    finally:
        engine.dispose()


def test_upgrade_from_empty_then_downgrade_to_base_and_upgrade_again(
    empty_database_url: str,
) -> None:
    migrations.migrate(empty_database_url, "head")
    assert TABLES <= table_names(empty_database_url)
    assert revision_at(empty_database_url) == migrations.head_revision()

    migrations.migrate(empty_database_url, "base", downgrade=True)
    assert table_names(empty_database_url) <= {"alembic_version"}
    assert revision_at(empty_database_url) is None

    migrations.migrate(empty_database_url, "head")
    assert TABLES <= table_names(empty_database_url)
    assert revision_at(empty_database_url) == migrations.head_revision()


def test_models_and_migrations_agree(database_url: str) -> None:
    assert migrations.schema_differences(database_url) == []


def test_a_model_change_without_a_migration_is_reported(migrated_database_url: str) -> None:
    engine = db.create_engine(migrated_database_url, poolclass=pool.NullPool)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("ALTER TABLE leads ADD COLUMN shoe_size INTEGER")
    finally:
        engine.dispose()
    differences = migrations.schema_differences(migrated_database_url)
    assert [migrations.describe_difference(item) for item in differences] == [
        "remove_column leads.shoe_size"
    ]


def test_the_migrations_form_one_line_of_history() -> None:
    scripts = ScriptDirectory.from_config(migrations.alembic_config())
    assert scripts.get_heads() == [migrations.head_revision()]
    chain = [script.revision for script in scripts.walk_revisions()]  # head first
    assert [revision[:4] for revision in reversed(chain)] == [
        f"{number:04d}" for number in range(1, len(chain) + 1)
    ]
    assert chain[-1] == "0001_initial" and chain[0] == "0009_login_attempts"


def test_upgrading_turns_leads_into_submissions_and_merges_one_persons_leads(
    empty_database_url: str,
) -> None:
    migrations.migrate(empty_database_url, "0002_spam_signals")
    engine = db.create_engine(empty_database_url, poolclass=pool.NullPool)
    first = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
    later = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    try:
        with engine.begin() as connection:
            metadata = sa.MetaData()
            leads = sa.Table("leads", metadata, autoload_with=connection)
            changes = sa.Table("lead_status_changes", metadata, autoload_with=connection)
            lead = {"answers": {}, "score": 30, "score_reasons": [], "is_spam": False,
                    "size": None, "spam_reasons": []}  # fmt: skip
            for row in [
                    {**lead, "id": 1, "name": "Ada", "email": "ada@example.com",
                     "size": "small", "status": "contacted", "consented_at": first,
                     "created_at": first, "updated_at": later},
                    {**lead, "id": 2, "name": "Ada L", "email": "Ada@Example.com",
                     "size": "large", "status": "new", "consented_at": later,
                     "created_at": later, "updated_at": later - timedelta(days=1)},
                    {**lead, "id": 3, "name": "Bob", "email": "bob@example.com",
                     "status": "spam", "is_spam": True, "consented_at": first,
                     "created_at": first, "updated_at": first,
                     "spam_reasons": ["the hidden honeypot field was filled in"]},
            ]:  # fmt: skip
                connection.execute(leads.insert().values(**row))
            connection.execute(
                changes.insert().values(
                    lead_id=1, from_status="new", to_status="contacted", changed_at=later
                )
            )
        migrations.migrate(empty_database_url, "head")
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text(
                    "SELECT id, email_key, status, size, submission_count FROM leads ORDER BY id"
                )
            ).all()
            submissions = connection.execute(
                sa.text(
                    "SELECT lead_id, number, is_spam FROM lead_submissions ORDER BY lead_id, number"
                )
            ).all()
            history = connection.execute(
                sa.text("SELECT lead_id, from_status, to_status FROM lead_status_changes")
            ).all()
    finally:
        engine.dispose()
    assert [tuple(row) for row in rows] == [
        (1, "ada@example.com", "contacted", "large", 2),
        (3, "bob@example.com", "spam", None, 1),
    ]
    assert [tuple(row) for row in submissions] == [(1, 1, False), (1, 2, False), (3, 1, True)]
    assert [tuple(row) for row in history] == [(1, "new", "contacted")]


def test_upgrading_counts_each_leads_genuine_submissions_from_another_conversation(
    empty_database_url: str,
) -> None:
    migrations.migrate(empty_database_url, "0006_answer_feedback")
    engine = db.create_engine(empty_database_url, poolclass=pool.NullPool)
    at = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
    try:
        with engine.begin() as connection:
            metadata = sa.MetaData()
            conversations = sa.Table("conversations", metadata, autoload_with=connection)
            leads = sa.Table("leads", metadata, autoload_with=connection)
            submissions = sa.Table("lead_submissions", metadata, autoload_with=connection)
            for number in (1, 2):
                connection.execute(conversations.insert().values(
                    id=number, public_id=f"c{number}", token_hash="x", mode="done", state={},
                    message_count=0, created_at=at, last_activity_at=at))  # fmt: skip
            for lead_id, email in ((1, "ada@example.com"), (2, "bob@example.com")):
                connection.execute(leads.insert().values(
                    id=lead_id, email_key=email, name="x", email=email, answers={}, score=0,
                    score_reasons=[], status="new", is_spam=False, submission_count=0,
                    last_submitted_at=at, created_at=at, updated_at=at))  # fmt: skip
            # Ada: her own conversation twice, another one (genuine, then spam); Bob: his own.
            for lead_id, number, conversation_id, is_spam in (
                (1, 1, 1, False), (1, 2, 1, False), (1, 3, 2, False), (1, 4, 2, True),
                (2, 1, 2, False),
            ):  # fmt: skip
                connection.execute(submissions.insert().values(
                    lead_id=lead_id, number=number, conversation_id=conversation_id,
                    answers={}, display=[], transcript=[], score=0, score_details={},
                    is_spam=is_spam, spam_reasons=[], consent_text="ok", consent_version="v",
                    consented_at=at, created_at=at))  # fmt: skip
        migrations.migrate(empty_database_url, "head")
        with engine.connect() as connection:
            counts = connection.execute(
                sa.text("SELECT id, other_conversation_submissions FROM leads ORDER BY id")
            ).all()
    finally:
        engine.dispose()
    assert [tuple(row) for row in counts] == [(1, 1), (2, 0)]
