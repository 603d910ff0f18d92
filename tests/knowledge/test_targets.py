"""What an editor can add a phrasing to, and the search that finds it."""

from __future__ import annotations

from consultbot.knowledge.schema import KnowledgeBase
from consultbot.knowledge.targets import (
    ALIASES,
    CUE,
    EXAMPLES,
    RELATED,
    find_target,
    list_targets,
    search_targets,
)


def fields_of(kb: KnowledgeBase, intent_id: str) -> tuple[str, ...]:
    target = find_target(kb, intent_id)
    assert target is not None, intent_id
    return target.fields


def test_each_item_takes_the_lists_its_design_calls_for(kb: KnowledgeBase) -> None:
    assert fields_of(kb, "about-us") == (EXAMPLES,)
    assert fields_of(kb, "django-vs-fastapi/criterion/documentation") == (RELATED, ALIASES)
    assert fields_of(kb, "django-vs-fastapi/alternative/flask") == (RELATED,)
    assert fields_of(kb, "framework/django") == (ALIASES,)
    assert fields_of(kb, "django-vs-fastapi/pitfalls") == (CUE,)
    assert find_target(kb, "no/such/item") is None
    ids = [target.intent_id for target in list_targets(kb)]
    assert len(ids) == len(set(ids))


def test_the_search_finds_items_by_title_words_and_puts_the_given_one_first(
    kb: KnowledgeBase,
) -> None:
    assert search_targets(kb, "documentation")[0].intent_id == (
        "django-vs-fastapi/criterion/documentation"
    )
    first = search_targets(kb, "documentation", first="about-us")
    assert first[0].intent_id == "about-us"
    assert search_targets(kb, "zzzz qqqq") == []
    assert len(search_targets(kb, "")) == 12
