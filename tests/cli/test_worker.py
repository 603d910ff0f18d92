"""``consultbot worker``."""

from __future__ import annotations

from tests.conftest import CommandRunner


def test_the_worker_needs_a_channel(runner: CommandRunner, migrated_database_url: str) -> None:
    result = runner.invoke(["worker"], env={"DATABASE_URL": migrated_database_url})
    assert result.exit_code == 1
    assert "no notification channel is configured" in result.output
