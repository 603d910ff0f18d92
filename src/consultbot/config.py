"""Read the service's settings once, from defaults and the environment.

Every setting, its environment variable and its default:

- ENV (CONSULTBOT_ENV): ``development`` or ``production``; default ``development``.
- SECRET_KEY (SECRET_KEY): a development key, refused in production.
- DATABASE_URL (DATABASE_URL): SQLite file ``consultbot.sqlite3`` in INSTANCE_PATH.
- INSTANCE_PATH (CONSULTBOT_INSTANCE_PATH): ``instance/`` in the checkout.
- KNOWLEDGE_DIR (CONSULTBOT_KNOWLEDGE_DIR): ``knowledge/`` in the checkout.
- KNOWLEDGE_RELOAD_SECONDS (CONSULTBOT_KNOWLEDGE_RELOAD_SECONDS): ``2``; how often edited
  knowledge files are looked for.
- LOG_LEVEL (LOG_LEVEL): ``INFO``.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from consultbot.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parents[2]
TEMPLATES_DIR = PROJECT_ROOT / "templates"
MIGRATIONS_DIR = PROJECT_ROOT / "migrations"
DEFAULT_KNOWLEDGE_DIR = PROJECT_ROOT / "knowledge"
DEFAULT_INSTANCE_PATH = PROJECT_ROOT / "instance"

DEV_SECRET_KEY = "dev-only-secret-change-me"
ENVIRONMENTS = ("development", "production")
SUPPORTED_DATABASES = ("sqlite", "postgresql")


def load_config(
    overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Merge defaults, the environment and explicit overrides; validate the result."""
    env = os.environ if environ is None else environ
    overrides = dict(overrides or {})
    instance_path = Path(
        overrides.pop("INSTANCE_PATH", None)
        or env.get("CONSULTBOT_INSTANCE_PATH")
        or DEFAULT_INSTANCE_PATH
    ).resolve()
    config: dict[str, Any] = {
        "ENV": env.get("CONSULTBOT_ENV", "development"),
        "SECRET_KEY": env.get("SECRET_KEY", DEV_SECRET_KEY),
        "DATABASE_URL": env.get("DATABASE_URL") or "",
        "INSTANCE_PATH": instance_path,
        "KNOWLEDGE_DIR": configured_knowledge_dir(env),
        "KNOWLEDGE_RELOAD_SECONDS": env.get("CONSULTBOT_KNOWLEDGE_RELOAD_SECONDS", "2"),
        "LOG_LEVEL": env.get("LOG_LEVEL", "INFO"),
    }
    config.update(overrides)
    if not config["DATABASE_URL"]:
        config["DATABASE_URL"] = f"sqlite:///{instance_path / 'consultbot.sqlite3'}"
    config["KNOWLEDGE_DIR"] = Path(config["KNOWLEDGE_DIR"]).resolve()
    _validate(config)
    return config


def configured_knowledge_dir(environ: Mapping[str, str] | None = None) -> Path:
    """Return the knowledge directory the environment names, checking no other setting."""
    env = os.environ if environ is None else environ
    return Path(env.get("CONSULTBOT_KNOWLEDGE_DIR") or DEFAULT_KNOWLEDGE_DIR).resolve()


def _validate(config: dict[str, Any]) -> None:
    if config["ENV"] not in ENVIRONMENTS:
        raise ConfigError(
            f"CONSULTBOT_ENV must be one of {', '.join(ENVIRONMENTS)} (got {config['ENV']!r})"
        )
    if config["ENV"] == "production" and config["SECRET_KEY"] in ("", DEV_SECRET_KEY):
        raise ConfigError(
            "refusing to start in production with the development SECRET_KEY: set SECRET_KEY "
            'to a long random value, e.g. python -c "import secrets; print(secrets.token_hex(32))"'
        )
    level = str(config["LOG_LEVEL"]).upper()
    if not isinstance(logging.getLevelName(level), int):
        raise ConfigError(
            f"LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL (got {level!r})"
        )
    config["LOG_LEVEL"] = level
    try:
        config["KNOWLEDGE_RELOAD_SECONDS"] = float(config["KNOWLEDGE_RELOAD_SECONDS"])
    except (TypeError, ValueError):
        raise ConfigError(
            "CONSULTBOT_KNOWLEDGE_RELOAD_SECONDS must be a number of seconds "
            f"(got {config['KNOWLEDGE_RELOAD_SECONDS']!r})"
        ) from None
    config["DATABASE_URL"] = _normalise_database_url(str(config["DATABASE_URL"]))
    if not Path(config["KNOWLEDGE_DIR"]).is_dir():
        raise ConfigError(
            f"the knowledge directory {config['KNOWLEDGE_DIR']} does not exist: set "
            "CONSULTBOT_KNOWLEDGE_DIR to the folder holding the knowledge YAML files"
        )


def _normalise_database_url(url: str) -> str:
    """Check the URL names a supported database; plain postgres:// URLs get the psycopg driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            url = "postgresql+psycopg://" + url[len(prefix) :]
    hint = (
        "set DATABASE_URL to e.g. sqlite:////absolute/path/consultbot.sqlite3 or "
        "postgresql+psycopg://user:password@host:5432/dbname"
    )
    shown = _hide_password(url)
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        raise ConfigError(f"DATABASE_URL is not a database URL (got {shown!r}): {hint}") from None
    if parsed.get_backend_name() not in SUPPORTED_DATABASES:
        raise ConfigError(
            f"DATABASE_URL names the {parsed.get_backend_name()!r} database, which consultbot "
            f"does not support (got {shown!r}): {hint}"
        )
    driver = url.split("://", 1)[0].partition("+")[2]
    if parsed.get_backend_name() == "postgresql" and driver != "psycopg":
        raise ConfigError(
            f"DATABASE_URL uses the driver {driver!r}; consultbot talks to PostgreSQL through "
            f"psycopg 3 (got {shown!r}): write postgresql+psycopg://..."
        )
    if parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:"):
        raise ConfigError(
            f"DATABASE_URL must name a SQLite file, not an in-memory database (got {shown!r}): "
            "every worker must see the same data"
        )
    return url


def _hide_password(url: str) -> str:
    """Replace the password in a URL, parseable or not, so messages never show it."""
    return re.sub(r"(://[^:/@]*:)[^@/]*@", r"\1***@", url)
