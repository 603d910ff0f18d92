"""The use cases' tests write knowledge folders the way the knowledge tests do."""

from tests.knowledge.conftest import write_knowledge

__all__ = ["write_knowledge"]
