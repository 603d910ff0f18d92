"""Two gunicorn instances on one database, each conversation's messages sent alternately to both."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Callable

import sqlalchemy as sa

from consultbot.dialogue.engine import start, step
from consultbot.dialogue.handoff import nobody_free, person_requested
from consultbot.knowledge.schema import KnowledgeBase
from consultbot.matching.index import MatcherIndex
from consultbot.storage import db
from consultbot.storage.models import Conversation, Lead, Message, Role
from tests.production.conftest import Gunicorn, call

PAGE = "/compare/django-vs-fastapi"
QUESTIONS = [
    ["wich is fatser?", "and for a large one?", "what about documentation"],
    ["how much does a migration cost", "a small one?", "pitfalls in production?"],
    ["is django better for an admin panel", "hello??", "what alternatives are there"],
]


def lead_answers(number: int) -> list[str]:
    return [f"Visitor {number}", f"visitor{number}@example.com", "skip", "a migration",
            "Django", "medium", "in 2 months", "$50k", "skip", "yes"]  # fmt: skip


def expected_replies(
    kb: KnowledgeBase, index: MatcherIndex, messages: list[str]
) -> list[list[str]]:
    """What a single process answers to the same messages (the engine is deterministic).

    No staff member is available in these databases: a request for a person is told so.
    """
    state = start(kb, PAGE).state
    replies = []
    for text in messages:
        result = step(state, text, kb, index)
        if person_requested(result):
            result = nobody_free(result, kb)
        replies.append([reply.text for reply in result.replies])
        state = result.state
    return replies


def test_two_instances_answer_one_conversation_as_one_would(
    start_gunicorn: Callable[..., Gunicorn],
    migrated_database_url: str,
    kb: KnowledgeBase,
    index: MatcherIndex,
) -> None:
    instances = [
        start_gunicorn(migrated_database_url, workers=2, CONSULTBOT_RATE_LIMITS="0")
        for _ in range(2)
    ]
    for instance in instances:
        instance.wait_ready()
    scripts = [
        [*questions, "I'd like a consultation", *lead_answers(number)]
        for number, questions in enumerate(QUESTIONS)
    ]
    opened = []
    for number, _ in enumerate(scripts):
        status, body, _ = call(
            "POST", f"{instances[number % 2].url}/api/v1/conversations", {"page_url": PAGE}
        )
        assert status == 201
        opened.append((body["conversation_id"], body["token"]))
    answers: list[list[list[str]]] = [[] for _ in scripts]
    # Interleave: message n of every conversation, alternating instances at every message.
    for position in range(max(len(script) for script in scripts)):
        for number, script in enumerate(scripts):
            if position >= len(script):
                continue
            instance = instances[(position + number) % 2]
            conversation_id, token = opened[number]
            status, body, _ = call(
                "POST",
                f"{instance.url}/api/v1/conversations/{conversation_id}/messages",
                {"text": script[position], "client_message_id": str(uuid.uuid4())},
                token,
            )
            assert status == 200, body
            answers[number].append([reply["text"] for reply in body["replies"]])
    for number, script in enumerate(scripts):
        assert answers[number] == expected_replies(kb, index, script), f"conversation {number}"

    engine = db.create_engine(migrated_database_url)
    try:
        with engine.connect() as connection:
            emails = connection.scalars(sa.select(Lead.email).order_by(Lead.email)).all()
            visitor_lines = connection.scalar(
                sa.select(sa.func.count()).where(Message.role == Role.VISITOR)
            )
            counts = connection.scalars(sa.select(Conversation.message_count)).all()
    finally:
        engine.dispose()
    assert emails == [f"visitor{n}@example.com" for n in range(len(scripts))]
    assert visitor_lines == sum(len(script) for script in scripts)
    assert sorted(counts) == sorted(len(script) for script in scripts)
    # The transcript reads the same from either instance.
    conversation_id, token = opened[0]
    transcripts = [
        call("GET", f"{instance.url}/api/v1/conversations/{conversation_id}", token=token)[1]
        for instance in instances
    ]
    assert transcripts[0] == transcripts[1]


def test_rate_limits_are_shared_through_redis(
    start_gunicorn: Callable[..., Gunicorn], migrated_database_url: str
) -> None:
    from tests.web.test_limits import REDIS_URL, redis_or_skip

    redis_or_skip()
    settings = {
        "REDIS_URL": REDIS_URL,
        "CONSULTBOT_RATE_LIMIT_CONVERSATIONS": "3/minute",
        "CONSULTBOT_PROXY_HOPS": "1",
    }
    instances = [start_gunicorn(migrated_database_url, **settings) for _ in range(2)]
    for instance in instances:
        instance.wait_ready()
    visitor = {"X-Forwarded-For": f"192.0.2.{secrets.randbelow(250) + 1}"}
    statuses = [
        call("POST", f"{instances[n % 2].url}/api/v1/conversations", {}, headers=visitor)[0]
        for n in range(5)
    ]
    assert statuses == [201, 201, 201, 429, 429]
    status, body, headers = call(
        "POST", f"{instances[0].url}/api/v1/conversations", {}, headers=visitor
    )
    assert (
        status == 429
        and body["error"]["code"] == "rate_limited"
        and int(headers["Retry-After"]) >= 1
    )
