"""``python -m consultbot`` is the ``consultbot`` command."""

from __future__ import annotations

import subprocess
import sys


def run_module(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m consultbot ARGS`` and capture what it prints."""
    return subprocess.run(
        [sys.executable, "-m", "consultbot", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_help_lists_the_commands() -> None:
    result = run_module("--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Usage: python -m consultbot [OPTIONS] COMMAND")
    for command in ("init", "db", "knowledge", "leads", "worker", "users", "serve"):
        assert f"\n  {command} " in result.stdout


def test_an_unknown_command_exits_2_saying_so() -> None:
    result = run_module("frobnicate")
    assert result.returncode == 2
    assert "No such command 'frobnicate'" in result.stderr
