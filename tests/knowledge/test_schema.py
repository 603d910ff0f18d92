"""The whole knowledge base: its sections, unknown ones refused, and finding a page's comparison."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from consultbot.knowledge.schema import KnowledgeBase
from tests.knowledge.test_comparison import make_comparison


def test_an_unknown_section_is_refused() -> None:
    with pytest.raises(ValidationError):
        KnowledgeBase.model_validate({"intent": []})
    assert KnowledgeBase.model_validate({"intents": []}).intents == ()


def test_a_comparison_is_found_by_id_and_by_the_page_it_is_on() -> None:
    comparison = make_comparison()
    kb = KnowledgeBase(comparisons=(comparison,))

    assert kb.comparison("a-vs-b") is comparison
    assert kb.comparison("b-vs-a") is None
    assert kb.comparison_for_page("https://example.com/compare/a-vs-b/?ref=x#top") is comparison
    assert kb.comparison_for_page("/compare/a-vs-b") is comparison
    assert kb.comparison_for_page("/compare/other") is None
    assert kb.comparison_for_page(None) is None
