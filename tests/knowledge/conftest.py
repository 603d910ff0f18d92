"""Helpers for knowledge tests: write knowledge folders in tmp_path; no app, no database."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

BROKEN = Path(__file__).parent / "broken"
BASE = BROKEN / "base"

WriteKnowledge = Callable[[Mapping[str, str]], Path]


@pytest.fixture
def write_knowledge(tmp_path: Path) -> WriteKnowledge:
    """Return a function that writes {relative name: YAML text} into tmp_path/kb."""

    def write(files: Mapping[str, str]) -> Path:
        """Write the files and return the folder."""
        folder = tmp_path / "kb"
        folder.mkdir(exist_ok=True)
        for name, text in files.items():
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return folder

    return write


@pytest.fixture
def broken_case(tmp_path: Path) -> Callable[[str], Path]:
    """Return a function that copies the valid base plus one broken file into tmp_path/kb."""

    def copy(name: str) -> Path:
        """Copy the base and the case; return the folder."""
        folder = tmp_path / "kb"
        shutil.copytree(BASE, folder)
        shutil.copy(BROKEN / f"{name}.yaml", folder / f"{name}.yaml")
        return folder

    return copy
