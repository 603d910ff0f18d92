"""Dialogue tests run on the shipped knowledge, compiled once; no app, no database."""

from __future__ import annotations

import pytest

from consultbot.config import DEFAULT_KNOWLEDGE_DIR
from consultbot.knowledge.loader import load_knowledge
from consultbot.knowledge.schema import KnowledgeBase
from consultbot.matching.compile import compile_index
from consultbot.matching.index import MatcherIndex


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The shipped knowledge."""
    return load_knowledge(DEFAULT_KNOWLEDGE_DIR)


@pytest.fixture(scope="session")
def index(kb: KnowledgeBase) -> MatcherIndex:
    """The shipped knowledge, compiled."""
    return compile_index(kb)
