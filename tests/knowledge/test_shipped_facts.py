"""Every fact and figure of the Django vs FastAPI page is in the shipped knowledge."""

from __future__ import annotations

import re

import pytest
import yaml

from consultbot.dialogue.leadform import MIGRATION
from consultbot.knowledge.comparison import Comparison
from consultbot.knowledge.loader import knowledge_files, load_knowledge
from consultbot.knowledge.schema import KnowledgeBase
from consultbot.resources import example_knowledge_dir

SOURCE_PAGE = example_knowledge_dir().parent.parent / "shared/source/django-vs-fastapi-page.txt"

# criterion id: (Django score, FastAPI score, winner, figures its reasoning must give)
CRITERIA = {
    "api-performance": (7, 10, "fastapi", ["Starlette", "async/await", "2-5x", "I/O-bound"]),
    "feature-completeness": (10, 6, "django", ["ORM", "admin", "authentication", "forms"]),
    "developer-experience": (8, 9, "fastapi", ["type hints", "validation", "boilerplate"]),
    "documentation": (9, 10, "fastapi", ["OpenAPI", "Swagger"]),
    "maturity": (10, 7, "django", ["2005", "2019", "Django REST Framework", "Celery"]),
    "async-support": (6, 10, "fastapi", ["3.1", "ORM", "synchronous"]),
}

# metric id: (figures in the Django value, figures in the FastAPI value, source, note and date)
METRICS = {
    "stable-version": (
        ["5.1", "August 2024"],
        ["0.115", "October 2024"],
        ["djangoproject.com/download", "github.com/fastapi/fastapi/releases"],
    ),
    "github-stars": (["79K"], ["78K"], ["github.com", "April 2026"]),
    "pypi-downloads": (["14M"], ["40M"], ["pypistats.org", "indicative", "moves"]),
    "techempower-json": (
        ["50K", "async"],
        ["180K", "uvicorn"],
        ["TechEmpower", "Round 22", "hardware", "indicative"],
    ),
    "built-in-admin": (["yes", "django.contrib.admin"], ["no", "SQLAdmin", "Piccolo"], []),
    "built-in-orm": (
        ["Django ORM", "synchronous", "limited async"],
        ["none", "SQLAlchemy 2.0", "SQLModel", "Tortoise"],
        ["official documentation"],
    ),
    "auto-api-docs": (["drf-spectacular"], ["Swagger UI", "ReDoc", "type hints"], []),
    "stack-overflow-usage": (
        ["11.5%"],
        ["9.9%"],
        ["Stack Overflow Developer Survey 2024", "used"],
    ),
}

# tier id: (min cost, max cost, open-ended, timeline min, max, unit, facts in its texts)
TIERS = {
    "small": (6_000, 20_000, False, 2, 6, "weeks", ["MVP", "single service", "endpoint", "CRUD"]),
    "medium": (
        30_000,
        110_000,
        False,
        8,
        20,
        "weeks",
        ["several features", "SQLAlchemy", "40%", "django.contrib.auth", "fastapi-users"],
    ),
    "large": (
        120_000,
        400_000,
        True,
        5,
        10,
        "months",
        ["multi-tenant", "admin panel", "signals", "migration history", "management commands"],
    ),
}

USE_CASES = {
    "content-management": "django",
    "microservices": "fastapi",
    "ml-inference": "fastapi",
    "enterprise": "django",
}

# framework id of the alternative: facts in best_for, pricing and gotcha together
ALTERNATIVES = {
    "flask": ["microservices", "scripts", "explicit control", "auth", "ORM", "admin", "Django"],
    "node-express": ["JavaScript", "TypeScript", "one language", "pandas", "scikit-learn"],
    "go-gin": ["throughput", "static typing", "single binary", "CRUD", "ORM"],
    "litestar": ["FastAPI-style", "plugin", "community", "case studies"],
}


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    """The shipped knowledge."""
    return load_knowledge(example_knowledge_dir())


@pytest.fixture(scope="module")
def comparison(kb: KnowledgeBase) -> Comparison:
    """The Django vs FastAPI comparison."""
    found = kb.comparison_for_page("https://example.com/compare/django-vs-fastapi")
    assert found is not None
    return found


def assert_mentions(text: str, facts: list[str]) -> None:
    """Check each fact appears in the text, ignoring case."""
    missing = [fact for fact in facts if fact.casefold() not in text.casefold()]
    assert not missing, f"missing {missing} in {text!r}"


def test_verdicts_summary_and_tally(comparison: Comparison) -> None:
    assert comparison.frameworks == ("django", "fastapi")
    assert_mentions(comparison.verdicts["django"], ["web apps", "admin"])
    assert_mentions(comparison.verdicts["fastapi"], ["APIs", "microservice"])
    assert_mentions(comparison.summary, ["Python"])
    assert comparison.tally == {"django": 2, "ties": 0, "fastapi": 4}
    assert comparison.wins() == comparison.tally


@pytest.mark.parametrize("criterion_id", sorted(CRITERIA))
def test_criterion_scores_winner_and_reasoning(comparison: Comparison, criterion_id: str) -> None:
    django, fastapi, winner, facts = CRITERIA[criterion_id]
    criterion = comparison.criterion(criterion_id)

    assert criterion is not None
    assert criterion.scores == {"django": django, "fastapi": fastapi}
    assert criterion.winner == winner
    assert_mentions(criterion.why, facts)


def test_criteria_have_the_words_visitors_use(comparison: Comparison) -> None:
    aliases = {c.id: set(c.aliases) for c in comparison.criteria}

    assert {"speed", "throughput"} <= aliases["api-performance"]
    assert "docs" in aliases["documentation"]
    assert "batteries included" in aliases["feature-completeness"]


def test_scoring_scale_anchors_and_inputs(comparison: Comparison) -> None:
    scoring = comparison.scoring

    assert scoring is not None
    assert_mentions(scoring.scale, ["1 to 10", "production", "vendor"])
    assert [anchor.label for anchor in scoring.anchors] == ["10", "8-9", "6-7", "4-5", "below 4"]
    meanings = " ".join(anchor.meaning for anchor in scoring.anchors)
    assert_mentions(meanings, ["at scale", "edge cases", "caveats", "prototype", "avoid"])
    assert_mentions(
        " ".join(scoring.inputs), ["vendor", "GitHub issues", "12 months", "deployments", "bench"]
    )


@pytest.mark.parametrize("metric_id", sorted(METRICS))
def test_metric_values_and_sources(comparison: Comparison, metric_id: str) -> None:
    django, fastapi, about = METRICS[metric_id]
    metric = comparison.metric(metric_id)

    assert metric is not None
    assert_mentions(metric.values["django"], django)
    assert_mentions(metric.values["fastapi"], fastapi)
    described = " ".join(filter(None, [metric.name, metric.source, metric.note, metric.as_of]))
    assert_mentions(described, about)


def test_use_cases(comparison: Comparison) -> None:
    assert {case.id: case.best for case in comparison.use_cases} == USE_CASES


def test_time_savings(comparison: Comparison) -> None:
    savings = {saving.id: saving for saving in comparison.time_savings}
    crud, api = savings["crud-app"], savings["pure-api"]

    assert crud.best == "django" and api.best == "fastapi"
    assert crud.time_saved is not None
    assert (crud.time_saved.min, crud.time_saved.max, crud.time_saved.unit) == (3, 6, "weeks")
    assert_mentions(crud.saving + crud.detail, ["3-6 weeks", "admin", "auth", "2 of"])
    assert api.percent_faster == 30
    assert_mentions(api.title + api.saving, ["React", "mobile", "30%", "v1"])


@pytest.mark.parametrize("tier_id", sorted(TIERS))
def test_migration_tiers(comparison: Comparison, tier_id: str) -> None:
    low, high, open_ended, first, last, unit, facts = TIERS[tier_id]
    tier = comparison.tier(tier_id)

    assert tier is not None
    assert (tier.cost.min, tier.cost.max, tier.cost.open_ended) == (low, high, open_ended)
    assert tier.cost.currency == "USD"
    assert (tier.timeline.min, tier.timeline.max, tier.timeline.unit) == (first, last, unit)
    texts = [tier.description, tier.approach or "", *tier.dominated_by, *tier.notes]
    assert_mentions(" ".join(texts), facts)


def test_migration_basis(comparison: Comparison) -> None:
    migration = comparison.migration

    assert migration is not None
    assert migration.projects == 500
    assert migration.contingency_percent == 15
    assert_mentions(" ".join(migration.includes), ["engineering time", "QA", "15%"])


def test_pitfalls(comparison: Comparison) -> None:
    pitfalls = {pitfall.id: pitfall for pitfall in comparison.pitfalls}
    orm, pydantic = pitfalls["django-orm-under-fastapi"], pitfalls["pydantic-v2"]

    assert_mentions(
        orm.problem,
        ["sync_to_async", "SQLAlchemy", "deadlocks", "connection pools", "blocking I/O"],
    )
    assert_mentions(pydantic.problem, ["0.100", "Pydantic v2", "v1", "validation gaps"])
    assert_mentions(pydantic.advice, ["FastAPI version"])


@pytest.mark.parametrize("framework_id", sorted(ALTERNATIVES))
def test_alternatives_have_all_four_columns(
    kb: KnowledgeBase, comparison: Comparison, framework_id: str
) -> None:
    alternative = next(a for a in comparison.alternatives if a.framework == framework_id)

    assert kb.framework(framework_id) is not None
    assert alternative.pricing == "free and open source"
    text = f"{alternative.best_for} {alternative.gotcha}"
    assert_mentions(text, ALTERNATIVES[framework_id])


def test_neither_fits(kb: KnowledgeBase, comparison: Comparison) -> None:
    cases = {case.id: case for case in comparison.neither_fits}
    scripts, no_python = cases["simple-scripts"], cases["no-python-team"]

    assert_mentions(scripts.advice, ["Typer", "Prefect", "Airflow", "DAG", "HTTP traffic"])
    assert scripts.instead == ("typer", "prefect", "airflow")
    assert all(kb.framework(tool) is not None for tool in scripts.instead)
    assert_mentions(no_python.when + no_python.advice, ["Python", "ecosystem", "language"])


def test_frameworks_and_aliases(kb: KnowledgeBase) -> None:
    django, fastapi = kb.framework("django"), kb.framework("fastapi")

    assert django is not None and fastapi is not None
    assert {"drf", "django rest framework"} <= set(django.aliases)
    assert "fast api" in fastapi.aliases


def test_closing_texts_and_site(kb: KnowledgeBase, comparison: Comparison) -> None:
    assert_mentions(comparison.intro or "", ["engineers", "production"])
    assert_mentions(
        comparison.advice or "", ["skills", "timeline", "scale", "budget", "one-size-fits-all"]
    )
    assert_mentions(comparison.offer or "", ["500", "free consultation"])
    assert kb.site.company == "ZTABS"
    assert_mentions(kb.site.offer, ["500", "free consultation"])


def test_lead_form_sizes_follow_the_cost_tiers(kb: KnowledgeBase, comparison: Comparison) -> None:
    form = kb.lead_form
    assert form is not None
    size = form.question("size")

    assert size is not None and size.kind == "choice"
    assert comparison.migration is not None
    assert [c.id for c in size.choices] == [t.id for t in comparison.migration.tiers]
    assert [q.kind for q in form.questions if q.kind in ("email", "consent")] == [
        "email",
        "consent",
    ]
    assert not any(q.required for q in form.questions if q.id == "budget")
    # The summary prices only this project kind with the tiers (dialogue.leadform.MIGRATION).
    kind = form.question("project_kind")
    assert kind is not None and MIGRATION in {c.id for c in kind.choices}


def test_small_talk_intents_are_shipped(kb: KnowledgeBase) -> None:
    ids = {intent.id for intent in kb.intents}

    assert {
        "greeting",
        "thanks",
        "goodbye",
        "bot-identity",
        "capabilities",
        "consultation",
    } <= ids


def test_files_parse_without_libyaml_too() -> None:
    for path in knowledge_files(example_knowledge_dir()):
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)


@pytest.mark.skipif(not SOURCE_PAGE.exists(), reason="the source page is not next to the checkout")
def test_no_sentence_is_copied_from_the_page() -> None:
    def words(text: str) -> list[str]:
        return re.findall(r"[a-z0-9%$.+/-]+", text.casefold())

    page = words(SOURCE_PAGE.read_text(encoding="utf-8"))
    page_runs = {tuple(page[i : i + 7]) for i in range(len(page) - 6)}
    copied = []
    for path in knowledge_files(example_knowledge_dir()):
        for text in _strings(yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)):
            found = words(text)
            runs = {tuple(found[i : i + 7]) for i in range(len(found) - 6)}
            copied += [" ".join(run) for run in runs & page_runs]

    assert copied == []


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []
