"""The inbox's Disliked and Likely wrong pages at 50,000 answered messages: an editor's wait.

    .venv/bin/python benchmarks/inbox.py [--messages 50000] [--database-url URL]

Fills a fresh database (a SQLite file in a temporary folder unless ``--database-url`` names a
PostgreSQL server, where a ``consultbot_bench_<hex>`` database is made and dropped) with
``--messages`` answered visitor messages in conversations of ten, each with the assistant's
answer: 5% won by a small margin, 5% are asked again in other words right after, and 2% of the
answers got a thumbs down (1% of the questions are 2,000 characters of junk). Then it opens
each page ten times as a signed-in editor and reports the median and slowest.
"""

from __future__ import annotations

import argparse
import random
import secrets
import statistics
import string
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from consultbot import create_app  # noqa: E402
from consultbot.storage import db, migrations  # noqa: E402
from consultbot.storage.models import (  # noqa: E402
    Conversation,
    Feedback,
    Message,
    Role,
    StaffRole,
    User,
    utcnow,
)
from pg_setup import fresh_database  # noqa: E402

PER_CONVERSATION = 10
PAGES = ("disliked", "likely-wrong")


def words(rng: random.Random, length: int) -> str:
    """Distinct words nobody would group."""
    made = (
        "".join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 9)))
        for _ in range(length // 6 + 1)
    )
    return " ".join(made)[:length]


def fill(url: str, messages: int) -> None:
    """Store the visitor messages and the answers, in conversations of PER_CONVERSATION."""
    rng = random.Random(14)
    engine = db.create_engine(url)
    now = utcnow()
    with engine.begin() as connection:
        connection.execute(
            sa.insert(User),
            {"email": "editor@example.com", "password_hash": "x", "role": StaffRole.EDITOR},
        )
        conversations = messages // PER_CONVERSATION + 1
        ids = connection.execute(
            sa.insert(Conversation).returning(Conversation.id),
            [{"public_id": f"c{n}", "token_hash": "0" * 64, "state": {}}
             for n in range(conversations)],
        ).scalars().all()  # fmt: skip
        rows = []
        for number in range(messages):
            conversation = ids[number // PER_CONVERSATION]
            at = now - timedelta(seconds=(messages - number) * 20)
            rephrase = number % 20 == 1 and rows
            text = (
                rows[-2]["text"] + " please"
                if rephrase
                else words(rng, 2000 if number % 100 == 0 else rng.randint(20, 120))
            )
            answer = f"Answer {number % 40}: " + words(rng, 120)
            rows.append(
                {"conversation_id": conversation, "role": Role.VISITOR, "text": text,
                 "client_message_id": f"m{number}", "fallback": False, "intent": "x/y",
                 "confidence": 0.7, "margin": 0.02 if number % 20 == 0 else 0.4,
                 "response": {"replies": [{"text": answer, "quick_replies": []}]},
                 "created_at": at, "feedback": None}
            )  # fmt: skip
            rows.append(
                {"conversation_id": conversation, "role": Role.ASSISTANT, "text": answer,
                 "client_message_id": None, "fallback": False, "intent": None,
                 "confidence": None, "margin": None, "response": {"quick_replies": []},
                 "created_at": at, "feedback": Feedback.DOWN if number % 50 == 3 else None}
            )  # fmt: skip
        connection.execute(sa.insert(Message), rows)
    engine.dispose()


def measure(url: str, messages: int) -> None:
    """Open each page ten times as an editor."""
    instance = Path(tempfile.mkdtemp(prefix="consultbot-bench-"))
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": secrets.token_hex(16),
                      "INSTANCE_PATH": instance, "RATE_LIMITS": "0"})  # fmt: skip
    client = app.test_client()
    with client.session_transaction() as session:
        session.update(_user_id="1", _fresh=True, session_version=0, signed_in_at=time.time())
    print(f"{messages:,} answered messages on {make_url(url).get_backend_name()}")
    for name in PAGES:
        timings = []
        for _ in range(10):
            started = time.perf_counter()
            page = client.get(f"/dashboard/inbox/{name}")
            timings.append(time.perf_counter() - started)
            assert page.status_code == 200, page.status_code
            assert "Fix it" in page.get_data(as_text=True)
        print(f"  {name}: p50 {statistics.median(timings) * 1000:.0f} ms, slowest "
              f"{max(timings) * 1000:.0f} ms (target <= 1000 ms)")  # fmt: skip
    db.get_engine(app).dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=50_000)
    parser.add_argument("--database-url", default="")
    options = parser.parse_args()
    if not options.database_url:
        folder = Path(tempfile.mkdtemp(prefix="consultbot-bench-"))
        url = f"sqlite:///{folder / 'bench.sqlite3'}"
        migrations.migrate(url, "head")
        fill(url, options.messages)
        measure(url, options.messages)
        return
    with fresh_database("consultbot_bench", options.database_url) as (url, _):
        fill(url, options.messages)
        measure(url, options.messages)


if __name__ == "__main__":
    main()
