"""Read the service's settings once, from defaults and the environment.

``settings.py`` lists every setting with its environment variable, default and kind of value;
``kinds.py`` parses each kind the same way for every setting. This module merges defaults, the
environment and explicit overrides, and checks the rules that tie settings together.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

from consultbot.config.settings import DEV_SECRET_KEY, SETTINGS
from consultbot.errors import ConfigError

__all__ = ["DEFAULT_KNOWLEDGE_DIR", "DEV_SECRET_KEY", "configured_knowledge_dir", "load_config"]

# Relative to the working directory, as an operator's other files are: `make run` runs in the
# checkout, a deployment in its own folder (`consultbot init` writes knowledge/ there).
DEFAULT_KNOWLEDGE_DIR = Path("knowledge")
DEFAULT_INSTANCE_PATH = Path("instance")


def load_config(
    overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Merge defaults, the environment and explicit overrides; validate the result."""
    env = os.environ if environ is None else environ
    overrides = dict(overrides or {})
    instance_path = (
        overrides.pop("INSTANCE_PATH", None)
        or env.get("CONSULTBOT_INSTANCE_PATH")
        or DEFAULT_INSTANCE_PATH
    )
    config: dict[str, Any] = {
        setting.key: env.get(setting.env, setting.default) for setting in SETTINGS
    }
    config["INSTANCE_PATH"] = instance_path
    config["DATABASE_URL"] = env.get("DATABASE_URL") or ""
    config.update(overrides)
    if not config["DATABASE_URL"]:
        resolved = Path(instance_path).resolve()
        config["DATABASE_URL"] = f"sqlite:///{resolved / 'consultbot.sqlite3'}"
    if not config["KNOWLEDGE_DIR"]:
        config["KNOWLEDGE_DIR"] = default_knowledge_dir()
    for setting in SETTINGS:
        config[setting.key] = setting.parse(config[setting.key], setting.env)
        if setting.key == "ENV":
            _refuse_unsafe_production(config)
    _settle_dependent_settings(config)
    if not Path(config["KNOWLEDGE_DIR"]).is_dir():
        raise ConfigError(
            f"the knowledge directory {config['KNOWLEDGE_DIR']} does not exist: set "
            "CONSULTBOT_KNOWLEDGE_DIR to the folder holding the knowledge YAML files, or run "
            "`consultbot init DIR` to write the example knowledge there"
        )
    return config


def configured_knowledge_dir(environ: Mapping[str, str] | None = None) -> Path:
    """Return the knowledge directory the environment names, checking no other setting.

    Raises ConfigError, saying how to get one, when none is set and the working directory
    holds no ``knowledge/`` folder.
    """
    env = os.environ if environ is None else environ
    named = env.get("CONSULTBOT_KNOWLEDGE_DIR")
    return Path(named).resolve() if named else default_knowledge_dir()


def default_knowledge_dir() -> Path:
    """Return ``knowledge/`` in the working directory, or raise ConfigError if there is none."""
    candidate = DEFAULT_KNOWLEDGE_DIR.resolve()
    if candidate.is_dir():
        return candidate
    raise ConfigError(
        "no knowledge folder: CONSULTBOT_KNOWLEDGE_DIR is not set and the working directory "
        f"({Path.cwd()}) has no knowledge/ folder. Run `consultbot init` here to write the "
        "example knowledge to ./knowledge and edit it, or set CONSULTBOT_KNOWLEDGE_DIR to the "
        "folder holding your knowledge YAML files"
    )


def _refuse_unsafe_production(config: dict[str, Any]) -> None:
    if config["ENV"] == "production" and config["SECRET_KEY"] in ("", DEV_SECRET_KEY):
        raise ConfigError(
            "refusing to start in production with the development SECRET_KEY: set SECRET_KEY "
            'to a long random value, e.g. python -c "import secrets; print(secrets.token_hex(32))"'
        )
    if config["ENV"] == "production" and not str(config["METRICS_TOKEN"]).strip():
        raise ConfigError(
            "refusing to start in production without CONSULTBOT_METRICS_TOKEN: /metrics would "
            "be open to anyone; set a long random token and give it to the Prometheus scraper "
            '(e.g. python -c "import secrets; print(secrets.token_urlsafe(32))")'
        )


def _settle_dependent_settings(config: dict[str, Any]) -> None:
    """Fill in the defaults that depend on other settings and check settings used together."""
    if not config["LOG_FORMAT"]:
        config["LOG_FORMAT"] = "json" if config["ENV"] == "production" else "text"
    config["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=config["SESSION_HOURS"])
    config.setdefault("SESSION_COOKIE_HTTPONLY", True)
    config.setdefault("SESSION_COOKIE_SAMESITE", "Lax")
    config.setdefault("SESSION_COOKIE_SECURE", config["ENV"] == "production")
    if config["WEBHOOK_URL"] and not config["WEBHOOK_SECRET"]:
        raise ConfigError(
            "CONSULTBOT_WEBHOOK_URL is set but CONSULTBOT_WEBHOOK_SECRET is not: set a shared "
            "secret so the receiver can check the X-Consultbot-Signature header"
        )
    # Flask's TRUSTED_HOSTS: the Host header (and X-Forwarded-Host behind a proxy) is the
    # client's to write; any other host than these gets 400, so nothing the service writes can
    # point at a host it was handed. Default: PUBLIC_URL's host, or any host when neither is set.
    hosts = config["TRUSTED_HOSTS"]
    if config["PUBLIC_URL"] and not hosts:
        hosts = [config["PUBLIC_URL"].split("://", 1)[1]]
    config["TRUSTED_HOSTS"] = hosts or None
