"""Matcher tests need no app: the shipped knowledge compiled once, and tiny in-memory sets."""

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
    """The shipped knowledge, compiled, with its calibrated threshold."""
    return compile_index(kb)


@pytest.fixture(scope="session")
def faq_kb() -> KnowledgeBase:
    """A generic FAQ knowledge base built in memory."""
    return KnowledgeBase.model_validate(
        {
            "intents": [
                {
                    "id": "opening-hours",
                    "examples": ["when are you open", "opening hours", "what time do you close"],
                    "answer": "9 to 5.",
                },
                {
                    "id": "refund",
                    "examples": ["i want my money back", "how do refunds work", "refund please"],
                    "answer": "Within 30 days.",
                },
                {
                    "id": "delivery",
                    "examples": ["where is my parcel", "track my order", "delivery status"],
                    "answer": "Track it online.",
                },
            ]
        }
    )
