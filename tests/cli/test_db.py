"""``consultbot db``: create, migrate and check the database, failing with clean messages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import pool

from consultbot.resources import migrations_dir
from consultbot.storage import db
from consultbot.storage.migrations import head_revision
from tests.conftest import CommandRunner


def test_upgrade_creates_the_sqlite_file_and_is_idempotent(
    runner: CommandRunner, tmp_path: Path
) -> None:
    path = tmp_path / "instance" / "consultbot.sqlite3"
    first = runner.invoke(["db", "upgrade"])
    assert first.exit_code == 0, first.output
    assert path.is_file()
    assert first.output == f"database at revision {head_revision()}: sqlite:///{path}\n"
    again = runner.invoke(["db", "upgrade"])
    assert again.exit_code == 0, again.output
    assert again.output == first.output
    current = runner.invoke(["db", "current"])
    assert current.output == f"{head_revision()} (up to date): sqlite:///{path}\n"


def test_upgrade_migrates_an_empty_database_on_each_backend(
    runner: CommandRunner, empty_database_url: str
) -> None:
    env = {"DATABASE_URL": empty_database_url}
    result = runner.invoke(["db", "upgrade"], env=env)
    assert result.exit_code == 0, result.output
    current = runner.invoke(["db", "current"], env=env)
    assert current.exit_code == 0, current.output
    assert current.output.startswith(f"{head_revision()} (up to date)")


def test_current_before_the_first_upgrade_says_what_to_run(runner: CommandRunner) -> None:
    result = runner.invoke(["db", "current"])
    assert result.exit_code == 1
    assert "does not exist yet: run `consultbot db upgrade`" in result.output


def test_current_on_an_empty_database_says_it_is_behind(
    runner: CommandRunner, empty_database_url: str
) -> None:
    engine = db.create_engine(empty_database_url, poolclass=pool.NullPool)
    with engine.begin() as connection:
        connection.exec_driver_sql("SELECT 1")
    engine.dispose()
    result = runner.invoke(["db", "current"], env={"DATABASE_URL": empty_database_url})
    assert result.exit_code == 0
    assert result.output.startswith(
        f"empty (behind {head_revision()}: run `consultbot db upgrade`)"
    )


def test_upgrade_against_an_unreachable_server_fails_cleanly(runner: CommandRunner) -> None:
    env = {"DATABASE_URL": "postgresql+psycopg://postgres:hunter2@127.0.0.1:1/app"}
    result = runner.invoke(["db", "upgrade"], env=env)
    assert result.exit_code == 1
    assert result.output.startswith(
        "Error: cannot reach the PostgreSQL database 'app' at 127.0.0.1:1"
    )
    assert "hunter2" not in result.output
    assert "Traceback" not in result.output


def test_upgrade_names_an_unwritable_instance_folder(runner: CommandRunner, tmp_path: Path) -> None:
    blocker = tmp_path / "afile"
    blocker.write_text("a file, not a folder")
    result = runner.invoke(
        ["db", "upgrade"], env={"CONSULTBOT_INSTANCE_PATH": str(blocker / "instance")}
    )
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: cannot create the folder {blocker / 'instance'}")


def test_upgrade_to_an_unknown_revision_fails_cleanly(runner: CommandRunner) -> None:
    result = runner.invoke(["db", "upgrade", "--revision", "nonsense"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: alembic: ")
    assert "nonsense" in result.output


def test_check_passes_when_models_and_migrations_agree(runner: CommandRunner) -> None:
    result = runner.invoke(["db", "check"])
    assert result.exit_code == 0, result.output
    assert result.output == f"models and migrations agree (head {head_revision()})\n"


def test_check_against_the_database_lists_what_differs(
    runner: CommandRunner, migrated_database_url: str
) -> None:
    env = {"DATABASE_URL": migrated_database_url}
    assert runner.invoke(["db", "check", "--database"], env=env).exit_code == 0
    engine = db.create_engine(migrated_database_url, poolclass=pool.NullPool)
    with engine.begin() as connection:
        connection.exec_driver_sql("ALTER TABLE users ADD COLUMN nickname VARCHAR(20)")
    engine.dispose()
    result = runner.invoke(["db", "check", "--database"], env=env)
    assert result.exit_code == 1
    assert "the models and the migrations differ:\n  remove_column users.nickname\n" in (
        result.output
    )


def test_check_against_an_unmigrated_database_says_to_upgrade_first(
    runner: CommandRunner, empty_database_url: str
) -> None:
    engine = db.create_engine(empty_database_url, poolclass=pool.NullPool)
    with engine.begin() as connection:
        connection.exec_driver_sql("SELECT 1")
    engine.dispose()
    result = runner.invoke(["db", "check", "--database"], env={"DATABASE_URL": empty_database_url})
    assert result.exit_code == 1
    assert "run `consultbot db upgrade` first" in result.output


def test_revision_writes_the_next_numbered_migration(
    runner: CommandRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    migrations = tmp_path / "migrations"
    shutil.copytree(migrations_dir(), migrations, ignore=shutil.ignore_patterns("__pycache__"))
    head = head_revision()
    number = f"{len(list((migrations / 'versions').glob('[0-9]*.py'))) + 1:04d}"
    monkeypatch.setattr("consultbot.storage.migrations.migrations_dir", lambda: migrations)
    result = runner.invoke(["db", "revision", "-m", "add nothing yet"])
    assert result.exit_code == 0, result.output
    written = migrations / "versions" / f"{number}_add_nothing_yet.py"
    assert f"wrote {written}: read it, tidy it" in result.output
    text = written.read_text()
    assert f"revision: str = '{number}'" in text
    assert f"down_revision: str | None = '{head}'" in text
