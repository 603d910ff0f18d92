"""Every fact of the comparison page is reachable by a natural question and answered in full."""

from __future__ import annotations

import pytest

from consultbot.dialogue.answers import format_money, format_span
from consultbot.dialogue.engine import start, step
from consultbot.knowledge.schema import KnowledgeBase
from consultbot.matching.index import MatcherIndex

PAGE = "/compare/django-vs-fastapi"
QUESTIONS = {
    "criterion/api-performance": "which one is faster?",
    "criterion/feature-completeness": "which has more features out of the box",
    "criterion/developer-experience": "how is the developer experience",
    "criterion/documentation": "who has the better docs",
    "criterion/maturity": "which is more mature",
    "criterion/async-support": "how good is the async support",
    "metric/stable-version": "what are the current versions",
    "metric/github-stars": "how many github stars",
    "metric/pypi-downloads": "how many pypi downloads a month",
    "metric/techempower-json": "techempower benchmark numbers?",
    "metric/built-in-admin": "is there a built-in admin",
    "metric/built-in-orm": "do they come with an orm",
    "metric/auto-api-docs": "do they generate api docs automatically",
    "metric/stack-overflow-usage": "what does the stack overflow survey say",
    "tier/small": "how much to migrate a small app",
    "tier/medium": "cost to port a medium sized product",
    "tier/large": "what does a large enterprise migration cost",
    "alternative/flask": "what about flask?",
    "alternative/node-express": "what about node and express?",
    "alternative/go-gin": "what about go?",
    "alternative/litestar": "is litestar an option?",
    "pitfall/django-orm-under-fastapi": "can we keep the django orm under fastapi",
    "pitfall/pydantic-v2": "any pydantic v2 gotchas",
    "neither/simple-scripts": "we only need a simple script",
    "neither/no-python-team": "our team does not write python",
    "use_case/content-management": "which is better for a cms",
    "use_case/microservices": "which suits microservices",
    "use_case/ml-inference": "which is better for ml inference",
    "use_case/enterprise": "which is better for a big enterprise project",
    "saving/crud-app": "how much time does django save on a crud app",
    "saving/pure-api": "which ships faster for a react frontend api",
    "verdict": "what is the overall verdict",
    "scoring": "how do you score them",
    "migration": "how much does a migration cost",
    "alternatives": "what are the alternatives",
    "pitfalls": "what can go wrong in production",
}


def facts(kb: KnowledgeBase, topic: str) -> list[str]:
    """Return the figures an answer about this topic must contain."""
    comparison = kb.comparisons[0]
    kind, _, item = topic.partition("/")
    if kind == "criterion":
        criterion = comparison.criterion(item)
        assert criterion is not None
        return [f"{score}/10" for score in criterion.scores.values()]
    if kind == "metric":
        metric = comparison.metric(item)
        assert metric is not None
        return [*metric.values.values(), metric.source]
    if kind == "tier":
        tier = comparison.tier(item)
        assert tier is not None
        return [format_money(tier.cost), format_span(tier.timeline)]
    if kind == "alternative":
        alternative = next(a for a in comparison.alternatives if a.framework == item)
        return [alternative.best_for, alternative.pricing, alternative.gotcha]
    if kind == "pitfall":
        pitfall = next(p for p in comparison.pitfalls if p.id == item)
        return [pitfall.problem]
    if kind == "neither":
        case = next(n for n in comparison.neither_fits if n.id == item)
        return [case.advice]
    if kind == "use_case":
        use_case = next(u for u in comparison.use_cases if u.id == item)
        return [use_case.why]
    if kind == "saving":
        saving = next(s for s in comparison.time_savings if s.id == item)
        return [saving.saving, saving.detail]
    if kind == "verdict":
        return [comparison.summary]
    if kind == "migration":
        assert comparison.migration is not None
        return [format_money(t.cost) for t in comparison.migration.tiers]
    if kind == "alternatives":
        return [a.best_for for a in comparison.alternatives]
    if kind == "pitfalls":
        return [p.problem for p in comparison.pitfalls]
    return []


def test_every_structured_item_has_a_question_here(kb: KnowledgeBase) -> None:
    comparison = kb.comparisons[0]
    assert comparison.migration is not None
    expected = (
        {f"criterion/{c.id}" for c in comparison.criteria}
        | {f"metric/{m.id}" for m in comparison.metrics}
        | {f"tier/{t.id}" for t in comparison.migration.tiers}
        | {f"alternative/{a.framework}" for a in comparison.alternatives}
        | {f"pitfall/{p.id}" for p in comparison.pitfalls}
        | {f"neither/{n.id}" for n in comparison.neither_fits}
        | {f"use_case/{u.id}" for u in comparison.use_cases}
        | {f"saving/{s.id}" for s in comparison.time_savings}
    )
    assert expected <= set(QUESTIONS)


@pytest.mark.parametrize("topic", sorted(QUESTIONS))
def test_a_natural_question_reaches_the_fact_and_the_answer_holds_its_figures(
    kb: KnowledgeBase, index: MatcherIndex, topic: str
) -> None:
    opened = start(kb, PAGE)
    result = step(opened.state, QUESTIONS[topic], kb, index)
    assert result.intent == f"django-vs-fastapi/{topic}"
    answer = " ".join(reply.text for reply in result.replies)
    for fact in facts(kb, topic):
        assert fact in answer


def test_every_item_s_own_question_leads_back_to_it(kb: KnowledgeBase, index: MatcherIndex) -> None:
    # The quick replies of a clarifying question are these asks: each must reach its item.
    page = index.pages["django-vs-fastapi"]
    for item in page.items.values():
        result = step(start(kb, PAGE).state, item.ask, kb, index)
        assert result.intent == item.intent_id, (item.ask, result.intent)
    for item in index.faq_items.values():
        if item.suggest:
            result = step(start(kb, PAGE).state, item.ask, kb, index)
            assert result.intent == item.intent_id or (
                item.id == "consultation" and result.state.mode.value == "collecting"
            ), (item.ask, result.intent)
