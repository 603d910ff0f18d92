"""The knowledge tests' ``broken_case`` fixture, for the ``consultbot knowledge`` command."""

from __future__ import annotations

from tests.knowledge.conftest import broken_case

__all__ = ["broken_case"]
