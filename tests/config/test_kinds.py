"""Each kind of setting value parsed on its own: what it accepts, what it refuses, and how."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from consultbot.config import kinds
from consultbot.errors import ConfigError


def refusal(parser: kinds.Parser, value: Any, name: str = "X") -> str:
    """Return the message a parser refuses ``value`` with."""
    with pytest.raises(ConfigError) as caught:
        parser(value, name)
    return caught.value.message


def test_refuse_names_the_setting_and_shows_the_value() -> None:
    assert kinds.refuse("PORT", "be a port", "abc").message == "PORT must be a port (got 'abc')"


@pytest.mark.parametrize(
    ("value", "meaning"), [(True, True), (1, True), (" on ", True), (0, False)]
)
def test_flag_reads_values_passed_in_code_as_well_as_text(value: Any, meaning: bool) -> None:
    assert kinds.flag(value, "X") is meaning


def test_flag_refuses_a_value_that_is_neither() -> None:
    assert refusal(kinds.flag, "sometimes") == f"X must be {kinds.FLAG_VALUES} (got 'sometimes')"


def test_integer_keeps_to_its_bounds() -> None:
    port = kinds.integer(0, 65535)
    assert port(" 8000 ", "P") == 8000 and port(0, "P") == 0 and port(65535, "P") == 65535
    assert refusal(port, "65536", "P") == "P must be from 0 to 65535 (got '65536')"
    assert refusal(port, "-1", "P") == "P must be from 0 to 65535 (got '-1')"
    assert refusal(kinds.integer(1), "1.5") == "X must be a whole number of at least 1 (got '1.5')"


def test_integer_says_what_it_was_told_to() -> None:
    days = kinds.integer(1, what="a whole number of days")
    assert refusal(days, "0") == "X must be a whole number of days (got '0')"


def test_duration_includes_its_bounds_unless_told_above() -> None:
    inclusive = kinds.duration("seconds", 0, 10)
    assert inclusive("0", "S") == 0.0 and inclusive("10", "S") == 10.0
    assert refusal(inclusive, "10.5") == "X must be a number of seconds from 0 to 10 (got '10.5')"
    exclusive = kinds.duration("hours", 0, 720, above=True)
    assert exclusive("0.25", "H") == 0.25
    assert refusal(exclusive, "0") == "X must be a number of hours between 0 and 720 (got '0')"


@pytest.mark.parametrize("value", ["nan", "soon", ""])
def test_duration_refuses_what_is_not_a_number(value: str) -> None:
    assert (
        refusal(kinds.duration("seconds"), value)
        == f"X must be a number of seconds (got {value!r})"
    )


def test_choice_folds_case_and_accepts_unadvertised_spellings() -> None:
    level = kinds.choice("DEBUG", "INFO", also=("WARN",), upper=True)
    assert level(" info ", "L") == "INFO" and level("warn", "L") == "WARN"
    assert refusal(level, "loud") == "X must be one of DEBUG, INFO (got 'LOUD')"
    assert refusal(kinds.choice("text", "json"), "XML") == "X must be one of text, json (got 'XML')"


def test_an_optional_choice_keeps_an_empty_value_empty() -> None:
    assert kinds.choice("text", "json", optional=True)(None, "F") == ""
    assert "must be one of" in refusal(kinds.choice("text", "json"), "")


def test_text_is_kept_as_given_unless_it_has_a_length() -> None:
    assert kinds.text()("  spaced secret ", "S") == "  spaced secret "
    short = kinds.text(longest=5)
    assert short(" abc ", "T") == "abc"
    assert refusal(short, "abcdef") == "X must be a short text of 1-5 characters (got 'abcdef')"
    assert refusal(short, "   ") == "X must be a short text of 1-5 characters (got '')"


def test_pattern_matches_the_whole_value() -> None:
    colour = kinds.pattern(r"#[0-9a-fA-F]{3}", "be a colour", lower=True)
    assert colour(" #ABC ", "C") == "#abc"
    assert refusal(colour, "#ABCD") == "X must be a colour (got '#ABCD')"
    assert kinds.pattern(r"\d+", "be digits", optional=True)("", "D") == ""


def test_url_needs_one_of_its_prefixes_and_may_be_empty() -> None:
    redis = kinds.url("redis://", "unix://")
    assert redis("", "R") == "" and redis(" unix:///tmp/r.sock ", "R") == "unix:///tmp/r.sock"
    assert (
        refusal(redis, "cache:6379") == "X must start with redis:// or unix:// (got 'cache:6379')"
    )


def test_web_url_needs_a_scheme_and_a_host() -> None:
    assert kinds.web_url("https://hooks.example/x", "W") == "https://hooks.example/x"
    assert kinds.web_url("", "W") == ""
    assert (
        refusal(kinds.web_url, "https://")
        == "X must be an http:// or https:// URL (got 'https://')"
    )


def test_origin_is_lower_cased_without_its_trailing_slash() -> None:
    assert kinds.origin("https://Chat.Example.com:8443/", "O") == "https://chat.example.com:8443"
    assert kinds.origin(None, "O") == ""
    assert refusal(kinds.origin, "https://chat.example.com/path").startswith(
        "X must be the service's own origin"
    )


def test_origin_list_drops_blanks_and_repeats_and_refuses_paths() -> None:
    listed = kinds.origin_list(
        ["https://A.example", " ", "https://a.example", "http://[::1]:8000"], "O"
    )
    assert listed == ("https://a.example", "http://[::1]:8000")
    assert "(got 'https://a.example/x')" in refusal(kinds.origin_list, "https://a.example/x")


def test_host_list_accepts_any_subdomain_form_and_refuses_spaces() -> None:
    assert kinds.host_list("Chat.Example.com, .example.org,,", "H") == [
        "chat.example.com",
        ".example.org",
    ]
    assert kinds.host_list(None, "H") == []
    assert "(got 'a b')" in refusal(kinds.host_list, "a b")


def test_directory_is_made_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert kinds.directory("kb", "K") == tmp_path.resolve() / "kb"


def test_database_url_accepts_sqlite_files_and_psycopg() -> None:
    assert kinds.database_url("sqlite:////srv/c.sqlite3", "D") == "sqlite:////srv/c.sqlite3"
    assert kinds.database_url("postgres://u:p@h/db", "D") == "postgresql+psycopg://u:p@h/db"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("nonsense", "D is not a database URL (got 'nonsense')"),
        (
            "mysql://u:secret@h/db",
            "D names the 'mysql' database, which consultbot does not support",
        ),
        ("postgresql+psycopg2://u:secret@h/db", "D uses the driver 'psycopg2'"),
        ("sqlite://", "D must name a SQLite file, not an in-memory database"),
        ("sqlite:///:memory:", "D must name a SQLite file"),
    ],
)
def test_database_url_refuses_others_without_showing_the_password(url: str, message: str) -> None:
    found = refusal(kinds.database_url, url, "D")
    assert found.startswith(message)
    assert "secret" not in found


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://u:pa:ss@h/db", "postgresql://u:***@h/db"),
        ("postgresql://u@h/db", "postgresql://u@h/db"),
        ("not a url", "not a url"),
    ],
)
def test_hide_password_replaces_only_the_password(url: str, shown: str) -> None:
    assert kinds.hide_password(url) == shown
