"""Dialogue helpers: a chat driver, and a small knowledge base built in memory for form tests.

``kb``/``index`` (tests/conftest.py) are the shipped knowledge: tests of what the assistant
says about the frameworks use them. ``form_kb``/``form_index`` hold only what the lead form
needs (the form, a consultation intent, one small comparison whose tiers are the sizes), built
from the knowledge schema types, so a change to the shipped wording cannot break form tests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import pytest

from consultbot.dialogue.engine import start, step
from consultbot.dialogue.replies import StepResult
from consultbot.dialogue.state import ConversationState
from consultbot.knowledge.comparison import Comparison
from consultbot.knowledge.faq import CONSULTATION_INTENT, Intent
from consultbot.knowledge.lead_form import Choice, LeadForm, Question, ScoreRule
from consultbot.knowledge.schema import Framework, KnowledgeBase, Site
from consultbot.matching.compile import compile_index
from consultbot.matching.index import MatcherIndex

PAGE = "https://www.example.com/compare/django-vs-fastapi/?utm_source=x"
PRIVACY_URL = "https://www.example.com/privacy"
# The answers that take the form_kb's form to its consent question, one per question.
TO_CONSENT = ["can you build this for us", "Ada Lovelace", "ada@example.com", "Acme",
              "a migration", "Django", "medium", "in 6 weeks", "$60k", "skip"]  # fmt: skip


class Chat:
    """Drive a conversation and keep its state, as the API does."""

    def __init__(self, kb: KnowledgeBase, index: MatcherIndex, page_url: str | None = PAGE):
        self.kb, self.index = kb, index
        opened = start(kb, page_url)
        self.state = opened.state
        self.greeting = opened.replies

    def say(self, text: str) -> StepResult:
        result = step(self.state, text, self.kb, self.index)
        # The state must survive the database's JSON round trip at every step.
        self.state = ConversationState.from_json(result.state.to_json())
        assert self.state == result.state
        return result

    def run(self, texts: Iterable[str]) -> list[StepResult]:
        return [self.say(text) for text in texts]


def text_of(result: StepResult) -> str:
    """All the replies' text, joined."""
    return " ".join(reply.text for reply in result.replies)


def kinds(result: StepResult) -> list[str]:
    """The kinds of the events a step raised."""
    return [event.kind for event in result.events]


def choices(*ids: str, **synonyms: Sequence[str]) -> tuple[Choice, ...]:
    """Choices labelled after their ids, with the synonyms given per id."""
    return tuple(
        Choice(
            id=id_,
            label=id_.replace("-", " ").capitalize(),
            synonyms=tuple(synonyms.get(id_.replace("-", "_"), ())),
        )
        for id_ in ids
    )


def small_form() -> LeadForm:
    """The lead form's questions in the shipped order, worded for these tests."""
    questions = (
        Question(id="name", label="Name", prompt="What's your name?"),
        Question(id="email", label="Email", kind="email", prompt="What's your work email?"),
        Question(id="company", label="Company", prompt="Which company are you with?",
                 required=False),
        Question(
            id="project_kind", label="Project", kind="choice", prompt="What's the project?",
            choices=choices("new-build", "migration", "other", migration=("migrate", "port")),
        ),
        Question(id="stack", label="Stack", prompt="What's your current or target stack?"),
        Question(
            id="size", label="Size", kind="choice", prompt="How big is it?",
            choices=choices("small", "medium", "large", large=("enterprise",)),
        ),
        Question(id="timeline", label="Timeline", prompt="When do you need it?"),
        Question(id="budget", label="Budget", prompt="Do you have a budget?", required=False),
        Question(id="details", label="Details", prompt="Anything else?", required=False),
        Question(
            id="consent", label="Consent", kind="consent",
            prompt="May we send these details to our team and contact you? (yes / no)",
        ),
    )  # fmt: skip
    return LeadForm(
        intro="Happy to help. A few questions first.",
        questions=questions,
        confirm="Here is what I have:",
        thanks="Thank you! We'll be in touch.",
        cancelled="No problem, I've kept nothing. Ask me anything else.",
        scoring=(ScoreRule(question="size", answer="large", points=40, reason="large project"),),
    )


def tier(tier_id: str, low: int, high: int) -> dict[str, object]:
    """A migration cost tier between ``low`` and ``high`` dollars, over 2-6 weeks."""
    return {
        "id": tier_id,
        "name": tier_id.capitalize(),
        "description": f"a {tier_id} app",
        "cost": {"min": low, "max": high},
        "timeline": {"min": 2, "max": 6, "unit": "weeks"},
    }


@pytest.fixture(scope="session")
def form_kb() -> KnowledgeBase:
    """A knowledge base with the lead form, a way into it and one comparison, in memory."""
    comparison = Comparison.model_validate(
        {
            "id": "alpha-vs-beta", "title": "Alpha vs Beta", "page": "/compare/alpha-vs-beta",
            "frameworks": ["alpha", "beta"], "summary": "Both work.",
            "verdicts": {"alpha": "Sites.", "beta": "APIs."},
            "criteria": [{"id": "speed", "name": "Speed", "scores": {"alpha": 5, "beta": 9},
                          "winner": "beta", "why": "Leaner."}],
            "migration": {"projects": 3, "contingency_percent": 10, "tiers": [
                tier("small", 5_000, 20_000), tier("medium", 30_000, 110_000),
                tier("large", 120_000, 400_000)]},
        }
    )  # fmt: skip
    consultation = Intent(
        id=CONSULTATION_INTENT,
        examples=("can you build this for us", "talk to a human", "we need a quote",
                  "book a consultation", "I want to hire your engineers"),
        answer="Happy to help.",
    )  # fmt: skip
    return KnowledgeBase(
        site=Site(company="Example Consulting", privacy_url=PRIVACY_URL),
        frameworks=(Framework(id="alpha", name="Alpha"), Framework(id="beta", name="Beta")),
        comparisons=(comparison,),
        intents=(consultation,),
        lead_form=small_form(),
    )


@pytest.fixture(scope="session")
def form_index(form_kb: KnowledgeBase) -> MatcherIndex:
    """The small knowledge base compiled."""
    return compile_index(form_kb)


@pytest.fixture
def form_chat(form_kb: KnowledgeBase, form_index: MatcherIndex) -> Callable[..., Chat]:
    """Return a function that opens a chat on the small knowledge base and says ``texts``."""

    def open_chat(texts: Sequence[str] = ()) -> Chat:
        chat = Chat(form_kb, form_index)
        chat.run(texts)
        return chat

    return open_chat
