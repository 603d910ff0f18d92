"""Checks across entries and files: references, uniqueness, sums, the lead form's rules."""

from __future__ import annotations

from consultbot.knowledge.loader import inspect_directory
from tests.knowledge.conftest import BASE, WriteKnowledge

FRAMEWORKS = (BASE / "frameworks.yaml").read_text(encoding="utf-8")

COMPARISON_HEAD = """
comparison:
  id: c
  title: C
  page: /compare/c
  frameworks: [django, fastapi]
  summary: Short.
  verdicts:
    django: Sites.
    fastapi: APIs.
"""

LEAD_FORM_HEAD = """
lead_form:
  intro: Hi.
  confirm: Send?
  thanks: Thanks.
  cancelled: Gone.
"""


def problems_in(write_knowledge: WriteKnowledge, files: dict[str, str]) -> list[str]:
    """Write the files next to the base frameworks and return the problems as printed."""
    folder = write_knowledge({"frameworks.yaml": FRAMEWORKS, **files})
    return [str(problem) for problem in inspect_directory(folder).problems]


def test_unknown_framework_in_compared_list_and_scores(write_knowledge: WriteKnowledge) -> None:
    text = COMPARISON_HEAD.replace("[django, fastapi]", "[django, fastapi, rails]") + (
        "    rails: Ruby.\n"
        "  criteria:\n"
        "    - id: speed\n"
        "      name: Speed\n"
        "      scores: {django: 7, fastapi: 9, rails: 5, flask: 6}\n"
        "      winner: fastapi\n"
        "      why: Async.\n"
    )

    assert problems_in(write_knowledge, {"c.yaml": text}) == [
        "kb/c.yaml:5: comparison.frameworks[2]: unknown framework id; the known ids are "
        "django, fastapi, flask (got 'rails')",
        "kb/c.yaml:14: comparison.criteria[0].scores.flask: not one of the compared frameworks "
        "(django, fastapi, rails) (got 'flask')",
    ]


def test_missing_score_verdict_and_metric_value(write_knowledge: WriteKnowledge) -> None:
    text = COMPARISON_HEAD.replace("    fastapi: APIs.\n", "") + (
        "  criteria:\n"
        "    - id: speed\n"
        "      name: Speed\n"
        "      scores: {django: 7}\n"
        "      winner: django\n"
        "      why: Async.\n"
        "  metrics:\n"
        "    - id: stars\n"
        "      name: Stars\n"
        "      values: {fastapi: about 78K}\n"
        "      source: github.com\n"
    )

    assert problems_in(write_knowledge, {"c.yaml": text}) == [
        "kb/c.yaml:7: comparison.verdicts: missing the entry for 'fastapi'",
        "kb/c.yaml:12: comparison.criteria[0].scores: missing the entry for 'fastapi'",
        "kb/c.yaml:18: comparison.metrics[0].values: missing the entry for 'django'",
    ]


def test_winner_must_be_scored_framework_or_tie(write_knowledge: WriteKnowledge) -> None:
    text = COMPARISON_HEAD + (
        "  criteria:\n"
        "    - id: speed\n"
        "      name: Speed\n"
        "      scores: {django: 8, fastapi: 8}\n"
        "      winner: flask\n"
        "      why: Even.\n"
        "    - id: docs\n"
        "      name: Docs\n"
        "      scores: {django: 8, fastapi: 8}\n"
        "      winner: fastapi\n"
        "      why: Even.\n"
    )

    assert problems_in(write_knowledge, {"c.yaml": text}) == [
        "kb/c.yaml:14: comparison.criteria[0].winner: must be one of the scored frameworks "
        "(django, fastapi) or 'tie' (got 'flask')",
        "kb/c.yaml:19: comparison.criteria[1].winner: does not agree with the scores, which make "
        "it 'tie' (got 'fastapi')",
    ]


def test_references_to_frameworks_from_use_cases_and_neither_fits(
    write_knowledge: WriteKnowledge,
) -> None:
    text = COMPARISON_HEAD + (
        "  use_cases:\n"
        "    - id: cms\n"
        "      title: CMS\n"
        "      best: djang\n"
        "      why: Admin.\n"
        "  neither_fits:\n"
        "    - id: scripts\n"
        "      title: Scripts\n"
        "      when: no web traffic\n"
        "      advice: Use a script.\n"
        "      instead: [typer]\n"
    )

    assert problems_in(write_knowledge, {"c.yaml": text}) == [
        "kb/c.yaml:13: comparison.use_cases[0].best: unknown framework id; did you mean "
        "'django'? (got 'djang')",
        "kb/c.yaml:20: comparison.neither_fits[0].instead[0]: unknown framework id; the known "
        "ids are django, fastapi, flask (got 'typer')",
    ]


def test_framework_listed_twice_in_a_comparison(write_knowledge: WriteKnowledge) -> None:
    text = COMPARISON_HEAD.replace("[django, fastapi]", "[django, fastapi, django]")

    assert problems_in(write_knowledge, {"c.yaml": text}) == [
        "kb/c.yaml:5: comparison.frameworks[2]: this framework is listed twice (got 'django')"
    ]


def test_duplicate_framework_id_and_alias_across_files(write_knowledge: WriteKnowledge) -> None:
    extra = """
        frameworks:
          - id: django
            name: Django again
          - id: starlette
            name: Starlette
            aliases: [Fast API]
    """

    assert problems_in(write_knowledge, {"more.yaml": extra}) == [
        "kb/more.yaml:2: frameworks[0].id: duplicate framework id, already used at "
        "kb/frameworks.yaml:2 (got 'django')",
        "kb/more.yaml:6: frameworks[1].aliases[0]: this name already belongs to framework "
        "'fastapi' (got 'Fast API')",
    ]


def test_duplicate_comparison_id_across_files(write_knowledge: WriteKnowledge) -> None:
    other = COMPARISON_HEAD.replace("/compare/c", "/compare/other")

    assert problems_in(write_knowledge, {"c.yaml": COMPARISON_HEAD, "d.yaml": other}) == [
        "kb/d.yaml:2: comparison.id: duplicate comparison id, already used at kb/c.yaml:2 (got 'c')"
    ]


def test_lead_form_needs_consent_and_valid_rules(write_knowledge: WriteKnowledge) -> None:
    text = LEAD_FORM_HEAD + (
        "  questions:\n"
        "    - id: size\n"
        "      kind: choice\n"
        "      prompt: How big?\n"
        "      choices:\n"
        "        - {id: small, label: Small}\n"
        "  scoring:\n"
        "    - question: size\n"
        "      answer: huge\n"
        "      points: 10\n"
        "      reason: big\n"
        "    - question: budgett\n"
        "      answered: true\n"
        "      points: 5\n"
        "      reason: budget\n"
    )

    assert problems_in(write_knowledge, {"form.yaml": text}) == [
        "kb/form.yaml:1: lead_form: a lead form needs a way in: an intent with id 'consultation' "
        "whose examples open the form (got none; was its file deleted?)",
        "kb/form.yaml:6: lead_form.questions: needs a question with id 'email' and kind: email: "
        "storing a lead reads it (got none)",
        "kb/form.yaml:6: lead_form.questions: needs a question with id 'name' and kind: text: "
        "storing a lead reads it (got none)",
        "kb/form.yaml:6: lead_form.questions: needs a question with kind: consent, asked before "
        "a lead is stored",
        "kb/form.yaml:7: lead_form.questions[0]: the form asks for a size, but no comparison has "
        "migration cost tiers for the sizes to stand for (got none; is the comparisons folder "
        "missing?)",
        "kb/form.yaml:14: lead_form.scoring[0].answer: unknown choice id; the known ids are "
        "small (got 'huge')",
        "kb/form.yaml:17: lead_form.scoring[1].question: unknown question id; the known ids are "
        "size (got 'budgett')",
    ]


def test_lead_form_rules_and_choices_are_checked_per_entry(
    write_knowledge: WriteKnowledge,
) -> None:
    text = LEAD_FORM_HEAD + (
        "  questions:\n"
        "    - id: size\n"
        "      kind: choice\n"
        "      prompt: How big?\n"
        "    - id: name\n"
        "      prompt: Name?\n"
        "      choices:\n"
        "        - {id: a, label: A}\n"
        "  scoring:\n"
        "    - question: size\n"
        "      points: 10\n"
        "      reason: no condition\n"
        "    - question: name\n"
        "      min_weeks: 10\n"
        "      max_weeks: 2\n"
        "      points: 1\n"
        "      reason: backwards\n"
    )

    assert problems_in(write_knowledge, {"form.yaml": text}) == [
        "kb/form.yaml:7: lead_form.questions[0].choices: a question with kind: choice needs a "
        "list of choices (got none)",
        "kb/form.yaml:12: lead_form.questions[1].choices: only a question with kind: choice "
        "takes choices (got kind 'text')",
        "kb/form.yaml:15: lead_form.scoring[0]: a rule needs exactly one condition: answer, "
        "min_weeks/max_weeks, answered or amount (got 0)",
        "kb/form.yaml:18: lead_form.scoring[1]: max_weeks must not be below min_weeks (got 10.0 "
        "and 2.0)",
    ]


def test_known_question_with_the_wrong_kind_names_the_kind_it_needs(
    write_knowledge: WriteKnowledge,
) -> None:
    text = LEAD_FORM_HEAD + (
        "  questions:\n"
        "    - id: project_kind\n"
        "      prompt: What is it?\n"
        "    - id: company\n"
        "      prompt: Which company?\n"
    )

    problems = problems_in(write_knowledge, {"form.yaml": text})

    kind_problems = [problem for problem in problems if "must have kind" in problem]
    assert kind_problems == [
        "kb/form.yaml:7: lead_form.questions[0].kind: question 'project_kind' must have kind: "
        "choice, as storing a lead reads it so (got 'text')"
    ]


def test_a_misspelt_known_question_id_fails_but_a_question_of_ones_own_does_not(
    write_knowledge: WriteKnowledge,
) -> None:
    text = LEAD_FORM_HEAD + (
        "  questions:\n"
        "    - id: compnay\n"
        "      prompt: Which company?\n"
        "    - id: company_size\n"
        "      prompt: How many people?\n"
        "    - id: budget\n"
        "      prompt: Budget?\n"
    )

    problems = problems_in(write_knowledge, {"form.yaml": text})

    id_problems = [problem for problem in problems if "nearly spells" in problem]
    assert id_problems == [
        "kb/form.yaml:7: lead_form.questions[0].id: storing a lead reads the answer to "
        "'company', which this id only nearly spells; use 'company', or an id further from it "
        "for a question of your own (got 'compnay')"
    ]
