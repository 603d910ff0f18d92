"""The WSGI module builds the app from the environment, as gunicorn imports it."""

from __future__ import annotations

import importlib
import sys

import pytest
from flask import Flask

from consultbot.errors import ConfigError
from consultbot.resources import example_knowledge_dir
from consultbot.storage import db
from tests.conftest import TEST_SECRET_KEY


def test_importing_it_builds_the_app_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, migrated_database_url: str
) -> None:
    monkeypatch.setenv("CONSULTBOT_KNOWLEDGE_DIR", str(example_knowledge_dir()))
    monkeypatch.setenv("DATABASE_URL", migrated_database_url)
    monkeypatch.setenv("SECRET_KEY", TEST_SECRET_KEY)
    monkeypatch.delitem(sys.modules, "consultbot.wsgi", raising=False)
    app = importlib.import_module("consultbot.wsgi").app
    try:
        assert isinstance(app, Flask)
        assert app.config["DATABASE_URL"] == migrated_database_url
        opened = app.test_client().post("/api/v1/conversations", json={})
        assert opened.status_code == 201, opened.get_json()
        assert opened.get_json()["replies"]
    finally:
        db.get_engine(app).dispose()


def test_without_knowledge_it_stops_with_what_to_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONSULTBOT_KNOWLEDGE_DIR", "/nonexistent/knowledge")
    monkeypatch.delitem(sys.modules, "consultbot.wsgi", raising=False)
    with pytest.raises(
        ConfigError, match="the knowledge directory /nonexistent/knowledge does not exist"
    ):
        importlib.import_module("consultbot.wsgi")
