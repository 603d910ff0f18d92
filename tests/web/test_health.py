"""The liveness and readiness probes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import pool

from consultbot.storage import db


def test_healthz_answers(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}


def test_readyz_is_ready_on_a_migrated_database(client: FlaskClient) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json["status"] == "ready"
    assert response.json["checks"]["database"] == {"ok": True}
    assert response.json["checks"]["knowledge"]["ok"] is True


def test_readyz_says_to_migrate_before_the_sqlite_file_exists(
    make_app: Callable[..., Flask], tmp_path: Path
) -> None:
    app = make_app()
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["status"] == "unavailable"
    error = response.json["checks"]["database"]["error"]
    assert error.endswith("does not exist yet: run `consultbot db upgrade`")
    assert not (tmp_path / "instance" / "consultbot.sqlite3").exists()


def test_readyz_says_to_migrate_an_empty_database(
    make_app: Callable[..., Flask], empty_database_url: str
) -> None:
    engine = db.create_engine(empty_database_url, poolclass=pool.NullPool)
    with engine.begin() as connection:
        connection.exec_driver_sql("SELECT 1")
    engine.dispose()
    response = make_app(DATABASE_URL=empty_database_url).test_client().get("/readyz")
    assert response.status_code == 503
    assert (
        "has no tables yet: run `consultbot db upgrade`"
        in (response.json["checks"]["database"]["error"])
    )


def test_readyz_turns_ready_after_db_upgrade(
    make_app: Callable[..., Flask], empty_database_url: str
) -> None:
    client = make_app(DATABASE_URL=empty_database_url).test_client()
    assert client.get("/readyz").status_code == 503
    db.migrate(empty_database_url, "head")
    assert client.get("/readyz").status_code == 200


def test_readyz_names_an_unreachable_database_server(make_app: Callable[..., Flask]) -> None:
    app = make_app(DATABASE_URL="postgresql+psycopg://app:hunter2@127.0.0.1:1/nowhere")
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    error = response.json["checks"]["database"]["error"]
    assert error.startswith("cannot reach the PostgreSQL database 'nowhere' at 127.0.0.1:1")
    assert "hunter2" not in response.get_data(as_text=True)


def test_healthz_answers_even_when_the_database_is_down(make_app: Callable[..., Flask]) -> None:
    app = make_app(DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:1/nowhere")
    assert app.test_client().get("/healthz").status_code == 200
