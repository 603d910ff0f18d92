"""The error vocabulary: stable codes, messages to show as they are, every problem kept."""

from __future__ import annotations

import pytest

from consultbot.errors import (
    ApiError,
    ConfigError,
    ConsultbotError,
    DatabaseUnavailableError,
    KnowledgeError,
)
from consultbot.knowledge.problems import Problem


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (ConsultbotError("x"), "error"),
        (ConfigError("x"), "config_error"),
        (DatabaseUnavailableError("x"), "database_unavailable"),
        (KnowledgeError([]), "invalid_knowledge"),
    ],
)
def test_each_error_has_its_code_and_is_a_consultbot_error(
    error: ConsultbotError, code: str
) -> None:
    assert error.code == code
    assert isinstance(error, ConsultbotError)


def test_the_message_is_the_text_given() -> None:
    error = ConfigError("set SECRET_KEY")
    assert error.message == str(error) == "set SECRET_KEY"


def test_a_knowledge_error_lists_every_problem_one_per_line() -> None:
    problems = [
        Problem("knowledge/faq.yaml", 3, "intents[0].id", "must be unique"),
        Problem("knowledge/costs.yaml", 14, "tiers[2].timeline", "expected text"),
    ]
    error = KnowledgeError(problems)
    assert error.problems == tuple(problems)
    assert error.message.splitlines() == [
        "the knowledge has 2 problem(s):",
        f"  {problems[0]}",
        f"  {problems[1]}",
    ]


def test_an_api_error_carries_its_status_code_and_fields() -> None:
    error = ApiError(422, "invalid_text", "text must not be empty", {"text": "empty"})
    assert (error.status, error.code, error.message) == (
        422,
        "invalid_text",
        "text must not be empty",
    )
    assert error.fields == {"text": "empty"}
    assert ApiError(404, "not_found", "no such conversation").fields == {}


def test_the_api_error_code_is_per_instance() -> None:
    limited = ApiError(429, "rate_limited", "slow down")
    bad = ApiError(400, "bad_request", "x")
    assert (limited.code, bad.code) == ("rate_limited", "bad_request")
    assert ConsultbotError.code == ApiError.code == "error"
