"""A gunicorn worker's memory while six clients send 50 MB chunked bodies at once.

    .venv/bin/python benchmarks/chunked_bodies.py [--clients 6] [--megabytes 50]

Starts ``consultbot serve``'s gunicorn set-up (one worker, eight threads) on a fresh SQLite
database, reads the worker's resident memory, then has ``--clients`` raw-socket clients POST
``--megabytes`` of ``Transfer-Encoding: chunked`` body each, half to the widget API and half to
the dashboard login, all at once, without any credentials. Reports the answers, how much of
each body was sent before the answer came, and the worker's memory after.
"""

from __future__ import annotations

import argparse
import os
import secrets
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from tests.conftest import free_port  # noqa: E402
from tests.production.conftest import call  # noqa: E402
from tests.production.rawhttp import send_chunked  # noqa: E402

from consultbot.storage import migrations  # noqa: E402

MB = 1024 * 1024


def rss(pid: int) -> int:
    """Resident memory of a process, in bytes."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--megabytes", type=int, default=50)
    options = parser.parse_args()
    instance = Path(tempfile.mkdtemp(prefix="consultbot-bench-"))
    url = f"sqlite:///{instance / 'bench.sqlite3'}"
    migrations.migrate(url, "head")
    port = free_port()
    metrics = tempfile.mkdtemp(prefix="consultbot-metrics-")  # gunicorn_conf empties it
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": secrets.token_hex(16),
           "CONSULTBOT_INSTANCE_PATH": str(instance), "CONSULTBOT_RATE_LIMITS": "0",
           "LOG_LEVEL": "WARNING", "PROMETHEUS_MULTIPROC_DIR": metrics}  # fmt: skip
    command = [sys.executable, "-m", "gunicorn", "-c", "python:consultbot.gunicorn_conf",
               "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "8",
               "consultbot.wsgi:app"]  # fmt: skip
    log = (instance / "gunicorn.log").open("wb")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if call("GET", f"{base}/readyz", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"gunicorn did not become ready: {instance}/gunicorn.log")
            time.sleep(0.3)
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
        worker = int(children[0])
        before = rss(worker)
        targets = [
            ("/api/v1/conversations", "application/json")
            if number % 2 == 0
            else ("/dashboard/login", "application/x-www-form-urlencoded")
            for number in range(options.clients)
        ]
        started = time.perf_counter()
        with ThreadPoolExecutor(options.clients) as pool:
            answers = list(
                pool.map(
                    lambda target: send_chunked(
                        base, target[0], options.megabytes * MB, {"Content-Type": target[1]}
                    ),
                    targets,
                )
            )
        elapsed = time.perf_counter() - started
        after = rss(worker)
        print(
            f"{options.clients} clients x {options.megabytes} MB chunked, at once, no credentials"
        )
        for (path, _), answer in zip(targets, answers, strict=True):
            print(f"  {path}: {answer.status} after {answer.sent / MB:.1f} MB sent")
        print(f"  all answered in {elapsed:.2f} s")
        print(f"  worker RSS {before / MB:.0f} MB before, {after / MB:.0f} MB after "
              f"({(after - before) / MB:+.1f} MB)")  # fmt: skip
        print(f"  /healthz afterwards: {call('GET', f'{base}/healthz')[0]}")
    finally:
        server.terminate()
        server.wait(20)


if __name__ == "__main__":
    main()
