"""gunicorn's settings, read from the environment when ``consultbot serve`` starts it."""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

MODULE = "consultbot.gunicorn_conf"
LoadSettings = Callable[..., Any]


class Server:
    """What the hooks use of gunicorn's arbiter: its settings and its log."""

    def __init__(self, workers: int) -> None:
        self.cfg = SimpleNamespace(workers=workers)
        self.warnings: list[str] = []
        self.log = SimpleNamespace(warning=lambda text, *args: self.warnings.append(text % args))


@pytest.fixture
def load_settings(monkeypatch: pytest.MonkeyPatch) -> LoadSettings:
    """Return a function importing the settings afresh under the given environment."""
    for name in ("CONSULTBOT_BIND", "PORT", "WEB_CONCURRENCY", "GUNICORN_THREADS"):
        monkeypatch.delenv(name, raising=False)
    # Set (to nothing) so the folder the module names is taken away again after the test.
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", "")

    def load(**environ: str) -> Any:
        for name, value in environ.items():
            monkeypatch.setenv(name, value)
        monkeypatch.delitem(sys.modules, MODULE, raising=False)
        return importlib.import_module(MODULE)

    return load


def test_defaults_listen_on_port_8000_with_threads(load_settings: LoadSettings) -> None:
    settings = load_settings()
    assert settings.bind == "0.0.0.0:8000"
    assert settings.workers == min(2 * (os.cpu_count() or 1), 8)
    assert (settings.threads, settings.worker_class, settings.timeout) == (4, "gthread", 30)


def test_the_environment_sets_address_workers_threads_and_timeout(
    load_settings: LoadSettings,
) -> None:
    settings = load_settings(
        PORT="9000", WEB_CONCURRENCY="3", GUNICORN_THREADS="2", GUNICORN_TIMEOUT="5"
    )
    assert (settings.bind, settings.workers, settings.threads, settings.timeout) == (
        "0.0.0.0:9000", 3, 2, 5,
    )  # fmt: skip
    assert load_settings(CONSULTBOT_BIND="127.0.0.1:7000", PORT="9000").bind == "127.0.0.1:7000"


def test_a_bad_number_stops_gunicorn_at_once(load_settings: LoadSettings) -> None:
    with pytest.raises(ValueError, match="'many'"):
        load_settings(WEB_CONCURRENCY="many")


def test_a_fresh_metrics_folder_is_made_emptied_at_start_and_removed_at_exit(
    load_settings: LoadSettings,
) -> None:
    settings = load_settings()
    folder = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
    assert folder.is_dir() and folder.name.startswith("consultbot-metrics-")
    (folder / "counter_1.db").write_bytes(b"old")
    (folder / "kept").mkdir()
    settings.on_starting(Server(workers=1))
    assert [entry.name for entry in folder.iterdir()] == ["kept"]
    settings.on_exit(SimpleNamespace())
    assert not folder.exists()


def test_a_metrics_folder_given_by_the_operator_is_left_in_place(
    load_settings: LoadSettings,
    tmp_path: Path,
) -> None:
    settings = load_settings(PROMETHEUS_MULTIPROC_DIR=str(tmp_path))
    (tmp_path / "gauge_live_1.db").write_bytes(b"old")
    settings.on_starting(Server(workers=1))
    settings.on_exit(SimpleNamespace())
    assert tmp_path.is_dir() and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "workers, environ, warned",
    [
        (2, {}, True),
        (8, {"CONSULTBOT_RATE_LIMITS": "1"}, True),
        (1, {}, False),  # one worker: its memory is every worker's
        (2, {"REDIS_URL": "redis://127.0.0.1:6379/0"}, False),
        (2, {"CONSULTBOT_RATE_LIMITS": "0"}, False),
    ],
)
def test_several_workers_counting_limits_in_memory_are_warned_about_at_start(
    load_settings: LoadSettings,
    monkeypatch: pytest.MonkeyPatch,
    workers: int,
    environ: dict[str, str],
    warned: bool,
) -> None:
    from consultbot.resources import example_knowledge_dir

    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.delenv("CONSULTBOT_RATE_LIMITS", raising=False)
    monkeypatch.setenv("CONSULTBOT_KNOWLEDGE_DIR", str(example_knowledge_dir()))
    settings = load_settings(**environ)
    server = Server(workers)
    settings.on_starting(server)
    settings.on_exit(server)
    if not warned:
        assert server.warnings == []
        return
    [warning] = server.warnings
    assert f"with {workers} workers a client gets up to {workers} times each limit" in warning
    assert "Set REDIS_URL" in warning and "Failed dashboard logins" in warning


def test_a_configuration_error_is_left_to_the_workers_to_report(
    load_settings: LoadSettings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CONSULTBOT_KNOWLEDGE_DIR", str(tmp_path / "missing"))
    settings = load_settings()
    server = Server(workers=4)
    settings.on_starting(server)
    settings.on_exit(server)
    assert server.warnings == []
