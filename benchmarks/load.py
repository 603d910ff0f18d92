"""Load run: gunicorn (2 workers) on PostgreSQL, driven from Python processes on 127.0.0.1.

    .venv/bin/python benchmarks/load.py [--seconds 20] [--clients 16] [--visitors 500]

1. Bare Flask: a Flask app with one JSON endpoint and nothing else (``benchmarks/bare_app.py``)
   under the same gunicorn settings, ``--clients`` keep-alive clients for ``--seconds``: what a
   request costs on this machine before the service adds anything.
2. Sustained load on consultbot: the same clients send visitor questions for ``--seconds``;
   then they call ``/healthz`` (a trivial JSON endpoint of the same gunicorn) for as long.
   Reported: requests per second, p50/p99 latency, and the ratios issue 15 sets goals for
   (chat ÷ /healthz ≥ 0.3, /healthz ÷ bare Flask ≥ 0.7, ≥ 600 messages/s with p99 ≤ 50 ms),
   with the machine's load average before and after each run (other work on the machine
   takes CPU from the run: read the figures with it), and the CPU time per request of the
   gunicorn workers and of the database's PostgreSQL backends (from /proc: what a request
   costs, less dependent on what else runs).
3. Leads: ``--visitors`` simulated visitors at once (50 at a time in flight), each opening a
   conversation, asking a question and completing the lead form. Checked: exactly that many
   leads, no duplicate emails, no 5xx.

It makes its own database (``consultbot_load_<hex>``, ``pg_setup.fresh_database``) and drops
it afterwards. Rate limits and the spam timing rule are off for the run: every visitor
comes from 127.0.0.1 and types in milliseconds.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from consultbot.storage import db
from consultbot.storage.models import Lead
from pg_setup import QUESTIONS, ROOT, fresh_database

FORM = ["I'd like a consultation", "Load Visitor", None, "skip", "a migration", "Django",
        "medium", "in 2 months", "$50k", "skip", "yes"]  # fmt: skip


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Client:
    """One keep-alive HTTP connection."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def call(self, method: str, path: str, body: Any = None, token: str | None = None):
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        data = json.dumps(body) if body is not None else None
        started = time.perf_counter()
        self.connection.request(method, path, data, headers)
        response = self.connection.getresponse()
        raw = response.read()
        elapsed = time.perf_counter() - started
        return response.status, (json.loads(raw) if raw else {}), elapsed


def open_conversation(client: Client) -> tuple[str, str]:
    status, body, _ = client.call(
        "POST", "/api/v1/conversations", {"page_url": "/compare/django-vs-fastapi"}
    )
    assert status == 201, (status, body)
    return body["conversation_id"], body["token"]


def sustained(args: tuple[int, str, float, int]) -> dict[str, Any]:
    """One process: ``clients`` threads hammering ``target`` for ``seconds``."""
    port, target, seconds, clients = args

    def run(number: int) -> tuple[list[float], int, int]:
        client = Client(port)
        latencies: list[float] = []
        errors = 0
        sent = 0
        conversation = open_conversation(client) if target == "chat" else None
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            if target == "chat":
                assert conversation is not None
                path = f"/api/v1/conversations/{conversation[0]}/messages"
                body = {
                    "text": QUESTIONS[sent % len(QUESTIONS)],
                    "client_message_id": str(uuid.uuid4()),
                }
                status, _, elapsed = client.call("POST", path, body, conversation[1])
            else:
                status, _, elapsed = client.call("GET", "/healthz")
            sent += 1
            latencies.append(elapsed)
            errors += status >= 500
        return latencies, errors, sent

    with ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(run, range(clients)))
    return {
        "latencies": [value for latencies, _, _ in results for value in latencies],
        "errors": sum(errors for _, errors, _ in results),
    }


def measure(port: int, target: str, seconds: float, clients: int) -> dict[str, Any]:
    processes = 2
    share = max(1, clients // processes)
    started = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        parts = pool.map(sustained, [(port, target, seconds, share)] * processes)
    wall = time.perf_counter() - started
    latencies = sorted(value for part in parts for value in part["latencies"])
    return {
        "requests": len(latencies),
        "per_second": len(latencies) / seconds,
        "p50_ms": 1000 * statistics.median(latencies),
        "p99_ms": 1000 * latencies[int(len(latencies) * 0.99) - 1],
        "server_errors": sum(part["errors"] for part in parts),
        "wall_seconds": wall,
    }


def visitor(port: int, number: int) -> list[int]:
    """One visitor: a question, then the whole lead form; return every status seen."""
    client = Client(port)
    statuses = []
    conversation_id, token = open_conversation(client)
    path = f"/api/v1/conversations/{conversation_id}/messages"
    for text in [QUESTIONS[number % len(QUESTIONS)], *FORM]:
        text = text or f"visitor{number}@load.example"
        message = {"text": text, "client_message_id": str(uuid.uuid4())}
        status, body, _ = client.call("POST", path, message, token)
        statuses.append(status)
    if "One of our engineers" not in body["replies"][-1]["text"]:
        raise AssertionError(f"visitor {number} did not finish the form: {body}")
    return statuses


def report(label: str, figures: dict[str, Any]) -> None:
    """Print one line of the sustained-load figures."""
    print(
        f"  {label:15s} {figures['per_second']:8.1f}/s  p50 {figures['p50_ms']:6.1f} ms  "
        f"p99 {figures['p99_ms']:6.1f} ms  5xx {figures['server_errors']}  "
        f"load average {figures['load_before']:.2f} -> {figures['load_after']:.2f}",
        flush=True,
    )
    print(
        f"  {'':15s} CPU per request: gunicorn workers {figures['workers_cpu_ms']:.2f} ms, "
        f"PostgreSQL {figures['postgres_cpu_ms']:.2f} ms",
        flush=True,
    )


def timed(
    server: tuple[int, int], target: str, seconds: float, clients: int, database: str = ""
) -> dict[str, Any]:
    """Measure one endpoint, with the 1-minute load average before and after, and the CPU
    time the gunicorn workers and the database's PostgreSQL backends took per request."""
    port, master = server
    before = os.getloadavg()[0]
    cpu_before = server_cpu(master, database)
    figures = measure(port, target, seconds, clients)
    cpu_after = server_cpu(master, database)
    per_request = {
        f"{part}_cpu_ms": 1000
        * sum(spent - cpu_before[part].get(pid, 0.0) for pid, spent in cpu_after[part].items())
        / max(1, figures["requests"])
        for part in cpu_after
    }
    return {**figures, **per_request, "load_before": before, "load_after": os.getloadavg()[0]}


def server_cpu(master: int, database: str) -> dict[str, dict[int, float]]:
    """CPU seconds so far of gunicorn's workers (the master's children) and of the PostgreSQL
    backends serving ``database`` (read from /proc; empty where it cannot be read)."""
    tick = os.sysconf("SC_CLK_TCK")
    found: dict[str, dict[int, float]] = {"workers": {}, "postgres": {}}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        spent = (int(fields[11]) + int(fields[12])) / tick
        if int(entry.name) == master:
            # Workers gunicorn replaced (max_requests) and reaped: their time is the master's
            # children's now. Kept under the master's id negated, apart from its own.
            found["workers"][-master] = (int(fields[13]) + int(fields[14])) / tick
        elif int(fields[1]) == master:
            found["workers"][int(entry.name)] = spent
        elif database and command.startswith("postgres:") and f" {database} " in command:
            found["postgres"][int(entry.name)] = spent
    return found


@contextmanager
def gunicorn(
    app: str, env: dict[str, str], pythonpath: Path | None = None
) -> Iterator[tuple[int, int]]:
    """Run ``app`` under the service's gunicorn settings (2 workers); yield its port and the
    master's process id when ready."""
    port = free_port()
    command = [
        *(sys.executable, "-m", "gunicorn", "-c", "python:consultbot.gunicorn_conf"),
        *("--bind", f"127.0.0.1:{port}", "--workers", "2"),
        *(("--pythonpath", str(pythonpath)) if pythonpath else ()),
        app,
    ]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if Client(port).call("GET", "/readyz")[0] == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None:
                raise SystemExit(f"gunicorn for {app} stopped: {process.stderr.read().decode()}")
            if time.monotonic() > deadline:
                raise SystemExit(f"gunicorn for {app} did not become ready")
            time.sleep(0.3)
        Client(port).call("GET", "/healthz")
        yield port, process.pid
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


GOALS = (
    ("chat ÷ /healthz", "chat_per_healthz", 0.3),
    ("/healthz ÷ bare Flask", "healthz_per_bare", 0.7),
    ("chat messages/s", "messages_per_second", 600),
)


def print_ratios(chat: dict[str, Any], trivial: dict[str, Any], bare: dict[str, Any]) -> dict:
    """Print the figures issue 15 sets goals for, each with whether it is met."""
    figures = {
        "chat_per_healthz": chat["per_second"] / trivial["per_second"],
        "healthz_per_bare": trivial["per_second"] / bare["per_second"],
        "messages_per_second": chat["per_second"],
        "chat_p99_ms": chat["p99_ms"],
    }
    for label, key, goal in GOALS:
        verdict = "met" if figures[key] >= goal else "NOT met"
        print(f"  {label:22s} {figures[key]:8.2f}   goal ≥ {goal:g}: {verdict}")
    verdict = "met" if figures["chat_p99_ms"] <= 50 else "NOT met"
    print(f"  {'chat p99 (ms)':22s} {figures['chat_p99_ms']:8.1f}   goal ≤ 50: {verdict}")
    return figures


def lead_run(port: int, url: str, visitors: int) -> dict[str, Any]:
    """Have ``visitors`` complete a lead at once; count what was stored."""
    print(f"\n{visitors} visitors completing a lead at once (50 in flight)...", flush=True)
    started = time.perf_counter()
    with ThreadPoolExecutor(50) as pool:
        statuses = [
            s for result in pool.map(lambda n: visitor(port, n), range(visitors)) for s in result
        ]
    took = time.perf_counter() - started
    engine = db.create_engine(url)
    with engine.connect() as connection:
        leads = connection.scalar(sa.select(sa.func.count()).select_from(Lead))
        distinct = connection.scalar(sa.select(sa.func.count(sa.distinct(Lead.email))))
    engine.dispose()
    server_errors = sum(status >= 500 for status in statuses)
    print(f"  {len(statuses)} messages in {took:.1f} s; leads stored {leads}, ", end="")
    print(f"distinct emails {distinct}, 5xx {server_errors}")
    return {
        "visitors": visitors,
        "leads": leads,
        "distinct_emails": distinct,
        "server_errors": server_errors,
        "lead_run_seconds": took,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--visitors", type=int, default=500)
    options = parser.parse_args()

    instance = Path(tempfile.mkdtemp(prefix="consultbot-load-"))
    with fresh_database("consultbot_load") as (url, name):
        print(
            f"{os.cpu_count()} cores; {options.clients} clients, {options.seconds:g} s each",
            flush=True,
        )
        base_env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(instance)}
        with gunicorn("bare_app:app", base_env, ROOT / "benchmarks") as server:
            bare = timed(server, "trivial", options.seconds, options.clients)
        report("bare Flask", bare)
        env = {
            **base_env,
            "DATABASE_URL": url,
            "SECRET_KEY": secrets.token_hex(16),
            "CONSULTBOT_INSTANCE_PATH": str(instance),
            "CONSULTBOT_RATE_LIMITS": "0",
            "CONSULTBOT_SPAM_MIN_FORM_SECONDS": "0",
            "CONSULTBOT_MAX_MESSAGES_PER_CONVERSATION": "1000000",
            "LOG_LEVEL": "WARNING",
        }
        with gunicorn("consultbot.wsgi:app", env) as server:
            chat = timed(server, "chat", options.seconds, options.clients, name)
            report("chat messages", chat)
            trivial = timed(server, "trivial", options.seconds, options.clients, name)
            report("GET /healthz", trivial)
            print("\nissue 15's goals:")
            ratios = print_ratios(chat, trivial, bare)
            leads = lead_run(server[0], url, options.visitors)
        result = {"bare": bare, "chat": chat, "trivial": trivial, **ratios, **leads}
        print(json.dumps(result, indent=2, default=float))
        if leads["leads"] != options.visitors or leads["distinct_emails"] != options.visitors:
            raise SystemExit("FAILED: leads lost or duplicated")
        if leads["server_errors"]:
            raise SystemExit("FAILED: server errors")


if __name__ == "__main__":
    main()
