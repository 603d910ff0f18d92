"""``consultbot conversations purge``: old conversations without a lead, batch by batch."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from tests.conftest import CommandRunner
from tests.seeding import (
    add_chats,
    add_old_chats,
    count_rows,
    public_ids,
)


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


def test_purge_refuses_a_bad_older_than_days(runner: CommandRunner) -> None:
    result = runner.invoke(["conversations", "purge", "--older-than-days", "0"])
    assert result.exit_code == 2
    assert "Invalid value for '--older-than-days'" in result.output
