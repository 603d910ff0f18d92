"""Logs cannot be forged through a URL, and never carry visitors' names or emails."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy.engine import make_url

from consultbot.storage import db
from consultbot.storage.models import Lead
from tests.notify.test_outbox import LEAD


def test_a_newline_in_a_path_cannot_start_a_forged_line(
    make_app: Callable[..., Flask], capsys: pytest.CaptureFixture[str]
) -> None:
    app = make_app(LOG_FORMAT="text")
    app.test_client().get("/dashboard/x%0a2026-01-01 INFO consultbot.access: GET /admin 200%1b[2J")
    lines = capsys.readouterr().err.splitlines()
    [access] = [line for line in lines if "consultbot.access" in line and "/dashboard/x" in line]
    assert "/dashboard/x\\n2026-01-01 INFO" in access and "\\x1b[2J" in access
    assert not any(line.startswith("2026-01-01 INFO") for line in lines)


def refuse_lead_inserts(url: str) -> None:
    """Make every lead insert fail inside the database, as a broken migration or disk would."""
    engine = db.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.begin() as connection:
        if make_url(url).get_backend_name() == "sqlite":
            connection.exec_driver_sql(
                "CREATE TRIGGER refuse BEFORE INSERT ON leads BEGIN SELECT RAISE(ABORT, 'no'); END"
            )
        else:
            connection.exec_driver_sql(
                "CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'no'; END "
                "$$ LANGUAGE plpgsql"
            )
            connection.exec_driver_sql(
                "CREATE TRIGGER refuse BEFORE INSERT ON leads "
                "FOR EACH ROW EXECUTE FUNCTION refuse()"
            )
    engine.dispose()


def test_a_failing_statement_logs_no_personal_data(
    make_app: Callable[..., Flask], migrated_database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    refuse_lead_inserts(migrated_database_url)
    app = make_app(DATABASE_URL=migrated_database_url, RATE_LIMITS="0", LOG_FORMAT="json")
    client = app.test_client()
    opened = client.post("/api/v1/conversations", json={}).get_json()
    url = f"/api/v1/conversations/{opened['conversation_id']}/messages"
    headers = {"Authorization": f"Bearer {opened['token']}"}
    caplog.set_level(logging.INFO)
    statuses = [
        client.post(url, json={"text": text, "client_message_id": f"m{n}"}, headers=headers)
        for n, text in enumerate(LEAD)
    ]
    assert statuses[-1].status_code == 500  # the lead could not be stored
    assert "ada@example.com" not in statuses[-1].get_data(as_text=True)
    logged = caplog.text + "".join(
        logging.Formatter().formatException(r.exc_info) for r in caplog.records if r.exc_info
    )
    assert "unhandled error" in logged and "SQL parameters hidden" in logged
    assert "ada@example.com" not in logged and "Ada Lovelace" not in logged
    with db.get_database(app).sessionmaker() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Lead)) == 0

    # Once the fault is fixed, the widget's retry of that message stores the lead, once.
    engine = db.create_engine(migrated_database_url, poolclass=sa.pool.NullPool)
    with engine.begin() as connection:
        sqlite = engine.url.get_backend_name() == "sqlite"
        connection.exec_driver_sql("DROP TRIGGER refuse" + ("" if sqlite else " ON leads"))
    engine.dispose()
    last = {"text": LEAD[-1], "client_message_id": f"m{len(LEAD) - 1}"}
    for _ in range(2):
        retried = client.post(url, json=last, headers=headers)
        assert retried.status_code == 200 and retried.get_json()["state"] == "done"
    with db.get_database(app).sessionmaker() as session:
        assert session.scalars(sa.select(Lead.email)).all() == ["ada@example.com"]
