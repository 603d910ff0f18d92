"""The shipped folders are found through the package, in a checkout and when installed."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from consultbot.resources import (
    checkout_root,
    example_knowledge_dir,
    migrations_dir,
    templates_dir,
)


def test_a_checkout_uses_its_top_level_folders_so_edits_count_at_once() -> None:
    root = checkout_root()
    assert root is not None and (root / "pyproject.toml").is_file()
    assert templates_dir() == root / "templates"
    assert migrations_dir() == root / "migrations"
    assert example_knowledge_dir() == root / "knowledge"


def test_an_installed_package_without_its_folders_says_to_reinstall(tmp_path: Path) -> None:
    # A copy of the package alone, as a broken install would leave it (no checkout around it).
    site = tmp_path / "site-packages"
    root = checkout_root()
    assert root is not None
    shutil.copytree(
        root / "src" / "consultbot",
        site / "consultbot",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    result = subprocess.run(
        [sys.executable, "-c", "from consultbot.resources import templates_dir; templates_dir()"],
        cwd=tmp_path,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert (
        "consultbot.errors.ConfigError: consultbot is installed without its templates folder "
        f"(looked for {site / 'consultbot' / 'templates'}): reinstall it"
    ) in result.stderr
