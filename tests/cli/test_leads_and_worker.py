"""``consultbot leads export`` and ``consultbot worker``."""

from __future__ import annotations

import csv
import io
import json

from sqlalchemy.orm import Session

from consultbot.storage.db import create_engine
from tests.conftest import CommandRunner
from tests.storage.factories import make_lead


def add_leads(url: str) -> None:
    engine = create_engine(url)
    with Session(engine) as session:
        make_lead(session, name="Ada", email="ada@example.com", score=65, score_reasons=["big"])
        make_lead(session, name="Grace", email="grace@example.com", size="small")
        session.commit()
    engine.dispose()


def test_leads_export_as_csv_and_json(runner: CommandRunner, migrated_database_url: str) -> None:
    add_leads(migrated_database_url)
    env = {"DATABASE_URL": migrated_database_url}
    as_csv = runner.invoke(["leads", "export", "--format", "csv"], env=env)
    assert as_csv.exit_code == 0, as_csv.output
    rows = list(csv.DictReader(io.StringIO(as_csv.output)))
    assert {row["email"] for row in rows} == {"ada@example.com", "grace@example.com"}
    ada = next(row for row in rows if row["name"] == "Ada")
    assert ada["score"] == "65" and ada["score_reasons"] == "big" and ada["status"] == "new"
    as_json = runner.invoke(["leads", "export", "--format", "json"], env=env)
    assert {lead["name"] for lead in json.loads(as_json.output)} == {"Ada", "Grace"}


def test_leads_export_rejects_an_unknown_format(runner: CommandRunner) -> None:
    result = runner.invoke(["leads", "export", "--format", "xml"])
    assert result.exit_code == 2
    assert "'xml' is not one of 'csv', 'json'" in result.output


def test_the_worker_needs_a_channel(runner: CommandRunner, migrated_database_url: str) -> None:
    result = runner.invoke(["worker"], env={"DATABASE_URL": migrated_database_url})
    assert result.exit_code == 1
    assert "no notification channel is configured" in result.output
