"""Every setting in the table reads its kind of value, and refuses others naming itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from consultbot.config import load_config
from consultbot.errors import ConfigError

FLAGS = ("RATE_LIMITS", "SMTP_STARTTLS", "DELIVER_IN_PROCESS")


@pytest.mark.parametrize("key", FLAGS)
@pytest.mark.parametrize(
    ("spelling", "meaning"),
    [("1", True), ("true", True), ("Yes", True), ("ON", True)]
    + [("0", False), ("False", False), ("no", False), ("off", False), (" Off ", False)],
)
def test_every_flag_accepts_the_same_spellings(key: str, spelling: str, meaning: bool) -> None:
    assert load_config(environ={}, overrides={key: spelling})[key] is meaning


@pytest.mark.parametrize("key", FLAGS)
@pytest.mark.parametrize("spelling", ["maybe", "", "2", "enabled"])
def test_every_flag_refuses_anything_else_naming_the_setting_and_the_spellings(
    key: str, spelling: str
) -> None:
    name = "SMTP_STARTTLS" if key == "SMTP_STARTTLS" else f"CONSULTBOT_{key}"
    with pytest.raises(ConfigError) as caught:
        load_config(environ={name: spelling})
    assert caught.value.message == (
        f"{name} must be 1 or 0 (or true/false, yes/no, on/off, in any case) (got {spelling!r})"
    )


@pytest.mark.parametrize(
    ("variable", "value", "key", "expected"),
    [
        ("CONSULTBOT_PROXY_HOPS", " 2 ", "PROXY_HOPS", 2),
        ("SMTP_PORT", "587", "SMTP_PORT", 587),
        ("CONSULTBOT_CONVERSATION_RETENTION_DAYS", "30", "CONVERSATION_RETENTION_DAYS", 30),
        ("CONSULTBOT_SESSION_HOURS", "1.5", "SESSION_HOURS", 1.5),
        ("CONSULTBOT_SPAM_MIN_FORM_SECONDS", "0", "SPAM_MIN_FORM_SECONDS", 0.0),
        ("CONSULTBOT_KNOWLEDGE_RELOAD_SECONDS", "0.5", "KNOWLEDGE_RELOAD_SECONDS", 0.5),
        ("CONSULTBOT_ENV", "development", "ENV", "development"),
        ("CONSULTBOT_LOG_FORMAT", "JSON", "LOG_FORMAT", "json"),
        ("CONSULTBOT_WIDGET_TITLE", "  Hello  ", "WIDGET_TITLE", "Hello"),
        ("CONSULTBOT_WIDGET_COLOR", "#ABC", "WIDGET_COLOR", "#abc"),
        ("CONSULTBOT_SALES_EMAIL", "sales@example.com", "SALES_EMAIL", "sales@example.com"),
        ("CONSULTBOT_RATE_LIMIT_LOGINS", "3/second", "RATE_LIMIT_LOGINS", "3/second"),
        ("REDIS_URL", "redis://cache:6379/0", "REDIS_URL", "redis://cache:6379/0"),
        (
            "CONSULTBOT_PUBLIC_URL",
            "https://Chat.Example.com/",
            "PUBLIC_URL",
            "https://chat.example.com",
        ),
        (
            "CONSULTBOT_ALLOWED_ORIGINS",
            "https://a.example, https://a.example,http://b.example:8000",
            "ALLOWED_ORIGINS",
            ("https://a.example", "http://b.example:8000"),
        ),
        (
            "CONSULTBOT_TRUSTED_HOSTS",
            "Chat.Example.com, .example.org",
            "TRUSTED_HOSTS",
            ["chat.example.com", ".example.org"],
        ),
        ("CONSULTBOT_INSTANCE_PATH", ".", "INSTANCE_PATH", Path.cwd()),
    ],
)
def test_a_good_value_of_each_kind_is_read_and_typed(
    variable: str, value: str, key: str, expected: object
) -> None:
    assert load_config(environ={variable: value})[key] == expected


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        (
            "CONSULTBOT_PROXY_HOPS",
            "two",
            "CONSULTBOT_PROXY_HOPS must be a whole number of at least 0 (got 'two')",
        ),
        ("SMTP_PORT", "70000", "SMTP_PORT must be a port number from 0 to 65535 (got '70000')"),
        (
            "CONSULTBOT_SESSION_HOURS",
            "0",
            "CONSULTBOT_SESSION_HOURS must be a number of hours between 0 and 720 (got '0')",
        ),
        (
            "CONSULTBOT_SPAM_MIN_FORM_SECONDS",
            "-1",
            "CONSULTBOT_SPAM_MIN_FORM_SECONDS must be a number of seconds from 0 to 3600 "
            "(got '-1')",
        ),
        (
            "CONSULTBOT_KNOWLEDGE_RELOAD_SECONDS",
            "nan",
            "CONSULTBOT_KNOWLEDGE_RELOAD_SECONDS must be a number of seconds (got 'nan')",
        ),
        ("CONSULTBOT_LOG_FORMAT", "xml", "CONSULTBOT_LOG_FORMAT must be text or json (got 'xml')"),
        (
            "CONSULTBOT_WIDGET_TITLE",
            "x" * 81,
            "CONSULTBOT_WIDGET_TITLE must be a short text of 1-80 characters",
        ),
        (
            "CONSULTBOT_SALES_EMAIL",
            "sales",
            "CONSULTBOT_SALES_EMAIL must be an email address (got 'sales')",
        ),
        (
            "CONSULTBOT_WEBHOOK_URL",
            "ftp://x",
            "CONSULTBOT_WEBHOOK_URL must be an http:// or https:// URL (got 'ftp://x')",
        ),
        (
            "REDIS_URL",
            "cache:6379",
            "REDIS_URL must start with redis://, rediss:// or unix:// (got 'cache:6379')",
        ),
        (
            "CONSULTBOT_PUBLIC_URL",
            "chat.example.com",
            "CONSULTBOT_PUBLIC_URL must be the service's own origin",
        ),
        (
            "CONSULTBOT_ALLOWED_ORIGINS",
            "https://a.example/",
            "CONSULTBOT_ALLOWED_ORIGINS must list origins like",
        ),
        ("CONSULTBOT_TRUSTED_HOSTS", "a b", "CONSULTBOT_TRUSTED_HOSTS must list host names like"),
        (
            "CONSULTBOT_KNOWLEDGE_DIR",
            "/nonexistent/kb",
            "the knowledge directory /nonexistent/kb does not exist",
        ),
    ],
)
def test_a_bad_value_of_each_kind_is_refused_naming_the_setting(
    variable: str, value: str, message: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(environ={variable: value})
    assert caught.value.message.startswith(message)


def test_retention_setting_defaults_to_90_days() -> None:
    assert load_config(environ={})["CONVERSATION_RETENTION_DAYS"] == 90
    assert (
        load_config(environ={"CONSULTBOT_CONVERSATION_RETENTION_DAYS": " 7 "})[
            "CONVERSATION_RETENTION_DAYS"
        ]
        == 7
    )
    with pytest.raises(ConfigError, match="whole number of days, 1 or more"):
        load_config({"CONVERSATION_RETENTION_DAYS": 0}, environ={})
