"""The liveness and readiness probes."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import pool

from consultbot.config import DEFAULT_KNOWLEDGE_DIR
from consultbot.storage import db, migrations


def test_healthz_answers(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_readyz_is_ready_on_a_migrated_database(client: FlaskClient) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json()["status"] == "ready"
    assert response.get_json()["checks"]["database"] == {"ok": True}
    assert response.get_json()["checks"]["knowledge"]["ok"] is True


OPERATOR = {"Authorization": "Bearer operator-token"}


def test_readyz_says_to_migrate_before_the_sqlite_file_exists(
    make_app: Callable[..., Flask], tmp_path: Path
) -> None:
    app = make_app(METRICS_TOKEN="operator-token")
    response = app.test_client().get("/readyz", headers=OPERATOR)
    assert response.status_code == 503
    assert response.get_json()["status"] == "unavailable"
    error = response.get_json()["checks"]["database"]["error"]
    assert error.endswith("does not exist yet: run `consultbot db upgrade`")
    assert not (tmp_path / "instance" / "consultbot.sqlite3").exists()


def test_readyz_says_to_migrate_an_empty_database(
    make_app: Callable[..., Flask], empty_database_url: str
) -> None:
    engine = db.create_engine(empty_database_url, poolclass=pool.NullPool)
    with engine.begin() as connection:
        connection.exec_driver_sql("SELECT 1")
    engine.dispose()
    app = make_app(DATABASE_URL=empty_database_url, METRICS_TOKEN="operator-token")
    response = app.test_client().get("/readyz", headers=OPERATOR)
    assert response.status_code == 503
    assert (
        "has no tables yet: run `consultbot db upgrade`"
        in (response.get_json()["checks"]["database"]["error"])
    )


def test_readyz_turns_ready_after_db_upgrade(
    make_app: Callable[..., Flask], empty_database_url: str
) -> None:
    client = make_app(DATABASE_URL=empty_database_url).test_client()
    assert client.get("/readyz").status_code == 503
    migrations.migrate(empty_database_url, "head")
    assert client.get("/readyz").status_code == 200


def test_readyz_tells_the_public_nothing_about_the_database_and_the_operator_everything(
    make_app: Callable[..., Flask], caplog: pytest.LogCaptureFixture
) -> None:
    app = make_app(
        DATABASE_URL="postgresql+psycopg://app:hunter2@db.internal.example:1/nowhere",
        METRICS_TOKEN="operator-token",
    )
    public = app.test_client().get("/readyz")
    assert public.status_code == 503
    assert public.get_json()["checks"]["database"] == {"ok": False}
    body = public.get_data(as_text=True)
    assert "db.internal.example" not in body and "nowhere" not in body
    assert "cannot reach the PostgreSQL database 'nowhere' at db.internal.example:1" in caplog.text
    wrong = app.test_client().get("/readyz", headers={"Authorization": "Bearer guess"})
    assert "error" not in wrong.get_json()["checks"]["database"]

    operator = app.test_client().get("/readyz", headers=OPERATOR)
    error = operator.get_json()["checks"]["database"]["error"]
    assert error.startswith("cannot reach the PostgreSQL database 'nowhere' at db.internal")
    assert "hunter2" not in operator.get_data(as_text=True) + caplog.text


def test_healthz_answers_even_when_the_database_is_down(make_app: Callable[..., Flask]) -> None:
    app = make_app(DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:1/nowhere")
    assert app.test_client().get("/healthz").status_code == 200


def test_readyz_reports_a_refused_knowledge_edit_and_chat_keeps_taking_leads(
    make_app: Callable[..., Flask], migrated_database_url: str, tmp_path: Path
) -> None:
    knowledge = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, knowledge)
    app = make_app(
        DATABASE_URL=migrated_database_url,
        KNOWLEDGE_DIR=knowledge,
        KNOWLEDGE_RELOAD_SECONDS=0,
        METRICS_TOKEN="operator-token",
    )
    client = app.test_client()
    assert client.get("/readyz").get_json()["checks"]["knowledge"] == {
        "ok": True, "edit_refused": False, "lead_form": True,
    }  # fmt: skip
    (knowledge / "lead_form.yaml").unlink()
    live = app.extensions["consultbot"]
    live.refresh()  # what the background reload does

    public = client.get("/readyz").get_json()["checks"]["knowledge"]
    assert public == {"ok": True, "edit_refused": True, "lead_form": True}
    detail = client.get("/readyz", headers=OPERATOR).get_json()["checks"]["knowledge"]
    assert "lead_form: section is gone" in detail["reload_error"]
    opened = client.post("/api/v1/conversations", json={}).get_json()
    answer = client.post(
        f"/api/v1/conversations/{opened['conversation_id']}/messages",
        json={"text": "we need a quote", "client_message_id": "m1"},
        headers={"Authorization": f"Bearer {opened['token']}"},
    )
    assert answer.get_json()["state"] == "collecting"
