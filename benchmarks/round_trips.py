"""Count what one visitor message sends to PostgreSQL: round trips, statements, CPU.

    .venv/bin/python benchmarks/round_trips.py [--messages 60] [--show]

Builds the app on a fresh database (``consultbot_rt_<hex>``, ``pg_setup.fresh_database``),
opens a conversation through the Flask test client and sends ``--messages`` visitor questions,
tracing libpq's protocol on every pooled connection (``PQtrace``). A round trip is counted
each time the client, having sent something, reads the server's answer: statements sent
together in one pipeline flush count once. ``--show`` prints the protocol lines of the
last message. Also printed: the process's CPU time per message (the app's Python, without
HTTP, gunicorn or the server's share), the median of five rounds.
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import tempfile
import time
import uuid
from typing import Any

import sqlalchemy as sa
from psycopg import pq

from consultbot import create_app
from consultbot.storage import db
from pg_setup import QUESTIONS, fresh_database


class Tracer:
    """Trace the protocol of every connection the engine hands out, into one file."""

    def __init__(self, engine: sa.Engine) -> None:
        self.file = tempfile.TemporaryFile("w+")
        self.on = False
        sa.event.listen(engine, "checkout", self._checkout)
        sa.event.listen(engine, "checkin", self._checkin)

    def _checkout(self, dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        if self.on:
            pgconn = dbapi_connection.pgconn
            pgconn.trace(self.file.fileno())
            pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS | pq.Trace.REGRESS_MODE)

    def _checkin(self, dbapi_connection: Any, _record: Any) -> None:
        if dbapi_connection is not None:
            dbapi_connection.pgconn.untrace()

    def take(self) -> list[str]:
        """Return the lines traced since the last call, and start afresh."""
        self.file.flush()
        self.file.seek(0)
        lines = self.file.read().splitlines()
        self.file.seek(0)
        self.file.truncate()
        return lines


def round_trips(lines: list[str]) -> int:
    """Count the times the client waited for the server: a frontend run, then a backend one."""
    count = 0
    previous = ""
    for line in lines:
        side = line[:1]
        if side == "B" and previous == "F":
            count += 1
        if side in ("F", "B"):
            previous = side
    return count


def statements(lines: list[str], prepared: dict[str, str]) -> list[str]:
    """The statements sent, shortened; ``prepared`` collects the prepared ones' SQL by name."""
    sent = []
    for line in lines:
        fields = line.split("\t")
        if fields[0] != "F" or fields[2] not in ("Query", "Parse", "Bind"):
            continue
        quoted = fields[3].split('"')
        if fields[2] == "Query":
            sent.append(quoted[1])
        elif fields[2] == "Parse" and quoted[1]:
            prepared[quoted[1]] = quoted[3]
        elif fields[2] == "Parse":
            sent.append(quoted[3])
        elif quoted[3]:
            sent.append(prepared.get(quoted[3], f"prepared {quoted[3]}"))
    return [" ".join(text.split())[:110] for text in sent]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=60)
    parser.add_argument("--show", action="store_true")
    options = parser.parse_args()
    with fresh_database("consultbot_rt") as (url, _name):
        run(url, options.messages, options.show)


def run(url: str, messages: int, show: bool) -> None:
    """Send the messages, traced, then time them untraced."""
    app = create_app(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": secrets.token_hex(16),
            "INSTANCE_PATH": tempfile.mkdtemp(prefix="consultbot-rt-"),
            "RATE_LIMITS": False,
            "MAX_MESSAGES_PER_CONVERSATION": 1_000_000,
            "LOG_LEVEL": "WARNING",
        }
    )
    engine = db.get_engine(app)
    tracer = Tracer(engine)
    client = app.test_client()
    opened = client.post("/api/v1/conversations", json={"page_url": "/compare/django-vs-fastapi"})
    conversation_id, token = opened.json["conversation_id"], opened.json["token"]
    path = f"/api/v1/conversations/{conversation_id}/messages"
    headers = {"Authorization": f"Bearer {token}"}

    def send(number: int) -> None:
        body = {"text": QUESTIONS[number % len(QUESTIONS)], "client_message_id": str(uuid.uuid4())}
        response = client.post(path, json=body, headers=headers)
        assert response.status_code == 200, response.json

    send(0)
    tracer.on = True
    counts = []
    prepared: dict[str, str] = {}
    for number in range(messages):
        send(number)
        lines = tracer.take()
        counts.append(round_trips(lines))
        sent = statements(lines, prepared)
    tracer.on = False
    print(f"round trips per message: min {min(counts)}, max {max(counts)} over {messages}")
    print("statements of the last message:")
    for statement in sent:
        print(f"  {statement}")
    if show:
        print("\n".join(lines))
    rounds = []
    for _ in range(5):
        started = time.process_time()
        for number in range(messages):
            send(number)
        rounds.append(1000 * (time.process_time() - started) / messages)
    print(f"CPU of this process per message: {statistics.median(rounds):.2f} ms (median of 5)")
    engine.dispose()


if __name__ == "__main__":
    main()
