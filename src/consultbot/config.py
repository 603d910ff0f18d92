"""Read the service's settings once, from defaults and the environment.

Every setting, its environment variable and its default:

- ENV (CONSULTBOT_ENV): ``development`` or ``production``; default ``development``.
- SECRET_KEY (SECRET_KEY): a development key, refused in production.
- DATABASE_URL (DATABASE_URL): SQLite file ``consultbot.sqlite3`` in INSTANCE_PATH.
- INSTANCE_PATH (CONSULTBOT_INSTANCE_PATH): ``instance/`` in the working directory.
- KNOWLEDGE_DIR (CONSULTBOT_KNOWLEDGE_DIR): ``knowledge/`` in the working directory (in a
  checkout, the shipped Django-vs-FastAPI knowledge; ``consultbot init`` writes a copy to edit).
- KNOWLEDGE_RELOAD_SECONDS (CONSULTBOT_KNOWLEDGE_RELOAD_SECONDS): ``2``; how often edited
  knowledge files are looked for.
- LOG_LEVEL (LOG_LEVEL): ``INFO``.
- LOG_FORMAT (CONSULTBOT_LOG_FORMAT): ``text`` or ``json`` (one JSON object per line, with the
  request id); default ``json`` in production, ``text`` otherwise.
- METRICS_TOKEN (CONSULTBOT_METRICS_TOKEN): ``/metrics`` (and ``/readyz``'s details) want it as
  a Bearer token; required in production, optional (metrics open) in development.
- PROXY_HOPS (CONSULTBOT_PROXY_HOPS): ``0``; how many reverse proxies in front of the service
  set ``X-Forwarded-For``/``-Proto`` (trusted to find the visitor's address for rate limits).
- REDIS_URL (REDIS_URL): empty; when set, rate limits are counted in Redis and so shared by
  every instance; otherwise in each process's memory.
- RATE_LIMITS (CONSULTBOT_RATE_LIMITS): ``1``; ``0`` switches rate limiting off (load tests).
- RATE_LIMIT_CONVERSATIONS (CONSULTBOT_RATE_LIMIT_CONVERSATIONS): ``10/minute;100/hour`` new
  conversations per client address.
- RATE_LIMIT_MESSAGES (CONSULTBOT_RATE_LIMIT_MESSAGES): ``30/minute;600/hour`` messages per
  client address.
- RATE_LIMIT_EVENTS (CONSULTBOT_RATE_LIMIT_EVENTS): ``90/minute;3000/hour`` reads of a
  conversation's events (the widget polls about every 1.5 s while a person is in the chat).
- RATE_LIMIT_LOGINS (CONSULTBOT_RATE_LIMIT_LOGINS): ``10/minute`` dashboard login attempts per
  client address.
- RATE_LIMIT_LOGIN_FAILURES (CONSULTBOT_RATE_LIMIT_LOGIN_FAILURES): ``5/minute;20/hour`` failed
  logins per client address and email (known or not); no account is ever locked.
- MAX_MESSAGES_PER_CONVERSATION (CONSULTBOT_MAX_MESSAGES_PER_CONVERSATION): ``200``.
- SPAM_MIN_FORM_SECONDS (CONSULTBOT_SPAM_MIN_FORM_SECONDS): ``10``; a lead form finished
  faster than this after it started is marked as spam (as is one whose conversation filled the
  widget's hidden honeypot field). ``0`` turns the timing rule off.
- SESSION_HOURS (CONSULTBOT_SESSION_HOURS): ``8``; a dashboard login lasts this long. The
  session cookie is HttpOnly and SameSite=Lax always, and Secure in production.
- CONVERSATION_RETENTION_DAYS (CONSULTBOT_CONVERSATION_RETENTION_DAYS): ``90``; a conversation
  that never became a lead is deleted this many days after its last message
  (``consultbot conversations purge``, and ``consultbot worker`` once a day).

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

The embedded widget (an embedding tag's ``data-title``, ``data-color`` and ``data-position``
override these per page):

- WIDGET_TITLE (CONSULTBOT_WIDGET_TITLE): the chat panel's title; ``Ask our engineers``.
- WIDGET_COLOR (CONSULTBOT_WIDGET_COLOR): the primary colour as ``#rgb`` or ``#rrggbb``;
  ``#1d4ed8``.
- WIDGET_POSITION (CONSULTBOT_WIDGET_POSITION): where the launcher sits, ``bottom-right`` or
  ``bottom-left``; default ``bottom-right``.
- ALLOWED_ORIGINS (CONSULTBOT_ALLOWED_ORIGINS): the other sites whose pages may call the API
  (CORS), comma-separated exact origins such as ``https://www.example.com,https://example.com``;
  default none, so only pages served by the service itself (``/demo``) can use the widget.

Hosts:

- PUBLIC_URL (CONSULTBOT_PUBLIC_URL): the service's own origin, e.g.
  ``https://chat.example.com``; when set, requests for any other host are refused (400).
- TRUSTED_HOSTS (CONSULTBOT_TRUSTED_HOSTS): the Host headers answered, comma-separated
  (``.example.com`` allows subdomains); default PUBLIC_URL's host, or any host when neither is
  set. Pages use relative URLs, so an untrusted Host never reaches what they link to.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from consultbot.errors import ConfigError

# Relative to the working directory, as an operator's other files are: `make run` runs in the
# checkout, a deployment in its own folder (`consultbot init` writes knowledge/ there).
DEFAULT_KNOWLEDGE_DIR = Path("knowledge")
DEFAULT_INSTANCE_PATH = Path("instance")

DEV_SECRET_KEY = "dev-only-secret-change-me"
ENVIRONMENTS = ("development", "production")
SUPPORTED_DATABASES = ("sqlite", "postgresql")
WIDGET_POSITIONS = ("bottom-right", "bottom-left")
_RATE = re.compile(
    r"\d+\s*/\s*(second|minute|hour|day)(\s*;\s*\d+\s*/\s*(second|minute|hour|day))*"
)
_HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
_ORIGIN = re.compile(
    r"https?://(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?"
)


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
        "KNOWLEDGE_DIR": env.get("CONSULTBOT_KNOWLEDGE_DIR", ""),
        "KNOWLEDGE_RELOAD_SECONDS": env.get("CONSULTBOT_KNOWLEDGE_RELOAD_SECONDS", "2"),
        "LOG_LEVEL": env.get("LOG_LEVEL", "INFO"),
        "SESSION_HOURS": env.get("CONSULTBOT_SESSION_HOURS", "8"),
        "CONVERSATION_RETENTION_DAYS": env.get("CONSULTBOT_CONVERSATION_RETENTION_DAYS", "90"),
        "LOG_FORMAT": env.get("CONSULTBOT_LOG_FORMAT", ""),
        "METRICS_TOKEN": env.get("CONSULTBOT_METRICS_TOKEN", ""),
        "PROXY_HOPS": env.get("CONSULTBOT_PROXY_HOPS", "0"),
        "REDIS_URL": env.get("REDIS_URL", ""),
        "RATE_LIMITS": env.get("CONSULTBOT_RATE_LIMITS", "1"),
        "RATE_LIMIT_CONVERSATIONS": env.get(
            "CONSULTBOT_RATE_LIMIT_CONVERSATIONS", "10/minute;100/hour"
        ),
        "RATE_LIMIT_MESSAGES": env.get("CONSULTBOT_RATE_LIMIT_MESSAGES", "30/minute;600/hour"),
        "RATE_LIMIT_EVENTS": env.get("CONSULTBOT_RATE_LIMIT_EVENTS", "90/minute;3000/hour"),
        "RATE_LIMIT_LOGINS": env.get("CONSULTBOT_RATE_LIMIT_LOGINS", "10/minute"),
        "RATE_LIMIT_LOGIN_FAILURES": env.get(
            "CONSULTBOT_RATE_LIMIT_LOGIN_FAILURES", "5/minute;20/hour"
        ),
        "SPAM_MIN_FORM_SECONDS": env.get("CONSULTBOT_SPAM_MIN_FORM_SECONDS", "10"),
        "MAX_MESSAGES_PER_CONVERSATION": env.get("CONSULTBOT_MAX_MESSAGES_PER_CONVERSATION", "200"),
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
        "WIDGET_TITLE": env.get("CONSULTBOT_WIDGET_TITLE", "Ask our engineers"),
        "WIDGET_COLOR": env.get("CONSULTBOT_WIDGET_COLOR", "#1d4ed8"),
        "WIDGET_POSITION": env.get("CONSULTBOT_WIDGET_POSITION", "bottom-right"),
        "ALLOWED_ORIGINS": env.get("CONSULTBOT_ALLOWED_ORIGINS", ""),
        "PUBLIC_URL": env.get("CONSULTBOT_PUBLIC_URL", ""),
        "TRUSTED_HOSTS": env.get("CONSULTBOT_TRUSTED_HOSTS", ""),
    }
    config.update(overrides)
    if not config["DATABASE_URL"]:
        config["DATABASE_URL"] = f"sqlite:///{instance_path / 'consultbot.sqlite3'}"
    named = config["KNOWLEDGE_DIR"]
    config["KNOWLEDGE_DIR"] = Path(named).resolve() if named else default_knowledge_dir()
    _validate(config)
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
    if config["ENV"] == "production" and not str(config["METRICS_TOKEN"]).strip():
        raise ConfigError(
            "refusing to start in production without CONSULTBOT_METRICS_TOKEN: /metrics would "
            "be open to anyone; set a long random token and give it to the Prometheus scraper "
            '(e.g. python -c "import secrets; print(secrets.token_urlsafe(32))")'
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
    _validate_session(config)
    _validate_retention(config)
    _validate_operations(config)
    _validate_notifications(config)
    _validate_widget(config)
    if not Path(config["KNOWLEDGE_DIR"]).is_dir():
        raise ConfigError(
            f"the knowledge directory {config['KNOWLEDGE_DIR']} does not exist: set "
            "CONSULTBOT_KNOWLEDGE_DIR to the folder holding the knowledge YAML files, or run "
            "`consultbot init DIR` to write the example knowledge there"
        )


def _validate_operations(config: dict[str, Any]) -> None:
    fmt = str(config["LOG_FORMAT"] or ("json" if config["ENV"] == "production" else "text"))
    if fmt not in ("text", "json"):
        raise ConfigError(f"CONSULTBOT_LOG_FORMAT must be text or json (got {fmt!r})")
    config["LOG_FORMAT"] = fmt
    for key, name, low in (
        ("PROXY_HOPS", "CONSULTBOT_PROXY_HOPS", 0),
        ("MAX_MESSAGES_PER_CONVERSATION", "CONSULTBOT_MAX_MESSAGES_PER_CONVERSATION", 1),
    ):
        config[key] = _integer(config[key], name, low)
    config["RATE_LIMITS"] = _flag(config["RATE_LIMITS"], "CONSULTBOT_RATE_LIMITS")
    try:
        config["SPAM_MIN_FORM_SECONDS"] = float(config["SPAM_MIN_FORM_SECONDS"])
    except (TypeError, ValueError):
        config["SPAM_MIN_FORM_SECONDS"] = -1.0
    if not 0 <= config["SPAM_MIN_FORM_SECONDS"] <= 3600:
        raise ConfigError(
            "CONSULTBOT_SPAM_MIN_FORM_SECONDS must be a number of seconds from 0 to 3600"
        )
    for key in (
        "RATE_LIMIT_CONVERSATIONS",
        "RATE_LIMIT_MESSAGES",
        "RATE_LIMIT_EVENTS",
        "RATE_LIMIT_LOGINS",
        "RATE_LIMIT_LOGIN_FAILURES",
    ):
        value = str(config[key]).strip()
        if not _RATE.fullmatch(value):
            raise ConfigError(
                f"CONSULTBOT_{key} must look like '10/minute' or '10/minute;100/hour' "
                f"(got {value!r})"
            )
        config[key] = value
    redis_url = str(config["REDIS_URL"]).strip()
    if redis_url and not redis_url.startswith(("redis://", "rediss://", "unix://")):
        raise ConfigError(
            f"REDIS_URL must start with redis://, rediss:// or unix:// (got {redis_url!r})"
        )
    config["REDIS_URL"] = redis_url


def _integer(value: Any, name: str, low: int) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        number = low - 1
    if number < low:
        raise ConfigError(f"{name} must be a whole number of at least {low} (got {value!r})")
    return number


def _flag(value: Any, name: str) -> bool:
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name} must be 1 or 0 (got {value!r})")


def _validate_session(config: dict[str, Any]) -> None:
    try:
        hours = float(config["SESSION_HOURS"])
    except (TypeError, ValueError):
        hours = 0.0
    if not 0 < hours <= 24 * 30:
        raise ConfigError(
            "CONSULTBOT_SESSION_HOURS must be a number of hours between 0 and 720 "
            f"(got {config['SESSION_HOURS']!r})"
        )
    config["SESSION_HOURS"] = hours
    config["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=hours)
    config.setdefault("SESSION_COOKIE_HTTPONLY", True)
    config.setdefault("SESSION_COOKIE_SAMESITE", "Lax")
    config.setdefault("SESSION_COOKIE_SECURE", config["ENV"] == "production")


def _validate_retention(config: dict[str, Any]) -> None:
    value = config["CONVERSATION_RETENTION_DAYS"]
    try:
        days = int(str(value).strip())
    except ValueError:
        days = 0
    if days < 1:
        raise ConfigError(
            "CONSULTBOT_CONVERSATION_RETENTION_DAYS must be a whole number of days, 1 or more, "
            f"after which conversations without a lead are deleted (got {value!r})"
        )
    config["CONVERSATION_RETENTION_DAYS"] = days


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


def _validate_widget(config: dict[str, Any]) -> None:
    title = str(config["WIDGET_TITLE"]).strip()
    if not title or len(title) > 80:
        raise ConfigError(
            f"CONSULTBOT_WIDGET_TITLE must be a short text of 1-80 characters (got {title!r})"
        )
    config["WIDGET_TITLE"] = title
    colour = str(config["WIDGET_COLOR"]).strip()
    if not _HEX_COLOUR.fullmatch(colour):
        raise ConfigError(
            f"CONSULTBOT_WIDGET_COLOR must be a hex colour like #1d4ed8 or #27e (got {colour!r})"
        )
    config["WIDGET_COLOR"] = colour.lower()
    position = str(config["WIDGET_POSITION"]).strip().lower()
    if position not in WIDGET_POSITIONS:
        raise ConfigError(
            f"CONSULTBOT_WIDGET_POSITION must be one of {', '.join(WIDGET_POSITIONS)} "
            f"(got {config['WIDGET_POSITION']!r})"
        )
    config["WIDGET_POSITION"] = position
    config["ALLOWED_ORIGINS"] = parse_origins(config["ALLOWED_ORIGINS"])
    _validate_hosts(config)


def _validate_hosts(config: dict[str, Any]) -> None:
    """Settle which Host headers the service answers (Flask's TRUSTED_HOSTS) and its own URL.

    The Host header (and X-Forwarded-Host behind a proxy) is the client's to write; any other
    host than these gets 400, so nothing the service writes can point at a host it was handed.
    """
    public = str(config["PUBLIC_URL"] or "").strip().rstrip("/")
    if public and not _ORIGIN.fullmatch(public):
        raise ConfigError(
            "CONSULTBOT_PUBLIC_URL must be the service's own origin, like "
            f"https://chat.example.com (scheme and host, no path); got {public!r}"
        )
    config["PUBLIC_URL"] = public.lower()
    raw = config["TRUSTED_HOSTS"]
    hosts = [h.strip().lower() for h in (raw.split(",") if isinstance(raw, str) else raw or [])]
    hosts = [host for host in hosts if host]
    for host in hosts:
        if not re.fullmatch(
            r"\.?[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?|\[[0-9a-f:.]+\](:\d{1,5})?", host
        ):
            raise ConfigError(
                "CONSULTBOT_TRUSTED_HOSTS must list host names like chat.example.com or "
                f".example.com (any subdomain), comma-separated; got {host!r}"
            )
    if public and not hosts:
        hosts = [public.split("://", 1)[1]]
    config["TRUSTED_HOSTS"] = hosts or None


def parse_origins(value: str | Sequence[str]) -> tuple[str, ...]:
    """Return the allowed origins, each checked to be ``scheme://host[:port]`` and nothing more."""
    items = value.split(",") if isinstance(value, str) else list(value)
    origins = []
    for item in (str(raw).strip() for raw in items):
        if not item:
            continue
        if not _ORIGIN.fullmatch(item):
            raise ConfigError(
                f"CONSULTBOT_ALLOWED_ORIGINS must list origins like https://www.example.com "
                f"(scheme and host, an optional port, no path or trailing slash); got {item!r}"
            )
        origins.append(item.lower())
    return tuple(dict.fromkeys(origins))


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
