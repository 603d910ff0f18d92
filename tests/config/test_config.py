"""Configuration errors stop the service with one message that says what to fix."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click
import pytest
from flask import Flask

from consultbot.cli import load_app
from consultbot.config import DEV_SECRET_KEY, load_config
from consultbot.errors import ConfigError, KnowledgeError
from tests.conftest import CommandRunner


def test_defaults_need_nothing_installed(tmp_path: Path) -> None:
    config = load_config({"INSTANCE_PATH": tmp_path}, environ={})
    assert config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'consultbot.sqlite3'}"
    assert config["ENV"] == "development"
    assert config["LOG_LEVEL"] == "INFO"


def test_environment_variables_are_read() -> None:
    config = load_config(
        environ={
            "LOG_LEVEL": "debug",
            "SECRET_KEY": "s3cret",
            "CONSULTBOT_ENV": "production",
            "CONSULTBOT_METRICS_TOKEN": "scrape-me",
        }
    )
    assert config["LOG_LEVEL"] == "DEBUG"
    assert config["SECRET_KEY"] == "s3cret"
    assert config["ENV"] == "production"


def test_explicit_settings_win_over_the_environment(tmp_path: Path) -> None:
    config = load_config(
        {"DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}", "LOG_LEVEL": "warning"},
        environ={"DATABASE_URL": "mysql://nope/db", "LOG_LEVEL": "LOUD"},
    )
    assert config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'x.sqlite3'}"
    assert config["LOG_LEVEL"] == "WARNING"


def test_production_refuses_the_development_secret() -> None:
    with pytest.raises(ConfigError, match="refusing to start in production.*SECRET_KEY"):
        load_config(environ={"CONSULTBOT_ENV": "production"})
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load_config(environ={"CONSULTBOT_ENV": "production", "SECRET_KEY": DEV_SECRET_KEY})


def test_production_refuses_to_start_with_open_metrics() -> None:
    production = {"CONSULTBOT_ENV": "production", "SECRET_KEY": "s" * 40}
    with pytest.raises(ConfigError, match="without CONSULTBOT_METRICS_TOKEN"):
        load_config(environ=production)
    with pytest.raises(ConfigError, match="without CONSULTBOT_METRICS_TOKEN"):
        load_config(environ={**production, "CONSULTBOT_METRICS_TOKEN": "  "})
    assert load_config(environ={**production, "CONSULTBOT_METRICS_TOKEN": "t" * 32})
    assert load_config(environ={"CONSULTBOT_ENV": "development"})["METRICS_TOKEN"] == ""


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"CONSULTBOT_ENV": "staging"}, "CONSULTBOT_ENV must be one of development, production"),
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL must be one of DEBUG, INFO"),
        ({"CONSULTBOT_KNOWLEDGE_RELOAD_SECONDS": "soon"}, "must be a number of seconds"),
        ({"DATABASE_URL": "not a url"}, "DATABASE_URL is not a database URL"),
        ({"DATABASE_URL": "postgresql://u@h:notaport/db"}, "DATABASE_URL is not a database URL"),
        ({"DATABASE_URL": "mysql://root@localhost/db"}, "names the 'mysql' database"),
        ({"DATABASE_URL": "postgresql+psycopg2://u@h/db"}, "uses the driver 'psycopg2'"),
        ({"DATABASE_URL": "sqlite://"}, "must name a SQLite file"),
        ({"DATABASE_URL": "sqlite:///:memory:"}, "must name a SQLite file"),
        ({"CONSULTBOT_KNOWLEDGE_DIR": "/nonexistent/knowledge"}, "knowledge directory"),
    ],
)
def test_bad_settings_are_refused_with_what_to_fix(environ: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_config(environ=environ)


def test_a_bad_database_url_is_shown_without_its_password() -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(environ={"DATABASE_URL": "mysql://root:hunter2@db.example/app"})
    assert "mysql://root:***@db.example/app" in caught.value.message
    assert "hunter2" not in caught.value.message


@pytest.mark.parametrize("scheme", ["postgres", "postgresql"])
def test_plain_postgres_urls_get_the_psycopg_driver(scheme: str) -> None:
    config = load_config(environ={"DATABASE_URL": f"{scheme}://u:p@db.example:5432/app"})
    assert config["DATABASE_URL"] == "postgresql+psycopg://u:p@db.example:5432/app"


def test_a_missing_knowledge_directory_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "no-knowledge-here"
    with pytest.raises(ConfigError) as caught:
        load_config(environ={"CONSULTBOT_KNOWLEDGE_DIR": str(missing)})
    assert caught.value.message.startswith(f"the knowledge directory {missing} does not exist")
    assert "CONSULTBOT_KNOWLEDGE_DIR" in caught.value.message


def test_an_unwritable_instance_folder_is_named(
    make_app: Callable[..., Flask], tmp_path: Path
) -> None:
    # Tests run as root, so permissions would not stop them: put the folder under a file.
    blocker = tmp_path / "afile"
    blocker.write_text("a file, not a folder")
    with pytest.raises(ConfigError) as caught:
        make_app(INSTANCE_PATH=blocker / "instance")
    assert caught.value.message.startswith(
        f"cannot create the folder {blocker / 'instance'} for the SQLite database"
    )
    assert "set CONSULTBOT_INSTANCE_PATH or DATABASE_URL" in caught.value.message


def test_the_app_starts_without_a_database(make_app: Callable[..., Flask]) -> None:
    app = make_app(DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:1/nowhere")
    assert app.config["DATABASE_URL"].endswith("127.0.0.1:1/nowhere")


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"DATABASE_URL": "mysql://root:hunter2@localhost/db"},
            "DATABASE_URL names the 'mysql' database",
        ),
        ({"DATABASE_URL": "::not a url::"}, "DATABASE_URL is not a database URL"),
        ({"CONSULTBOT_ENV": "production", "SECRET_KEY": None}, "refusing to start in production"),
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL must be one of"),
    ],
)
def test_the_cli_prints_configuration_errors_without_a_traceback(
    runner: CommandRunner, env: dict[str, str | None], message: str
) -> None:
    result = runner.invoke(["db", "upgrade"], env=env)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {message}")
    assert result.output.count("\n") == 1
    assert "hunter2" not in result.output


def test_an_invalid_knowledge_directory_stops_the_service_cleanly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "faq.yaml").write_text("intents:\n  - id: hi\n    answer: Hello\n")
    monkeypatch.setenv("CONSULTBOT_KNOWLEDGE_DIR", str(tmp_path))
    with pytest.raises(click.ClickException) as caught:
        load_app()
    assert "faq.yaml" in caught.value.message
    assert "examples" in caught.value.message
    assert not isinstance(caught.value.__cause__, KnowledgeError)


def test_knowledge_and_instance_default_to_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "knowledge").mkdir()
    monkeypatch.chdir(tmp_path)
    config = load_config(environ={})
    assert config["KNOWLEDGE_DIR"] == tmp_path / "knowledge"
    assert config["INSTANCE_PATH"] == tmp_path / "instance"
    assert config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'instance' / 'consultbot.sqlite3'}"


def test_without_any_knowledge_folder_the_error_says_how_to_get_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError) as caught:
        load_config(environ={})
    assert caught.value.message == (
        "no knowledge folder: CONSULTBOT_KNOWLEDGE_DIR is not set and the working directory "
        f"({tmp_path}) has no knowledge/ folder. Run `consultbot init` here to write the "
        "example knowledge to ./knowledge and edit it, or set CONSULTBOT_KNOWLEDGE_DIR to the "
        "folder holding your knowledge YAML files"
    )


@pytest.mark.parametrize(
    "args", [["run"], ["serve"], ["db", "upgrade"], ["knowledge", "check"], ["leads", "export"]]
)
def test_every_command_without_a_knowledge_folder_says_so_in_one_line(
    runner: CommandRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(args, env={"CONSULTBOT_KNOWLEDGE_DIR": None})
    assert result.exit_code == 1
    assert result.output.startswith("Error: no knowledge folder: CONSULTBOT_KNOWLEDGE_DIR is not")
    assert result.output.count("\n") == 1
