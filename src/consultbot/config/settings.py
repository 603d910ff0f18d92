"""Every setting of the service: its environment variable, default and kind of value.

Every setting, its environment variable and its default (the on/off settings accept 1/0,
true/false, yes/no and on/off in any case, and nothing else):

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
  every instance; otherwise in each process's memory (gunicorn warns at start when several
  workers do). The failed-login limits are counted in the database either way.
- RATE_LIMITS (CONSULTBOT_RATE_LIMITS): ``1``; ``0`` switches rate limiting off (load tests).
- RATE_LIMIT_CONVERSATIONS (CONSULTBOT_RATE_LIMIT_CONVERSATIONS): ``10/minute;100/hour`` new
  conversations per client address.
- RATE_LIMIT_MESSAGES (CONSULTBOT_RATE_LIMIT_MESSAGES): ``30/minute;600/hour`` messages per
  client address.
- RATE_LIMIT_EVENTS (CONSULTBOT_RATE_LIMIT_EVENTS): ``90/minute;3000/hour`` reads of a
  conversation's events (the widget polls about every 1.5 s while a person is in the chat).
- RATE_LIMIT_LOGINS (CONSULTBOT_RATE_LIMIT_LOGINS): ``10/minute`` failed dashboard login
  attempts per client address (a login that succeeds is not counted).
- RATE_LIMIT_LOGIN_FAILURES (CONSULTBOT_RATE_LIMIT_LOGIN_FAILURES): ``5/minute;20/hour`` failed
  logins per client address and email (known or not); no account is ever locked.
- BODY_TIMEOUT_SECONDS (CONSULTBOT_BODY_TIMEOUT_SECONDS): ``10``; a request body that has not
  arrived this long after the app starts reading it is answered 408 and its connection closed,
  so clients that stop sending cannot hold the server's threads. ``0`` turns it off.
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

from dataclasses import dataclass

from consultbot.config import kinds
from consultbot.config.kinds import Parser

DEV_SECRET_KEY = "dev-only-secret-change-me"
_RATE = r"\d+\s*/\s*(second|minute|hour|day)(\s*;\s*\d+\s*/\s*(second|minute|hour|day))*"
_RATE_LIMIT = kinds.pattern(_RATE, "look like '10/minute' or '10/minute;100/hour'")


@dataclass(frozen=True, slots=True)
class Setting:
    """One setting: its key in the config, its environment variable, default and parser."""

    key: str
    env: str
    default: str
    parse: Parser


# In the order they are checked. INSTANCE_PATH, DATABASE_URL and KNOWLEDGE_DIR have defaults
# that depend on the working directory or another setting: load_config fills them in.
SETTINGS = (
    Setting("ENV", "CONSULTBOT_ENV", "development", kinds.choice("development", "production")),
    Setting("SECRET_KEY", "SECRET_KEY", DEV_SECRET_KEY, kinds.text()),
    Setting("METRICS_TOKEN", "CONSULTBOT_METRICS_TOKEN", "", kinds.text()),
    Setting(
        "LOG_LEVEL",
        "LOG_LEVEL",
        "INFO",
        kinds.choice(
            "DEBUG",
            "INFO",
            "WARNING",
            "ERROR",
            "CRITICAL",
            also=("WARN", "FATAL", "NOTSET"),
            upper=True,
        ),
    ),
    Setting(
        "KNOWLEDGE_RELOAD_SECONDS",
        "CONSULTBOT_KNOWLEDGE_RELOAD_SECONDS",
        "2",
        kinds.duration("seconds"),
    ),
    Setting("DATABASE_URL", "DATABASE_URL", "", kinds.database_url),
    Setting("INSTANCE_PATH", "CONSULTBOT_INSTANCE_PATH", "instance", kinds.directory),
    Setting("KNOWLEDGE_DIR", "CONSULTBOT_KNOWLEDGE_DIR", "", kinds.directory),
    Setting(
        "SESSION_HOURS",
        "CONSULTBOT_SESSION_HOURS",
        "8",
        kinds.duration("hours", 0, 24 * 30, above=True),
    ),
    Setting(
        "CONVERSATION_RETENTION_DAYS",
        "CONSULTBOT_CONVERSATION_RETENTION_DAYS",
        "90",
        kinds.integer(
            1,
            what="a whole number of days, 1 or more, after which conversations without a lead "
            "are deleted",
        ),
    ),
    Setting(
        "LOG_FORMAT",
        "CONSULTBOT_LOG_FORMAT",
        "",
        kinds.choice("text", "json", optional=True, what="be text or json"),
    ),
    Setting("PROXY_HOPS", "CONSULTBOT_PROXY_HOPS", "0", kinds.integer(0)),
    Setting(
        "BODY_TIMEOUT_SECONDS",
        "CONSULTBOT_BODY_TIMEOUT_SECONDS",
        "10",
        kinds.duration("seconds", 0, 3600),
    ),
    Setting(
        "MAX_MESSAGES_PER_CONVERSATION",
        "CONSULTBOT_MAX_MESSAGES_PER_CONVERSATION",
        "200",
        kinds.integer(1),
    ),
    Setting("RATE_LIMITS", "CONSULTBOT_RATE_LIMITS", "1", kinds.flag),
    Setting(
        "SPAM_MIN_FORM_SECONDS",
        "CONSULTBOT_SPAM_MIN_FORM_SECONDS",
        "10",
        kinds.duration("seconds", 0, 3600),
    ),
    Setting(
        "RATE_LIMIT_CONVERSATIONS",
        "CONSULTBOT_RATE_LIMIT_CONVERSATIONS",
        "10/minute;100/hour",
        _RATE_LIMIT,
    ),
    Setting(
        "RATE_LIMIT_MESSAGES", "CONSULTBOT_RATE_LIMIT_MESSAGES", "30/minute;600/hour", _RATE_LIMIT
    ),
    Setting(
        "RATE_LIMIT_EVENTS", "CONSULTBOT_RATE_LIMIT_EVENTS", "90/minute;3000/hour", _RATE_LIMIT
    ),
    Setting("RATE_LIMIT_LOGINS", "CONSULTBOT_RATE_LIMIT_LOGINS", "10/minute", _RATE_LIMIT),
    Setting(
        "RATE_LIMIT_LOGIN_FAILURES",
        "CONSULTBOT_RATE_LIMIT_LOGIN_FAILURES",
        "5/minute;20/hour",
        _RATE_LIMIT,
    ),
    Setting("REDIS_URL", "REDIS_URL", "", kinds.url("redis://", "rediss://", "unix://")),
    Setting("SMTP_HOST", "SMTP_HOST", "localhost", kinds.text()),
    Setting(
        "SMTP_PORT",
        "SMTP_PORT",
        "25",
        kinds.integer(0, 65535, what="a port number from 0 to 65535"),
    ),
    Setting("SMTP_USERNAME", "SMTP_USERNAME", "", kinds.text()),
    Setting("SMTP_PASSWORD", "SMTP_PASSWORD", "", kinds.text()),
    Setting("SMTP_STARTTLS", "SMTP_STARTTLS", "0", kinds.flag),
    Setting("DELIVER_IN_PROCESS", "CONSULTBOT_DELIVER_IN_PROCESS", "1", kinds.flag),
    Setting(
        "SALES_EMAIL",
        "CONSULTBOT_SALES_EMAIL",
        "",
        kinds.pattern(r"[^@\s]+@[^@\s]+\.[^@\s]+", "be an email address", optional=True),
    ),
    Setting("MAIL_FROM", "CONSULTBOT_MAIL_FROM", "consultbot@localhost", kinds.text()),
    Setting("WEBHOOK_URL", "CONSULTBOT_WEBHOOK_URL", "", kinds.web_url),
    Setting("WEBHOOK_SECRET", "CONSULTBOT_WEBHOOK_SECRET", "", kinds.text()),
    Setting("WIDGET_TITLE", "CONSULTBOT_WIDGET_TITLE", "Ask our engineers", kinds.text(longest=80)),
    Setting(
        "WIDGET_COLOR",
        "CONSULTBOT_WIDGET_COLOR",
        "#1d4ed8",
        kinds.pattern(
            r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})",
            "be a hex colour like #1d4ed8 or #27e",
            lower=True,
        ),
    ),
    Setting(
        "WIDGET_POSITION",
        "CONSULTBOT_WIDGET_POSITION",
        "bottom-right",
        kinds.choice("bottom-right", "bottom-left"),
    ),
    Setting("ALLOWED_ORIGINS", "CONSULTBOT_ALLOWED_ORIGINS", "", kinds.origin_list),
    Setting("PUBLIC_URL", "CONSULTBOT_PUBLIC_URL", "", kinds.origin),
    Setting("TRUSTED_HOSTS", "CONSULTBOT_TRUSTED_HOSTS", "", kinds.host_list),
)
