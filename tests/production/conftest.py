"""Real gunicorn instances and a cuttable database link, for scale-out and fault tests."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from consultbot.resources import example_knowledge_dir
from tests.conftest import TEST_SECRET_KEY, free_port

STARTUP_SECONDS = 90


def call(
    method: str,
    url: str,
    body: dict[str, Any] | None = None,
    token: str | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 30,
) -> tuple[int, dict[str, Any], dict[str, str]]:
    """Send one HTTP request; return the status, the JSON body and the headers."""
    sent = {"Content-Type": "application/json", **(headers or {})}
    if token:
        sent["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data, sent, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read()
            return response.status, json.loads(raw) if raw else {}, dict(response.headers)
    except urllib.error.HTTPError as error:
        raw = error.read()
        return error.code, json.loads(raw) if raw else {}, dict(error.headers)


@dataclass
class Gunicorn:
    """One gunicorn instance of the service."""

    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def worker_pids(self) -> list[int]:
        """The master's worker processes."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def wait_ready(self, timeout: float = STARTUP_SECONDS) -> None:
        """Wait until /readyz answers 200; fail with the instance's log otherwise."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(
                    f"gunicorn exited with {self.process.returncode}:\n{self.log.read_text()}"
                )
            try:
                if call("GET", f"{self.url}/readyz", timeout=2)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        pytest.fail(f"gunicorn at {self.url} not ready in {timeout}s:\n{self.log.read_text()}")

    def stop(self) -> None:
        """Stop gracefully, then for good."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture
def start_gunicorn(tmp_path: Path) -> Iterator[Callable[..., Gunicorn]]:
    """Start gunicorn instances (``consultbot.wsgi:app``) with settings; stop them after."""
    started: list[Gunicorn] = []

    def start(database_url: str, workers: int = 1, threads: int = 4, **env: str) -> Gunicorn:
        port = free_port()
        number = len(started) + 1
        log = tmp_path / f"gunicorn-{number}.log"
        metrics = tmp_path / f"metrics-{number}"
        metrics.mkdir()
        settings = {
            **{k: v for k, v in os.environ.items() if not k.startswith("CONSULTBOT_")},
            "DATABASE_URL": database_url,
            "SECRET_KEY": TEST_SECRET_KEY,
            "CONSULTBOT_INSTANCE_PATH": str(tmp_path / "instance"),
            "CONSULTBOT_KNOWLEDGE_DIR": str(example_knowledge_dir()),
            "PROMETHEUS_MULTIPROC_DIR": str(metrics),
            "CONSULTBOT_LOG_FORMAT": "json",
            "CONSULTBOT_SPAM_MIN_FORM_SECONDS": "0",
            **env,
        }
        command = [
            sys.executable, "-m", "gunicorn", "-c", "python:consultbot.gunicorn_conf",
            "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads),
            "consultbot.wsgi:app",
        ]  # fmt: skip
        with log.open("wb") as output:
            process = subprocess.Popen(command, env=settings, stdout=output, stderr=output)
        instance = Gunicorn(f"http://127.0.0.1:{port}", process, log)
        started.append(instance)
        return instance

    yield start
    for instance in started:
        instance.stop()


@dataclass
class LinkCut:
    """A TCP proxy in front of the database that a test can cut and restore."""

    upstream: tuple[str, int]
    port: int = field(default_factory=free_port)
    _listener: socket.socket | None = None
    _open: list[socket.socket] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> None:
        """Accept connections and pass them through."""
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        """Refuse new connections and break every open one, as a database crash would."""
        if self._listener is not None:
            try:  # wakes the thread blocked in accept(); close() alone would not
                self._listener.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self._listener.close()
            self._listener = None
        with self._lock:
            for connection in self._open:
                try:
                    connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                connection.close()
            self._open.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.upstream)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._open += [client, server]
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, target):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


@contextmanager
def link_to(host: str, port: int) -> Iterator[LinkCut]:
    """A started LinkCut to ``host:port``, cut at the end."""
    link = LinkCut((host, port))
    link.start()
    try:
        yield link
    finally:
        link.cut()
