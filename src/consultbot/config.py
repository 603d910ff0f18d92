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

Notifications to sales (each channel is off until configured):

- SALES_EMAIL (CONSULTBOT_SALES_EMAIL): where lead emails go; empty turns email off.
- MAIL_FROM (CONSULTBOT_MAIL_FROM): ``consultbot@localhost``.
- SMTP_HOST / SMTP_PORT / SMTP_USERNAME / SMTP_PASSWORD / SMTP_STARTTLS (the same names):
  ``localhost`` / ``25`` / none / none / ``0``.
- WEBHOOK_URL (CONSULTBOT_WEBHOOK_URL): where lead JSON is POSTed; empty turns it off.
- WEBHOOK_SECRET (CONSULTBOT_WEBHOOK_SECRET): HMAC-SHA256 key for the signature header;
  required when WEBHOOK_URL is set.
- DELIVER_IN_PROCESS (CONSULTBOT_DELIVER_IN_PROCESS): ``1``; deliver notifications from a
  thread of the web process (the single-machine default); ``0`` when ``consultbot worker`` runs.
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
        "SALES_EMAIL": env.get("CONSULTBOT_SALES_EMAIL", ""),
        "MAIL_FROM": env.get("CONSULTBOT_MAIL_FROM", "consultbot@localhost"),
        "SMTP_HOST": env.get("SMTP_HOST", "localhost"),
        "SMTP_PORT": env.get("SMTP_PORT", "25"),
        "SMTP_USERNAME": env.get("SMTP_USERNAME", ""),
        "SMTP_PASSWORD": env.get("SMTP_PASSWORD", ""),
        "SMTP_STARTTLS": env.get("SMTP_STARTTLS", "0"),
        "WEBHOOK_URL": env.get("CONSULTBOT_WEBHOOK_URL", ""),
        "WEBHOOK_SECRET": env.get("CONSULTBOT_WEBHOOK_SECRET", ""),
        "DELIVER_IN_PROCESS": env.get("CONSULTBOT_DELIVER_IN_PROCESS", "1"),
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
    _validate_notifications(config)
    if not Path(config["KNOWLEDGE_DIR"]).is_dir():
        raise ConfigError(
            f"the knowledge directory {config['KNOWLEDGE_DIR']} does not exist: set "
            "CONSULTBOT_KNOWLEDGE_DIR to the folder holding the knowledge YAML files"
        )


def _validate_notifications(config: dict[str, Any]) -> None:
    try:
        config["SMTP_PORT"] = int(config["SMTP_PORT"])
    except (TypeError, ValueError):
        raise ConfigError(
            f"SMTP_PORT must be a port number (got {config['SMTP_PORT']!r})"
        ) from None
    for flag in ("SMTP_STARTTLS", "DELIVER_IN_PROCESS"):
        value = str(config[flag]).strip().lower()
        if value not in ("0", "1", "true", "false", "yes", "no", ""):
            raise ConfigError(f"{flag} must be 1 or 0 (got {config[flag]!r})")
        config[flag] = value in ("1", "true", "yes")
    email = str(config["SALES_EMAIL"])
    if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        raise ConfigError(f"CONSULTBOT_SALES_EMAIL must be an email address (got {email!r})")
    url = str(config["WEBHOOK_URL"])
    if url and not re.match(r"https?://[^/\s]+", url):
        raise ConfigError(
            f"CONSULTBOT_WEBHOOK_URL must be an http:// or https:// URL (got {url!r})"
        )
    if url and not config["WEBHOOK_SECRET"]:
        raise ConfigError(
            "CONSULTBOT_WEBHOOK_URL is set but CONSULTBOT_WEBHOOK_SECRET is not: set a shared "
            "secret so the receiver can check the X-Consultbot-Signature header"
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
