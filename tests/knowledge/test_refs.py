"""Item references: the ids that name what an answer is about, read and written."""

from __future__ import annotations

import pytest

from consultbot.knowledge.refs import ItemRef
from consultbot.knowledge.schema import KnowledgeBase
from consultbot.knowledge.targets import list_targets


@pytest.mark.parametrize(
    ("text", "ref"),
    [
        ("pricing", ItemRef.faq("pricing")),
        ("framework/django", ItemRef.framework("django")),
        ("django-vs-fastapi/verdict", ItemRef.topic("django-vs-fastapi", "verdict")),
        (
            "django-vs-fastapi/criterion/api-performance",
            ItemRef("django-vs-fastapi", "criterion", "api-performance"),
        ),
    ],
)
def test_an_id_reads_as_its_parts_and_writes_back_the_same(text: str, ref: ItemRef) -> None:
    assert ItemRef.parse(text) == ref
    assert str(ref) == text


def test_only_faq_and_framework_references_have_no_comparison() -> None:
    assert ItemRef.parse("pricing").is_faq and not ItemRef.parse("pricing").is_framework
    assert ItemRef.parse("framework/django").is_framework
    topic = ItemRef.parse("django-vs-fastapi/tier/large")
    assert (topic.comparison, topic.kind, topic.id) == ("django-vs-fastapi", "tier", "large")
    assert not topic.is_faq and not topic.is_framework


@pytest.mark.parametrize(
    "text", ["", "django-vs-fastapi//large", "a/b/c/d", "/verdict", "framework/", "a/"]
)
def test_a_malformed_id_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        ItemRef.parse(text)


def test_parts_holding_a_slash_or_a_comparison_less_overview_are_refused() -> None:
    with pytest.raises(ValueError, match="without '/'"):
        ItemRef.topic("django-vs-fastapi", "criterion", "api/performance")
    with pytest.raises(ValueError, match="overview"):
        ItemRef(None, "verdict", None)


def test_every_target_of_the_shipped_knowledge_round_trips(kb: KnowledgeBase) -> None:
    ids = [target.intent_id for target in list_targets(kb)]

    assert ids and all(str(ItemRef.parse(intent_id)) == intent_id for intent_id in ids)
