"""Do visitors waiting for a person slow down everyone else? gunicorn on PostgreSQL, measured.

    .venv/bin/python benchmarks/live_waiting.py [--waiting 200] [--seconds 15] [--clients 8]

1. ``--waiting`` visitors each open a conversation and ask for a person while a staff member
   is available: each is told "I'm bringing in one of our engineers" and waits (their wait is
   then extended past the run, so none times out during it).
2. Baseline: ``--clients`` other visitors send questions for ``--seconds`` with nobody polling.
3. The same, while every waiting visitor's widget polls its events endpoint every ``--every``
   seconds (default 3, as the widget does while waiting with its tab visible; it polls every
   1.5 s once a person holds the chat), on keep-alive connections from two processes.

Reported for 2 and 3: chat messages per second and p50/p99; for the pollers: polls per second,
their p99 and any error. gunicorn runs as ``load.py`` runs it (2 workers x 4 threads, gthread):
a poll is a short request, so an idle waiting visitor holds a connection, never a thread.
It makes its own database on the server named by CONSULTBOT_TEST_DATABASE_URL and drops it.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from consultbot.storage import db, migrations  # noqa: E402
from consultbot.storage.models import (  # noqa: E402
    LiveChat,  # noqa: E402
    StaffRole,
    User,
)
from load import Client, free_port, measure, open_conversation, report  # noqa: E402


def wait_for_a_person(port: int) -> tuple[str, str]:
    """Open a conversation and ask for a person; return its id and token."""
    client = Client(port)
    conversation_id, token = open_conversation(client)
    path = f"/api/v1/conversations/{conversation_id}/messages"
    body = {"text": "let me talk to a person", "client_message_id": str(uuid.uuid4())}
    status, answer, _ = client.call("POST", path, body, token)
    if status != 200 or answer.get("live") != {"status": "waiting"}:
        raise SystemExit(f"a visitor was not put in the queue: {status} {answer}")
    return conversation_id, token


def poll(args: tuple[int, list[tuple[str, str]], float, float, Any]) -> None:
    """One process: a thread per waiting visitor, polling its events every ``every`` s."""
    port, visitors, seconds, every, results = args
    latencies: list[float] = []
    errors: list[int] = []
    lock = threading.Lock()

    def run(visitor: tuple[str, str]) -> None:
        conversation_id, token = visitor
        client = Client(port)
        after = 0
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            path = f"/api/v1/conversations/{conversation_id}/events?after={after}"
            status, body, elapsed = client.call("GET", path, None, token)
            with lock:
                latencies.append(elapsed)
                if status != 200 or body["live"]["status"] != "waiting":
                    errors.append(status)
            after = body.get("next_after", after)
            time.sleep(max(0.0, every - elapsed))

    with ThreadPoolExecutor(len(visitors)) as pool:
        list(pool.map(run, visitors))
    results.put({"latencies": latencies, "errors": errors})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--waiting", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--every", type=float, default=3.0, help="seconds between polls")
    options = parser.parse_args()
    server = make_url(
        os.environ.get(
            "CONSULTBOT_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
        )
    )
    name = f"consultbot_live_{secrets.token_hex(4)}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = server.set(database=name).render_as_string(hide_password=False)
    gunicorn = None
    try:
        migrations.migrate(url, "head")
        engine = db.create_engine(url)
        with engine.begin() as connection:
            # Present for the whole run (the Live page would keep this fresh).
            connection.execute(
                sa.insert(User).values(
                    email="sales@bench.example", password_hash="-", role=StaffRole.SALES,
                    display_name="Ada", chat_available=True,
                    chat_seen_at=datetime.now(UTC) + timedelta(hours=1),
                )
            )  # fmt: skip
        port = free_port()
        gunicorn = start_gunicorn(url, port)
        with ThreadPoolExecutor(20) as pool:
            waiting = list(pool.map(lambda _: wait_for_a_person(port), range(options.waiting)))
        with engine.begin() as connection:
            connection.execute(
                sa.update(LiveChat).values(deadline_at=datetime.now(UTC) + timedelta(hours=1))
            )
            queued = connection.scalar(sa.select(sa.func.count()).select_from(LiveChat))
        engine.dispose()
        print(f"{queued} visitors waiting for a person; {options.clients} other visitors chat")
        baseline = measure(port, "chat", options.seconds, options.clients)
        report("chat, no one waiting", baseline)
        context = multiprocessing.get_context("spawn")
        results = context.Queue()
        halves = [waiting[: len(waiting) // 2], waiting[len(waiting) // 2 :]]
        pollers = [
            context.Process(
                target=poll, args=((port, half, options.seconds + 4, options.every, results),)
            )
            for half in halves
        ]
        for process in pollers:
            process.start()
        time.sleep(2)  # every poller connected and polling before the measurement starts
        loaded = measure(port, "chat", options.seconds, options.clients)
        polled = [results.get(timeout=120) for _ in pollers]
        for process in pollers:
            process.join()
        report(f"chat, {queued} polling every {options.every:g} s", loaded)
        latencies = sorted(value for part in polled for value in part["latencies"])
        errors = [status for part in polled for status in part["errors"]]
        print(
            f"  event polls      {len(latencies) / (options.seconds + 4):8.1f}/s  "
            f"p50 {1000 * statistics.median(latencies):6.1f} ms  "
            f"p99 {1000 * latencies[int(len(latencies) * 0.99) - 1]:6.1f} ms  "
            f"errors {len(errors)}"
        )
        share = loaded["per_second"] / baseline["per_second"]
        print(f"  chat throughput with {queued} visitors polling: {share:.2f} of the baseline")
        if errors or loaded["server_errors"] or baseline["server_errors"]:
            raise SystemExit("FAILED: errors while visitors waited")
    finally:
        if gunicorn is not None:
            gunicorn.send_signal(signal.SIGTERM)
            gunicorn.wait(timeout=30)
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def start_gunicorn(url: str, port: int) -> subprocess.Popen[bytes]:
    """Start gunicorn as load.py does (2 workers x 4 threads), rate limits off; wait until ready."""
    instance = Path(tempfile.mkdtemp(prefix="consultbot-live-"))
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": secrets.token_hex(16),
        "CONSULTBOT_INSTANCE_PATH": str(instance),
        "CONSULTBOT_RATE_LIMITS": "0",
        "CONSULTBOT_MAX_MESSAGES_PER_CONVERSATION": "1000000",
        "LOG_LEVEL": "WARNING",
        "PROMETHEUS_MULTIPROC_DIR": str(instance),
    }
    command = [
        *(sys.executable, "-m", "gunicorn", "-c", "python:consultbot.gunicorn_conf"),
        *("--bind", f"127.0.0.1:{port}", "--workers", "2", "consultbot.wsgi:app"),
    ]
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 90
    while True:
        try:
            if Client(port).call("GET", "/readyz")[0] == 200:
                return process
        except OSError:
            pass
        if time.monotonic() > deadline:
            process.terminate()
            raise SystemExit("gunicorn did not become ready")
        time.sleep(0.3)


if __name__ == "__main__":
    main()
