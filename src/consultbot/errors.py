"""Errors consultbot raises on purpose, each with a message that says what to fix.

ConsultbotError                 base; ``code`` is a stable machine-readable name
├── ConfigError                 the environment or settings are wrong (bad DATABASE_URL, dev secret
│                               in production, unwritable instance folder)
├── KnowledgeError              a knowledge directory is invalid; carries every Problem found
├── DatabaseUnavailableError    the database cannot be reached or is not migrated
└── ApiError                    a widget API request cannot be served; carries its HTTP status
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from consultbot.knowledge.problems import Problem


class ConsultbotError(Exception):
    """Base class for every error consultbot raises deliberately."""

    code = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConfigError(ConsultbotError):
    """The service is configured in a way it cannot run with."""

    code = "config_error"


class KnowledgeError(ConsultbotError):
    """A knowledge directory failed validation."""

    code = "invalid_knowledge"

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        lines = "\n".join(f"  {problem}" for problem in self.problems)
        super().__init__(f"the knowledge has {len(self.problems)} problem(s):\n{lines}")


class DatabaseUnavailableError(ConsultbotError):
    """The database cannot be reached, or its schema is not up to date."""

    code = "database_unavailable"


class ApiError(ConsultbotError):
    """A widget API request that is refused, with the HTTP status and error code to send."""

    def __init__(
        self, status: int, code: str, message: str, fields: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.fields = fields or {}
