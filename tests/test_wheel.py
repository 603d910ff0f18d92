"""The wheel works outside the checkout, as an operator installs and runs it.

The wheel is built from this checkout, installed with its ``postgres`` extra into a fresh
virtual environment in a temporary folder, and run from another temporary folder with none of
the checkout's settings: ``consultbot init``, ``consultbot db upgrade`` (SQLite, and PostgreSQL
when CONSULTBOT_TEST_DATABASE_URL is set), then ``consultbot serve`` answers over HTTP.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from consultbot.resources import checkout_root
from consultbot.storage import migrations
from tests.conftest import free_port
from tests.production.conftest import call

STARTUP_SECONDS = 60
QUESTION = "which is faster, django or fastapi?"


@dataclass(frozen=True)
class Installation:
    """consultbot installed from its wheel into a virtual environment of its own."""

    wheel: Path
    venv: Path

    @property
    def consultbot(self) -> str:
        """The installed ``consultbot`` command."""
        return str(self.venv / "bin" / "consultbot")

    def environment(self, **settings: str) -> dict[str, str]:
        """An environment with nothing from the checkout: no CONSULTBOT_*, no PYTHONPATH."""
        kept = {
            name: value
            for name, value in os.environ.items()
            if name in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")
        }
        kept["PATH"] = f"{self.venv / 'bin'}{os.pathsep}{kept.get('PATH', '')}"
        return {**kept, **settings}

    def run(self, args: list[str], cwd: Path, env: Mapping[str, str]) -> str:
        """Run the installed ``consultbot ARGS`` in ``cwd``; return its output, fail on error."""
        result = subprocess.run(
            [self.consultbot, *args],
            cwd=cwd,
            env=dict(env),
            capture_output=True,
            text=True,
            timeout=120,
        )
        output = result.stdout + result.stderr
        assert result.returncode == 0, f"consultbot {' '.join(args)} failed:\n{output}"
        return output


def _run(command: list[str], env: Mapping[str, str], cwd: Path) -> None:
    result = subprocess.run(
        command, env=dict(env), cwd=cwd, capture_output=True, text=True, timeout=900
    )
    assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}"


@pytest.fixture(scope="module")
def installation(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installation]:
    """Build the wheel from the checkout and install it, with [postgres], in a fresh venv."""
    root = checkout_root()
    assert root is not None, "the wheel test builds from a checkout (pip install -e .)"
    folder = tmp_path_factory.mktemp("wheel")
    # pip's own settings (indexes, certificates) pass through; the project's do not.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CONSULTBOT_", "PYTHON"))}
    dist = folder / "dist"
    _run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(dist), str(root)],
        env,
        folder,
    )
    (wheel,) = dist.glob("consultbot-*.whl")
    venv = folder / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], env, folder)
    _run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", f"{wheel}[postgres]"],
        env,
        folder,
    )
    yield Installation(wheel, venv)
    # pytest keeps the last runs' temporary folders; a whole environment each is too much.
    shutil.rmtree(folder)


def test_the_wheel_carries_templates_static_files_migrations_and_the_example_knowledge(
    installation: Installation,
) -> None:
    names = set(zipfile.ZipFile(installation.wheel).namelist())
    root = checkout_root()
    assert root is not None
    expected = {
        "consultbot/templates/dashboard/login.html",
        "consultbot/templates/site/demo.html",
        "consultbot/web/static/widget.js",
        "consultbot/migrations/env.py",
        "consultbot/migrations/script.py.mako",
        "consultbot/example_knowledge/README.md",
    }
    for folder, inside in (("migrations/versions", "migrations/versions"), ("knowledge", "")):
        for path in (root / folder).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                relative = path.relative_to(root / folder).as_posix()
                prefix = f"consultbot/{inside or 'example_knowledge'}"
                expected.add(f"{prefix}/{relative}")
    assert expected <= names, sorted(expected - names)
    assert not [name for name in names if "__pycache__" in name or name.endswith(".pyc")]


def test_the_installed_package_is_used_not_the_checkout(installation: Installation) -> None:
    result = subprocess.run(
        [
            str(installation.venv / "bin" / "python"),
            "-c",
            "import consultbot.resources as r; print(r.templates_dir()); print(r.checkout_root())",
        ],
        cwd=installation.venv,
        env=installation.environment(),
        capture_output=True,
        text=True,
        check=True,
    )
    templates, checkout = result.stdout.splitlines()
    assert Path(templates).is_relative_to(installation.venv)
    assert checkout == "None"


@pytest.fixture
def served(
    installation: Installation,
    database_backend: str,
    request: pytest.FixtureRequest,
    tmp_path: Path,
) -> Iterator[str]:
    """Init, migrate and serve the installed consultbot from an empty folder; yield its URL."""
    site = tmp_path / "site"
    site.mkdir()
    settings = {"PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    if database_backend == "postgresql":
        settings["DATABASE_URL"] = request.getfixturevalue("empty_database_url")
    env = installation.environment(**settings)

    before = subprocess.run(
        [installation.consultbot, "db", "upgrade"],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
    )
    assert before.returncode == 1
    assert before.stderr.startswith(
        "Error: no knowledge folder: CONSULTBOT_KNOWLEDGE_DIR is not set"
    )
    assert "Run `consultbot init` here" in before.stderr and "Traceback" not in before.stderr

    output = installation.run(["init"], site, env)
    root = checkout_root()
    assert root is not None
    shipped = sum(1 for p in (root / "knowledge").rglob("*") if p.is_file())
    assert f"wrote the example knowledge ({shipped} files) to {site / 'knowledge'}" in output
    assert (site / "knowledge" / "README.md").is_file()
    output = installation.run(["db", "upgrade"], site, env)
    assert f"database at revision {migrations.head_revision()}" in output
    if database_backend == "sqlite":
        assert (site / "instance" / "consultbot.sqlite3").is_file()

    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as output_file:
        process = subprocess.Popen(
            [installation.consultbot, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
            cwd=site,
            env=env,
            stdout=output_file,
            stderr=output_file,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(url, process, log)
        yield url
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_ready(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"consultbot serve exited with {process.returncode}:\n{log.read_text()}")
        try:
            if fetch(f"{url}/readyz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"consultbot serve was not ready in {STARTUP_SECONDS}s:\n{log.read_text()}")


def fetch(url: str) -> tuple[int, str, str]:
    """GET a page; return its status, content type and text."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode()


def test_the_installed_service_runs_from_a_folder_of_its_own(served: str) -> None:
    status, kind, _ = fetch(f"{served}/readyz")
    assert (status, kind) == (200, "application/json")

    status, kind, page = fetch(f"{served}/demo")
    assert (status, kind) == (200, "text/html; charset=utf-8")
    assert "/widget.js" in page

    status, kind, script = fetch(f"{served}/widget.js")
    assert (status, kind) == (200, "application/javascript; charset=utf-8")
    assert "consultbot" in script

    status, kind, login = fetch(f"{served}/dashboard/login")
    assert (status, kind) == (200, "text/html; charset=utf-8")
    assert "<h1>Log in</h1>" in login

    page_url = "https://www.example.com/compare/django-vs-fastapi"
    status, opened, _ = call("POST", f"{served}/api/v1/conversations", {"page_url": page_url})
    assert status == 201, opened
    status, answer, _ = call(
        "POST",
        f"{served}/api/v1/conversations/{opened['conversation_id']}/messages",
        {"text": QUESTION, "client_message_id": "7d1c9a52-95b2-4d8b-8f8e-1d2c3b4a5f60"},
        token=opened["token"],
    )
    assert status == 200, answer
    assert answer["meta"]["fallback"] is False
    assert "FastAPI" in answer["replies"][0]["text"]
