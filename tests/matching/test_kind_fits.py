"""How the kind of question weighs the page's items, on the one-page Alpha vs Beta knowledge."""

from __future__ import annotations

from consultbot.knowledge.faq import QuestionKind as Q
from consultbot.matching.analysis import Analysis, analyse
from consultbot.matching.catalogue import Page
from consultbot.matching.evidence import CUE_POINTS, HINT_POINTS, SIZE_ONLY, Board, MatchContext
from consultbot.matching.index import MatcherIndex
from consultbot.matching.kind_fits import (
    compare_defers,
    kind_fits,
    migration_sizes_need_migration,
    suppress_overviews,
)
from consultbot.matching.matcher import determine_intent

PAGE = "alpha-vs-beta"


def page_of(index: MatcherIndex) -> Page:
    page = index.page(PAGE)
    assert page is not None
    return page


def named(board: Board, page: Page, *keys: str) -> Board:
    for key in keys:
        board.add(page.items[key], "name", key, 3.0)
        board.subject.add(page.items[key].intent_id)
    return board


def test_a_kind_offers_its_overview_and_weighs_the_items_it_fits(tiny_index: MatcherIndex) -> None:
    page = page_of(tiny_index)
    board = named(Board(), page, "tier:large")
    kind_fits(board, page, {Q.COST: (CUE_POINTS, "cost")})
    overview = page.items["migration"]
    assert board.has(overview)
    assert board.total(page.items["tier:large"].intent_id) > 3.0


def test_a_tier_without_a_cost_time_or_move_is_only_a_size(tiny_index: MatcherIndex) -> None:
    page = page_of(tiny_index)
    board = named(Board(), page, "tier:large")
    text = "we are a large company with many users and teams, which one is better"
    migration_sizes_need_migration(board, analyse_text(tiny_index, text), {}, MatchContext(PAGE))
    assert any(r.rule == SIZE_ONLY for r in board.reasons[page.items["tier:large"].intent_id])
    asked = named(Board(), page, "tier:large")
    migration_sizes_need_migration(
        asked,
        analyse_text(tiny_index, text),
        {Q.COST: (HINT_POINTS, "how much")},
        MatchContext(PAGE),
    )
    assert not any(r.rule == SIZE_ONLY for r in asked.reasons[page.items["tier:large"].intent_id])


def test_the_verdict_defers_to_a_clearer_kind(tiny_index: MatcherIndex) -> None:
    page = page_of(tiny_index)
    board = Board()
    board.add(page.items["verdict"], "cue compare", "vs", CUE_POINTS)
    compare_defers(
        board, page, {Q.COMPARE: (CUE_POINTS, "vs"), Q.PITFALLS: (CUE_POINTS, "go wrong")}
    )
    assert board.total(page.items["verdict"].intent_id) < CUE_POINTS
    kept = Board()
    kept.add(page.items["verdict"], "cue compare", "vs", CUE_POINTS)
    compare_defers(kept, page, {Q.COMPARE: (CUE_POINTS, "vs")})
    assert kept.total(page.items["verdict"].intent_id) == CUE_POINTS


def test_an_overview_steps_back_when_one_of_its_items_is_named(tiny_index: MatcherIndex) -> None:
    page = page_of(tiny_index)
    board = named(Board(), page, "criterion:speed")
    board.add(page.items["verdict"], "cue compare", "vs", CUE_POINTS)
    suppress_overviews(board, page, {Q.COMPARE: (CUE_POINTS, "vs")})
    assert board.total(page.items["verdict"].intent_id) < CUE_POINTS
    # ...unless the whole is asked for ("the bottom line"; "overall" alone qualifies the item).
    whole = named(Board(), page, "criterion:speed")
    whole.add(page.items["verdict"], "cue overall", "bottom line", CUE_POINTS)
    suppress_overviews(whole, page, {Q.OVERALL: (CUE_POINTS, "bottom line")})
    assert whole.total(page.items["verdict"].intent_id) == CUE_POINTS


def analyse_text(index: MatcherIndex, text: str) -> Analysis:
    return analyse(
        text, index.phrases, index.corrector, index.shorthand, index.known, index.english
    )


def test_overall_beside_a_named_item_qualifies_it(index: MatcherIndex) -> None:
    on_page = MatchContext("django-vs-fastapi")
    read = determine_intent(index, "which one has the nicer developer experience overall", on_page)
    assert read.intent == "django-vs-fastapi/criterion/developer-experience"
    # A phrase for the whole still asks for the verdict.
    whole = determine_intent(index, "what is your verdict, docs included?", on_page)
    assert whole.intent == "django-vs-fastapi/verdict"


def test_the_time_a_named_framework_saves_is_its_saving(index: MatcherIndex) -> None:
    on_page = MatchContext("django-vs-fastapi")
    assert determine_intent(index, "how much time does fastapi save us?", on_page).intent == (
        "django-vs-fastapi/saving/pure-api"
    )
    assert determine_intent(index, "would django save us a few weeks?", on_page).intent == (
        "django-vs-fastapi/saving/crud-app"
    )
    # Django is not what saves here: the admin asked about is.
    text = "is an admin screen built into django? it would save me time"
    assert determine_intent(index, text, on_page).intent == (
        "django-vs-fastapi/metric/built-in-admin"
    )


def test_a_project_described_by_its_parts_outweighs_one_part(index: MatcherIndex) -> None:
    on_page = MatchContext("django-vs-fastapi")
    text = "side project: a recipe site with user accounts and an admin area. django or fastapi?"
    read = determine_intent(index, text, on_page)
    assert read.intent == "django-vs-fastapi/saving/crud-app"
    assert "a project described by its parts" in read.explain()
    # Asked without a choice, the parts are not read as a project.
    asked = determine_intent(index, "does django ship an admin area for user accounts?", on_page)
    assert "a project described by its parts" not in asked.explain()
