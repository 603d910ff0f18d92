"""What the PostgreSQL benchmarks share: a throwaway migrated database and the visitor questions.

``load.py``, ``round_trips.py``, ``inbox.py`` and ``unanswered.py`` each make a database of
their own on the server named by ``--database-url`` or CONSULTBOT_TEST_DATABASE_URL (default
postgresql+psycopg://postgres@127.0.0.1:5432/test),
migrate it to head, and drop it when they are done, however they end.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from consultbot.storage import migrations

ROOT = Path(__file__).resolve().parents[1]

DEFAULT_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/test"

QUESTIONS = [
    "which is faster?",
    "what does a medium migration cost",
    "is django good for an admin panel",
    "wich one has better docs",
    "production pitfalls of fastapi?",
    "what alternatives are there",
]


@contextmanager
def fresh_database(prefix: str, server_url: str | None = None) -> Iterator[tuple[str, str]]:
    """Create ``<prefix>_<hex>`` on the server (``server_url``, else the test server), migrate
    it to head, yield its URL and name; drop it afterwards (even with connections still open)."""
    server = make_url(server_url or os.environ.get("CONSULTBOT_TEST_DATABASE_URL", DEFAULT_SERVER))
    name = f"{prefix}_{secrets.token_hex(4)}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = server.set(database=name).render_as_string(hide_password=False)
    try:
        migrations.migrate(url, "head")
        yield url, name
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
