"""How a problem reads: file:line: path: message."""

from __future__ import annotations

from consultbot.knowledge.problems import Problem, format_path


def test_problem_prints_file_line_path_and_message() -> None:
    problem = Problem(
        "knowledge/comparisons/django-vs-fastapi.yaml",
        14,
        "criteria[2].scores.django",
        "score must be between 1 and 10 (got 12)",
    )

    assert str(problem) == (
        "knowledge/comparisons/django-vs-fastapi.yaml:14: criteria[2].scores.django: "
        "score must be between 1 and 10 (got 12)"
    )


def test_problem_without_line_or_path_leaves_them_out() -> None:
    assert str(Problem("kb/faq.yaml", None, "", "is empty")) == "kb/faq.yaml: is empty"


def test_path_writes_list_positions_in_brackets() -> None:
    assert format_path(("comparison", "criteria", 2, "scores", "django")) == (
        "comparison.criteria[2].scores.django"
    )
    assert format_path(("intents", 0, "[key]")) == "intents[0]"
