"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.script import ScriptDirectory
from sqlalchemy import pool

from consultbot.storage import db

TABLES = {
    "conversations",
    "messages",
    "leads",
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
        return db.current_revision(engine)
    finally:
        engine.dispose()


def test_upgrade_from_empty_then_downgrade_to_base_and_upgrade_again(
    empty_database_url: str,
) -> None:
    db.migrate(empty_database_url, "head")
    assert TABLES <= table_names(empty_database_url)
    assert revision_at(empty_database_url) == db.head_revision()

    db.migrate(empty_database_url, "base", downgrade=True)
    assert table_names(empty_database_url) <= {"alembic_version"}
    assert revision_at(empty_database_url) is None

    db.migrate(empty_database_url, "head")
    assert TABLES <= table_names(empty_database_url)
    assert revision_at(empty_database_url) == db.head_revision()


def test_models_and_migrations_agree(database_url: str) -> None:
    assert db.schema_differences(database_url) == []


def test_a_model_change_without_a_migration_is_reported(migrated_database_url: str) -> None:
    engine = db.create_engine(migrated_database_url, poolclass=pool.NullPool)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("ALTER TABLE leads ADD COLUMN shoe_size INTEGER")
    finally:
        engine.dispose()
    differences = db.schema_differences(migrated_database_url)
    assert [db.describe_difference(item) for item in differences] == [
        "remove_column leads.shoe_size"
    ]


def test_the_migrations_form_one_line_of_history() -> None:
    scripts = ScriptDirectory.from_config(db.alembic_config())
    assert scripts.get_heads() == [db.head_revision()]
    chain = [script.revision for script in scripts.walk_revisions()]  # head first
    numbers = [int(revision[:4]) for revision in reversed(chain)]
    # Numbered in order; 0003 belongs to a branch not merged here yet.
    assert numbers == sorted(set(numbers))
    assert chain[-1] == "0001_initial" and chain[0] == "0004_hardening"


def test_constraints_have_the_names_the_models_give_them(database_url: str) -> None:
    engine = db.create_engine(database_url, poolclass=pool.NullPool)
    try:
        inspector = sa.inspect(engine)
        uniques = {item["name"] for item in inspector.get_unique_constraints("messages")}
        foreign_keys = {item["name"] for item in inspector.get_foreign_keys("leads")}
        checks = {item["name"] for item in inspector.get_check_constraints("outbox")}
    finally:
        engine.dispose()
    assert "uq_messages_conversation_id_client_message_id" in uniques
    assert foreign_keys == {"fk_leads_conversation_id_conversations"}
    assert {"ck_outbox_channel", "ck_outbox_delivery_status"} <= checks
