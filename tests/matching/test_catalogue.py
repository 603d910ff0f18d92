"""What can be answered: each comparison page's items, with ids, titles and ways to ask them."""

from __future__ import annotations

from typing import Any

import pytest

from consultbot.knowledge.faq import Intent
from consultbot.knowledge.schema import KnowledgeBase
from consultbot.matching.catalogue import (
    OVERVIEW_OF,
    Item,
    ItemKind,
    Page,
    build_page,
    faq_item,
    framework_item,
    topic_id,
)
from tests.matching.conftest import comparison_kb, tiny_comparison

FRAMEWORKS = [{"id": "alpha", "name": "Alpha"}, {"id": "beta", "name": "Beta"}]


def page_of(comparison: dict[str, Any], frameworks: list[dict[str, str]] = FRAMEWORKS) -> Page:
    kb = KnowledgeBase.model_validate({"frameworks": frameworks, "comparisons": [comparison]})
    return build_page(kb, kb.comparisons[0])


@pytest.fixture(scope="module")
def page() -> Page:
    kb = comparison_kb()
    comparison = kb.comparison("alpha-vs-beta")
    assert comparison is not None
    return build_page(kb, comparison)


def test_an_items_key_is_its_kind_and_id_or_its_kind_alone() -> None:
    assert Item(ItemKind.CRITERION, "speed", "x/criterion/speed", "Speed", "?").key == (
        "criterion:speed"
    )
    assert Item(ItemKind.VERDICT, None, "x/verdict", "Overall", "?").key == "verdict"


def test_topic_ids_name_the_comparison_kind_and_item() -> None:
    assert topic_id("django-vs-fastapi", "criterion", "maturity") == (
        "django-vs-fastapi/criterion/maturity"
    )
    assert topic_id("django-vs-fastapi", "verdict") == "django-vs-fastapi/verdict"


def test_a_page_has_one_item_per_thing_it_answers(page: Page) -> None:
    assert page.comparison_id == "alpha-vs-beta"
    assert page.frameworks == ("alpha", "beta")
    assert set(page.items) == {
        "verdict", "metrics", "migration", "pitfalls", "alternatives",
        "criterion:speed", "criterion:admin", "metric:rps", "use_case:shops",
        "use_case:enterprise", "tier:small", "tier:large", "pitfall:mixing",
        "alternative:gamma",
    }  # fmt: skip
    for key, item in page.items.items():
        assert item.key == key
        assert item.intent_id.startswith("alpha-vs-beta/"), item
        assert item.title and item.ask and item.suggest


def test_items_are_titled_and_asked_in_the_visitors_words(page: Page) -> None:
    items = page.items
    assert (items["verdict"].title, items["verdict"].ask) == ("Alpha vs Beta overall",
                                                              "Who wins overall?")  # fmt: skip
    assert items["tier:large"].title == "A large migration"
    assert items["tier:large"].ask == "What does a large migration cost?"
    assert items["criterion:admin"].ask == "Compare admin screens"
    assert items["use_case:shops"].ask == "Which is best for web shops?"
    assert items["alternative:gamma"].title == "Gamma"
    assert items["alternative:gamma"].ask == "What about Gamma?"
    assert items["tier:small"].intent_id == "alpha-vs-beta/tier/small"


def test_a_framework_the_knowledge_does_not_name_goes_by_its_id() -> None:
    items = page_of(tiny_comparison("alpha-vs-beta", "alpha", "beta"), frameworks=[]).items
    assert items["verdict"].title == "alpha vs beta overall"
    assert items["alternative:gamma"].ask == "What about gamma?"


def test_a_page_without_sections_has_no_overviews_of_them() -> None:
    bare = tiny_comparison("alpha-vs-beta", "alpha", "beta")
    for section in ("metrics", "migration", "pitfalls", "alternatives"):
        bare.pop(section)
    items = page_of(bare).items
    assert not {"metrics", "migration", "pitfalls", "alternatives", "scoring"} & set(items)
    assert "verdict" in items and "criterion:speed" in items
    assert not any(key.startswith(("tier:", "metric:", "pitfall:")) for key in items)


def test_only_metrics_whose_every_value_is_a_figure_are_figures() -> None:
    comparison = tiny_comparison("alpha-vs-beta", "alpha", "beta")
    comparison["metrics"] = [
        *comparison["metrics"],
        {"id": "admin-ui", "name": "Admin UI", "values": {"alpha": "yes, built in",
                                                          "beta": "no"}, "source": "docs"},
        {"id": "typing", "name": "Type hints", "values": {"alpha": "partial",
                                                          "beta": "100%"}, "source": "docs"},
    ]  # fmt: skip
    page = page_of(comparison)
    assert page.figures == frozenset({"metric:rps"})
    assert {"metric:admin-ui", "metric:typing"} <= set(page.items)


def test_a_framework_item_asks_what_it_is() -> None:
    item = framework_item("fastapi", "FastAPI")
    assert (item.kind, item.id, item.key) == (ItemKind.FRAMEWORK, "fastapi", "framework:fastapi")
    assert (item.title, item.ask) == ("FastAPI", "What is FastAPI?")
    assert item.intent_id != "fastapi" and "fastapi" in item.intent_id


def test_a_faq_item_is_titled_by_its_title_or_its_first_example() -> None:
    titled = faq_item(Intent(id="choose", examples=("which should i choose",), answer="Hm.",
                             title="Which one should I choose?"))  # fmt: skip
    assert (titled.title, titled.ask, titled.intent_id) == (
        "Which one should I choose?", "Which one should I choose?", "choose")  # fmt: skip
    untitled = faq_item(Intent(id="hello", examples=("hi there", "hello"), answer="Hi!",
                               suggest=False))  # fmt: skip
    assert (untitled.title, untitled.key, untitled.suggest) == ("Hi there", "faq:hello", False)


def test_every_specific_kind_has_an_overview_that_is_not_itself_specific() -> None:
    assert set(OVERVIEW_OF.values()).isdisjoint(OVERVIEW_OF)
    assert OVERVIEW_OF[ItemKind.TIER] is ItemKind.MIGRATION
