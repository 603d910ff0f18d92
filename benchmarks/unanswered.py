"""The Unanswered page at 50,000 unanswered messages: how long an editor waits.

    .venv/bin/python benchmarks/unanswered.py [--messages 50000] [--database-url URL]

Fills a fresh database (a SQLite file in a temporary folder unless ``--database-url`` names a
PostgreSQL server, where a ``consultbot_bench_<hex>`` database is made and dropped) with
``--messages`` fallback messages: mostly distinct junk as a flooding script posts it (1% of it
2,000 characters long) and 700 copies of one real question. Then it opens the page ten times
as a signed-in editor and reports the median and slowest, and times the grouping the page used
to do (every one of the 5,000 newest messages, pairwise) on the same data for comparison.
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
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from consultbot import create_app  # noqa: E402
from consultbot.matching.grouping import group_similar  # noqa: E402
from consultbot.storage import db, migrations  # noqa: E402
from consultbot.storage.models import (  # noqa: E402
    Conversation,
    Message,
    Role,
    StaffRole,
    User,
    utcnow,
)
from pg_setup import fresh_database  # noqa: E402

ASKED = 700


def junk(rng: random.Random, length: int) -> str:
    """Distinct words nobody would group."""
    words = (
        "".join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 9)))
        for _ in range(length // 6 + 1)
    )
    return " ".join(words)[:length]


def fill(url: str, messages: int) -> None:
    """Store the messages in one conversation, as many visitors' fallbacks."""
    rng = random.Random(12)
    engine = db.create_engine(url)
    with engine.begin() as connection:
        conversation = connection.execute(
            sa.insert(Conversation).returning(Conversation.id),
            {"public_id": "bench", "token_hash": "0" * 64, "state": {}},
        ).scalar_one()
        connection.execute(
            sa.insert(User),
            {"email": "editor@example.com", "password_hash": "x", "role": StaffRole.EDITOR},
        )
        now = utcnow()
        step = max(messages // ASKED, 1)
        rows = []
        for number in range(messages):
            if number % step == 0 and number // step < ASKED:
                text = "Do you build mobile apps?"
            else:
                text = junk(rng, 2000 if number % 100 == 0 else rng.randint(20, 160))
            rows.append(
                {"conversation_id": conversation, "role": Role.VISITOR, "text": text,
                 "client_message_id": f"m{number}", "fallback": True, "created_at": now}
            )  # fmt: skip
        connection.execute(sa.insert(Message), rows)
    engine.dispose()


def measure(url: str, messages: int) -> None:
    """Open the page ten times as an editor; then time the old all-pairs grouping."""
    instance = Path(tempfile.mkdtemp(prefix="consultbot-bench-"))
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": secrets.token_hex(16),
                      "INSTANCE_PATH": instance, "RATE_LIMITS": "0"})  # fmt: skip
    client = app.test_client()
    with client.session_transaction() as session:
        session.update(_user_id="1", _fresh=True, session_version=0, signed_in_at=time.time())
    timings = []
    for _ in range(10):
        started = time.perf_counter()
        page = client.get("/dashboard/unanswered")
        timings.append(time.perf_counter() - started)
        assert page.status_code == 200, page.status_code
    print(f"{messages:,} unanswered messages on {make_url(url).get_backend_name()}")
    print(f"  page p50 {statistics.median(timings) * 1000:.0f} ms, slowest "
          f"{max(timings) * 1000:.0f} ms (target <= 1000 ms)")  # fmt: skip
    engine = db.get_engine(app)
    with engine.connect() as connection:
        texts = list(
            connection.scalars(sa.select(Message.text).order_by(Message.id.desc()).limit(5000))
        )
    started = time.perf_counter()
    group_similar(texts)
    before = time.perf_counter() - started
    print(f"  before: all-pairs grouping of the 5,000 newest alone {before:.1f} s")
    engine.dispose()


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
