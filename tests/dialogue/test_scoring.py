"""The score out of 100: each rule's points, what was missing, what was not understood."""

from __future__ import annotations

from datetime import date

import pytest

from consultbot.dialogue.scoring import best_points, score_lead
from consultbot.knowledge.schema import KnowledgeBase
from tests.dialogue.test_amounts import AMOUNTS, NO_AMOUNTS

TODAY = date(2026, 12, 1)


def test_the_shipped_rules_can_reach_exactly_one_hundred(kb: KnowledgeBase) -> None:
    assert kb.lead_form is not None
    assert sum(best_points(kb.lead_form).values()) == 100


def test_a_large_new_build_scores_above_a_medium_migration(kb: KnowledgeBase) -> None:
    assert kb.lead_form is not None
    common = {"name": "Ada", "email": "ada@example.com", "company": "Acme", "budget": "$200k"}
    large = score_lead(
        kb.lead_form,
        {**common, "project_kind": "new-build", "size": "large", "timeline": "next month"},
        TODAY,
    )
    medium = score_lead(
        kb.lead_form,
        {**common, "project_kind": "migration", "size": "medium", "timeline": "next month"},
        TODAY,
    )
    assert large.out_of_100 == 100 and medium.out_of_100 == 85
    assert large.out_of_100 > medium.out_of_100


def test_each_rule_shows_its_points_and_what_was_missing(kb: KnowledgeBase) -> None:
    assert kb.lead_form is not None
    score = score_lead(
        kb.lead_form,
        {"name": "Ada", "email": "ada@example.com", "size": "medium", "timeline": "asap"},
        TODAY,
    )
    assert score.reasons() == [
        "medium project (several features) (+25)",
        "wants to start within three months (+25)",
    ]
    assert score.out_of_100 == 50
    assert score.missing == (
        "Budget: not given (up to 20 points)",
        "Company: not given (up to 5 points)",
        "Project: not given (up to 10 points)",
    )
    assert score.readings == ('Timeline: "asap" means as soon as possible',)
    details = score.to_json()
    assert details["out_of"] == 100 and details["rules"][0]["points"] == 25


def test_a_timeline_the_rules_cannot_read_is_listed_never_silently_zero(
    kb: KnowledgeBase,
) -> None:
    assert kb.lead_form is not None
    score = score_lead(
        kb.lead_form,
        {"name": "Ada", "email": "a@example.com", "size": "small", "timeline": "when pigs fly"},
        TODAY,
    )
    assert score.not_understood == ('Timeline: "when pigs fly" not understood (up to 25 points)',)
    assert not any("Timeline" in line for line in score.missing)


def test_a_negated_or_meaningless_timeline_earns_no_urgency_points(kb: KnowledgeBase) -> None:
    assert kb.lead_form is not None
    for timeline in ("not this year", "ASAP but not before 2028", "2", "=1+1"):
        score = score_lead(kb.lead_form, {"size": "small", "timeline": timeline}, TODAY)
        assert not any("three months" in reason for reason in score.reasons()), timeline
        assert any(f'"{timeline}" not understood' in e for e in score.not_understood), timeline
    urgent = score_lead(kb.lead_form, {"size": "small", "timeline": "next month"}, TODAY)
    assert any("three months" in reason for reason in urgent.reasons())


def test_a_budget_scores_only_when_it_names_an_amount(kb: KnowledgeBase) -> None:
    assert kb.lead_form is not None
    form = kb.lead_form
    given = score_lead(form, {"budget": "around $60k"}, TODAY)
    assert any("budget" in line.reason for line in given.lines)
    vague = score_lead(form, {"budget": "by Q3"}, TODAY)
    assert not any("budget" in line.reason for line in vague.lines)
    assert any('"by Q3" names no amount' in entry for entry in vague.not_understood)


@pytest.mark.parametrize("budget", AMOUNTS)
def test_a_budget_in_any_currency_or_in_words_names_an_amount(
    kb: KnowledgeBase, budget: str
) -> None:
    assert kb.lead_form is not None
    scored = score_lead(kb.lead_form, {"budget": budget}, TODAY)
    assert any("budget" in line.reason for line in scored.lines), budget
    assert not any("names no amount" in entry for entry in scored.not_understood)


@pytest.mark.parametrize("budget", NO_AMOUNTS)
def test_words_that_name_no_amount_still_say_so(kb: KnowledgeBase, budget: str) -> None:
    assert kb.lead_form is not None
    scored = score_lead(kb.lead_form, {"budget": budget}, TODAY)
    assert not any("budget" in line.reason for line in scored.lines)
    assert any("names no amount" in entry for entry in scored.not_understood)


def test_next_year_asked_in_december_is_not_a_start_within_three_months(
    kb: KnowledgeBase,
) -> None:
    assert kb.lead_form is not None
    december = date(2026, 12, 2)
    later = score_lead(kb.lead_form, {"timeline": "next year"}, december)
    assert not any("within three months" in line.reason for line in later.lines)
    assert any("some time in 2027" in reading for reading in later.readings)
    past = score_lead(kb.lead_form, {"timeline": "in -3 weeks"}, december)
    assert not any("timeline" in line.question for line in past.lines)
    soon = score_lead(kb.lead_form, {"timeline": "in 3 weeks"}, december)
    assert any("within three months" in line.reason for line in soon.lines)


ADA = {"name": "Ada Lovelace", "email": "ada@example.com", "company": "Analytical Engines",
       "project_kind": "migration", "size": "large", "timeline": "in about 6 weeks",
       "budget": "like 50k"}  # fmt: skip


def test_a_budget_and_a_timeline_far_below_the_tier_lower_the_score_saying_why(
    kb: KnowledgeBase,
) -> None:
    assert kb.lead_form is not None
    comparison = kb.comparison("django-vs-fastapi")
    assert comparison is not None
    blind = score_lead(kb.lead_form, ADA, TODAY)
    score = score_lead(kb.lead_form, ADA, TODAY, comparison)
    assert blind.out_of_100 == 100
    assert score.out_of_100 == 55
    assert 'budget "like 50k" ($50K) is below the cheapest large migration ($120K) (-20)' in (
        score.reasons()
    )
    assert (
        'timeline "in about 6 weeks" (6 weeks) is shorter than the quickest large migration '
        "(5 months) (-25)" in score.reasons()
    )
    assert 'Budget: "like 50k" read as 50,000' in score.readings


def test_a_budget_in_another_currency_is_not_held_to_the_tier(kb: KnowledgeBase) -> None:
    assert kb.lead_form is not None
    comparison = kb.comparison("django-vs-fastapi")
    score = score_lead(kb.lead_form, {**ADA, "budget": "€50k"}, TODAY, comparison)
    assert not any(line.question == "budget" and line.points < 0 for line in score.lines)


def test_a_budget_and_timeline_within_the_tier_keep_their_points(kb: KnowledgeBase) -> None:
    assert kb.lead_form is not None
    comparison = kb.comparison("django-vs-fastapi")
    fits = {**ADA, "budget": "$150k", "timeline": "in 6 months"}
    score = score_lead(kb.lead_form, fits, TODAY, comparison)
    assert all(line.points > 0 for line in score.lines)
    assert score.out_of_100 == score_lead(kb.lead_form, fits, TODAY).out_of_100


def test_a_new_build_is_not_held_to_the_migration_tiers(kb: KnowledgeBase) -> None:
    assert kb.lead_form is not None
    comparison = kb.comparison("django-vs-fastapi")
    new = {**ADA, "project_kind": "new-build"}
    assert score_lead(kb.lead_form, new, TODAY, comparison).out_of_100 == 100


def test_a_timeline_of_one_week_is_told_in_the_singular(kb: KnowledgeBase) -> None:
    assert kb.lead_form is not None
    comparison = kb.comparison("django-vs-fastapi")
    score = score_lead(kb.lead_form, {**ADA, "timeline": "asap"}, TODAY, comparison)
    assert any('timeline "asap" (1 week) is shorter' in reason for reason in score.reasons())
    weeks = score_lead(kb.lead_form, {**ADA, "timeline": "in 2 weeks"}, TODAY, comparison)
    assert any("(2 weeks) is shorter" in reason for reason in weeks.reasons())


@pytest.mark.parametrize("timeline", ["2 weeks ago", "by end of 2025"])
def test_a_timeline_in_the_past_earns_no_points(kb: KnowledgeBase, timeline: str) -> None:
    assert kb.lead_form is not None
    past = score_lead(kb.lead_form, {**ADA, "timeline": timeline}, TODAY)
    ahead = score_lead(kb.lead_form, {**ADA, "timeline": "in 2 weeks"}, TODAY)
    assert "wants to start within three months (+25)" in ahead.reasons()
    assert not any("timeline" in line.question for line in past.lines)
    assert f'Timeline: "{timeline}" not understood (up to 25 points)' in past.not_understood


@pytest.mark.parametrize("budget", ["$0", "-50k", "$1,000,000,000,000,000,000,000"])
def test_a_budget_of_nothing_below_nothing_or_absurd_earns_no_points(
    kb: KnowledgeBase, budget: str
) -> None:
    assert kb.lead_form is not None
    score = score_lead(kb.lead_form, {**ADA, "budget": budget}, TODAY)
    assert "shared a budget amount (+20)" not in score.reasons()
    assert f'Budget: "{budget}" names no amount (up to 20 points)' in score.not_understood
    assert not any(reading.startswith("Budget:") for reading in score.readings)


def test_a_budget_with_european_separators_is_read(kb: KnowledgeBase) -> None:
    assert kb.lead_form is not None
    score = score_lead(kb.lead_form, {**ADA, "budget": "1.000.000 €"}, TODAY)
    assert "shared a budget amount (+20)" in score.reasons()
    assert 'Budget: "1.000.000 €" read as 1,000,000' in score.readings
