"""Log lines: one per event, request id on each, no forged lines, text or JSON."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator

import pytest

from consultbot.logs import (
    TEXT_FORMAT,
    JsonFormatter,
    RequestIdFilter,
    TextFormatter,
    configure_logging,
    escape_controls,
    request_id_var,
)


def record(message: str, *args: object, **extra: object) -> logging.LogRecord:
    """Make a record as a logger would, with ``extra`` attributes, through RequestIdFilter."""
    made = logging.LogRecord("consultbot.test", logging.WARNING, __file__, 1, message, args, None)
    made.__dict__.update(extra)
    RequestIdFilter().filter(made)
    return made


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("GET /a%0a\nINFO forged", "GET /a%0a\\nINFO forged"),
        ("\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m"),
        ("tab\there\r", "tab\\there\\r"),
        ("\u2028\u2029\x85\x7f", "\\u2028\\u2029\\x85\\x7f"),
        ("caf\u00e9 \u2014 \U0001f600", "caf\u00e9 \u2014 \U0001f600"),
    ],
)
def test_control_characters_are_escaped_and_the_rest_kept(text: str, shown: str) -> None:
    assert escape_controls(text) == shown


def test_records_carry_the_current_request_id_or_a_dash() -> None:
    assert vars(record("outside"))["request_id"] == "-"
    token = request_id_var.set("req-42")
    try:
        assert vars(record("inside"))["request_id"] == "req-42"
    finally:
        request_id_var.reset(token)


def test_a_text_line_escapes_what_the_message_carries() -> None:
    line = TextFormatter("%(levelname)s [%(request_id)s]: %(message)s").format(
        record("path %s", "/x\nWARNING forged")
    )
    assert line == "WARNING [-]: path /x\\nWARNING forged"


def test_a_json_line_has_the_fields_the_extras_and_the_traceback() -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        made = record("lead %s stored", 7, lead_id=7, _private="hidden")
        made.exc_info = sys.exc_info()
    entry = json.loads(JsonFormatter().format(made))
    assert entry["level"] == "WARNING" and entry["logger"] == "consultbot.test"
    assert entry["message"] == "lead 7 stored" and entry["request_id"] == "-"
    assert entry["lead_id"] == 7 and "_private" not in entry
    assert entry["time"].endswith("+00:00")
    assert entry["exception"].startswith("Traceback") and "ValueError: boom" in entry["exception"]


def test_a_json_line_writes_any_extra_value_as_text() -> None:
    entry = json.loads(JsonFormatter().format(record("x", when=object)))
    assert entry["when"] == "<class 'object'>"


@pytest.fixture
def root_logger() -> Iterator[logging.Logger]:
    """The root logger, its handlers and level put back after the test."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield root
    root.handlers[:] = handlers
    root.setLevel(level)


def ours(root: logging.Logger) -> list[logging.Handler]:
    """The handlers configure_logging installed (another test's app may have run it)."""
    return [h for h in root.handlers if any(isinstance(f, RequestIdFilter) for f in h.filters)]


def test_configuring_twice_leaves_one_handler_of_the_latest_format(
    root_logger: logging.Logger,
) -> None:
    configure_logging("DEBUG", "text")
    configure_logging("WARNING", "json")
    [added] = ours(root_logger)
    assert isinstance(added.formatter, JsonFormatter)
    assert root_logger.level == logging.WARNING


def test_text_format_is_used_unless_json_is_asked_for(root_logger: logging.Logger) -> None:
    configure_logging("INFO", "text")
    [added] = ours(root_logger)
    formatter = added.formatter
    assert isinstance(formatter, TextFormatter) and formatter._fmt == TEXT_FORMAT
