"""Matcher tests need no app: small knowledge bases built in memory."""

from __future__ import annotations

from typing import Any

import pytest

from consultbot.knowledge.schema import KnowledgeBase
from consultbot.matching.compile import compile_index
from consultbot.matching.index import MatcherIndex


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


def tiny_comparison(comparison_id: str, first: str, second: str) -> dict[str, Any]:
    """Return a small comparison page between two frameworks, as an editor would write it."""
    return {
        "id": comparison_id,
        "title": f"{first} vs {second}",
        "page": f"/compare/{comparison_id}",
        "frameworks": [first, second],
        "summary": "Both are fine.",
        "verdicts": {first: "Pick it for shops.", second: "Pick it for speed."},
        "criteria": [
            {"id": "speed", "name": "Speed", "aliases": ["fast", "faster", "throughput"],
             "scores": {first: 5, second: 9}, "winner": second, "why": "It is leaner."},
            {"id": "admin", "name": "Admin screens", "aliases": ["admin"],
             "scores": {first: 9, second: 4}, "winner": first, "why": "One ships them."},
        ],
        "metrics": [
            {"id": "rps", "name": "Requests per second", "aliases": ["throughput"],
             "values": {first: "5K", second: "50K"}, "source": "a benchmark"},
        ],
        "use_cases": [
            {"id": "shops", "title": "Web shops", "aliases": ["shop", "ecommerce"],
             "related": ["checkout"], "best": first, "why": "Carts come built in."},
            {"id": "enterprise", "title": "Enterprise systems", "aliases": ["enterprise"],
             "best": first, "why": "Long support."},
        ],
        "migration": {
            "projects": 10, "contingency_percent": 10,
            "tiers": [
                {"id": "small", "name": "Small", "description": "one service",
                 "cost": {"min": 1000, "max": 2000}, "timeline": {"min": 1, "max": 2,
                                                                  "unit": "weeks"}},
                {"id": "large", "name": "Large", "description": "a platform",
                 "aliases": ["enterprise"], "cost": {"min": 9000, "max": 20000},
                 "timeline": {"min": 3, "max": 6, "unit": "months"}},
            ],
        },
        "pitfalls": [
            {"id": "mixing", "title": "Mixing both ORMs", "aliases": ["two orms"],
             "problem": "Deadlocks.", "advice": "Pick one."},
        ],
        "alternatives": [
            {"framework": "gamma", "best_for": "static sites", "pricing": "free",
             "gotcha": "Small community."},
        ],
    }  # fmt: skip


CUES: list[dict[str, Any]] = [
    {"kind": "compare", "phrases": ["vs", "difference"], "hints": ["which", "better", "or"]},
    {"kind": "overall", "phrases": ["overall"]},
    {"kind": "cost", "phrases": ["cost", "price"], "hints": ["how much"]},
    {"kind": "duration", "phrases": ["how long"]},
    {"kind": "migrate", "phrases": ["migrate", "migration", "port"]},
    {"kind": "pitfalls", "phrases": ["go wrong", "pitfalls"]},
    {"kind": "alternatives", "phrases": ["alternatives"]},
    {"kind": "recommend", "phrases": ["recommend", "should i"]},
    {"kind": "best_for", "phrases": ["best for"]},
    {"kind": "what_is", "phrases": ["what is"]},
    {"kind": "why", "phrases": ["why"]},
    {"kind": "howto", "phrases": ["how do i", "install"]},
    {"intent": "hello", "phrases": ["hi", "hello"]},
]


def comparison_kb(pages: int = 1) -> KnowledgeBase:
    """Return a knowledge base of ``pages`` comparisons, Alpha vs Beta first, in memory."""
    frameworks = [
        {"id": "alpha", "name": "Alpha"},
        {"id": "beta", "name": "Beta", "aliases": ["beta framework"]},
        {"id": "gamma", "name": "Gamma", "aliases": ["go"]},
        {"id": "delta", "name": "Delta", "kind": "tool", "description": "A job runner."},
    ]
    comparisons = [tiny_comparison("alpha-vs-beta", "alpha", "beta")]
    for number in range(1, pages):
        first, second = f"first{number}", f"second{number}"
        frameworks += [
            {"id": first, "name": f"Firstling{number}"},
            {"id": second, "name": f"Secondling{number}"},
        ]
        comparisons.append(tiny_comparison(f"{first}-vs-{second}", first, second))
    return KnowledgeBase.model_validate(
        {
            "frameworks": frameworks,
            "comparisons": comparisons,
            "cues": CUES,
            "intents": [
                {"id": "hello", "examples": ["hi", "hello there"], "answer": "Hi!",
                 "suggest": False},
                {"id": "choose", "examples": ["which should i choose"], "answer": "It depends.",
                 "kind": "recommend", "title": "Which should I choose?"},
            ],
        }
    )  # fmt: skip


@pytest.fixture(scope="session")
def tiny_index() -> MatcherIndex:
    """The index of the one-page Alpha vs Beta knowledge base."""
    return compile_index(comparison_kb())
