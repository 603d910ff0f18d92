"""Matcher tests need no app: a tiny knowledge base built in memory."""

from __future__ import annotations

import pytest

from consultbot.knowledge.schema import KnowledgeBase


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
