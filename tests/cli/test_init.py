"""``consultbot init`` writes the example knowledge where an operator edits it, and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from consultbot.knowledge.loader import load_knowledge
from consultbot.resources import example_knowledge_dir
from tests.conftest import CommandRunner


def files_under(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` by relative path, with its bytes."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


def test_init_writes_the_example_knowledge_to_knowledge_in_the_working_directory(
    runner: CommandRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(["init"], env={"CONSULTBOT_KNOWLEDGE_DIR": None})
    assert result.exit_code == 0, result.output
    target = tmp_path / "knowledge"
    assert files_under(target) == files_under(example_knowledge_dir())
    assert "README.md" in files_under(target)
    assert result.output.splitlines()[:5] == [
        f"wrote the example knowledge ({len(files_under(target))} files) to {target}",
        "edit it there (its README.md explains each file); check your edits with:",
        "  consultbot knowledge check knowledge",
        f"consultbot uses it when started from {tmp_path}; from anywhere else, set:",
        f"  export CONSULTBOT_KNOWLEDGE_DIR={target}",
    ]
    assert "consultbot db upgrade" in result.output
    load_knowledge(target)  # the copy is valid knowledge as written


def test_the_service_finds_the_written_folder_from_the_same_directory(
    runner: CommandRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    unset = {"CONSULTBOT_KNOWLEDGE_DIR": None}
    assert runner.invoke(["knowledge", "check"], env=unset).exit_code == 1
    assert runner.invoke(["init"], env=unset).exit_code == 0
    result = runner.invoke(["knowledge", "check", "--no-warnings"], env=unset)
    assert result.exit_code == 0, result.output


def test_init_into_another_folder_says_to_set_the_variable(
    runner: CommandRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "sites" / "our knowledge"
    result = runner.invoke(["init", str(target)])
    assert result.exit_code == 0, result.output
    assert (target / "faq.yaml").is_file()
    assert "consultbot uses it once you set:" in result.output
    assert f"  export CONSULTBOT_KNOWLEDGE_DIR='{target}'" in result.output
    assert "  consultbot knowledge check 'sites/our knowledge'" in result.output


def test_init_fills_an_empty_folder(runner: CommandRunner, tmp_path: Path) -> None:
    target = tmp_path / "empty"
    target.mkdir()
    result = runner.invoke(["init", str(target)])
    assert result.exit_code == 0, result.output
    assert files_under(target) == files_under(example_knowledge_dir())


def test_init_never_overwrites_a_folder_with_files(runner: CommandRunner, tmp_path: Path) -> None:
    target = tmp_path / "knowledge"
    target.mkdir()
    (target / "faq.yaml").write_text("intents: []  # the operator's own work\n")
    result = runner.invoke(["init", str(target)])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {target} already exists and is not empty, so nothing was written: name a new "
        "folder, e.g. `consultbot init my-knowledge`, or keep editing the one you have\n"
    )
    assert files_under(target) == {"faq.yaml": b"intents: []  # the operator's own work\n"}


def test_init_refuses_a_file_for_a_folder(runner: CommandRunner, tmp_path: Path) -> None:
    target = tmp_path / "knowledge"
    target.write_text("not a folder")
    result = runner.invoke(["init", str(target)])
    assert result.exit_code == 1
    assert result.output == f"Error: {target} is a file: name a new folder for the knowledge\n"
    assert target.read_text() == "not a folder"
