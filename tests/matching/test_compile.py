"""Compiling a knowledge base into the index the service and the CLI match with."""

from __future__ import annotations

from consultbot.knowledge.faq import QuestionKind
from consultbot.matching import index as index_module
from consultbot.matching.compile import MatcherIndex, compile_index
from consultbot.matching.phrases import Role, Sense
from tests.matching.conftest import comparison_kb


def test_the_service_compiles_with_the_matchers_own_index_builder() -> None:
    # create_app, the CLI and the editors' pages import it from here; tests reuse compiled
    # indexes by replacing it here, so it must stay the one function, not a copy.
    assert compile_index is index_module.compile_index
    assert MatcherIndex is index_module.MatcherIndex


def test_each_comparison_becomes_a_page_found_by_its_id() -> None:
    compiled = compile_index(comparison_kb(pages=2))
    assert set(compiled.pages) == {"alpha-vs-beta", "first1-vs-second1"}
    assert compiled.page("alpha-vs-beta") is compiled.pages["alpha-vs-beta"]
    assert compiled.page("no-such-page") is None
    assert compiled.page(None) is None


def test_each_framework_knows_the_pages_that_compare_it() -> None:
    frameworks = compile_index(comparison_kb(pages=2)).frameworks
    assert (frameworks["alpha"].name, frameworks["alpha"].pages) == ("Alpha", ("alpha-vs-beta",))
    assert frameworks["first1"].pages == ("first1-vs-second1",)
    # An alternative or a tool no page compares is known, on no page.
    assert frameworks["gamma"].pages == ()
    assert (frameworks["delta"].tool, frameworks["alpha"].tool) == (True, False)


def test_names_and_aliases_are_phrases_and_an_english_alias_is_a_weak_name() -> None:
    compiled = compile_index(comparison_kb())
    assert Sense(Role.FRAMEWORK, "beta") in compiled.phrases[("beta", "framework")]
    assert Sense(Role.FRAMEWORK, "gamma") in compiled.phrases[("go",)]
    assert ("go",) in compiled.weak_names
    assert ("beta",) not in compiled.weak_names


def test_faq_entries_are_sorted_into_small_talk_and_kinds() -> None:
    compiled = compile_index(comparison_kb())
    assert set(compiled.faq_items) == {"hello", "choose"}
    assert compiled.chatter == {"intent:hello"}
    assert compiled.pleasantries == {"hello"}
    assert compiled.faq_kinds == {QuestionKind.RECOMMEND: "choose"}
