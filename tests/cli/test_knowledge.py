"""``consultbot knowledge check``: one line per problem, a summary, the right exit code."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from consultbot.cli import knowledge as knowledge_cli
from consultbot.cli.knowledge import knowledge
from consultbot.knowledge.schema import KnowledgeBase
from consultbot.resources import example_knowledge_dir
from tests.knowledge.test_loader import BROKEN_CASES


@pytest.fixture
def no_matcher_warnings(monkeypatch: pytest.MonkeyPatch) -> list[KnowledgeBase]:
    """Replace the matcher's warnings with none, recording the knowledge it was given."""
    seen: list[KnowledgeBase] = []

    def collect(kb: KnowledgeBase) -> list[str]:
        seen.append(kb)
        return []

    monkeypatch.setattr(knowledge_cli, "collect_warnings", collect)
    return seen


def test_shipped_knowledge_is_ok(no_matcher_warnings: list[KnowledgeBase]) -> None:
    result = CliRunner().invoke(knowledge, ["check", str(example_knowledge_dir())])

    assert result.exit_code == 0, result.output
    assert result.output.startswith("OK: 8 files, 9 frameworks, 1 comparison, 11 intents, ")
    assert len(no_matcher_warnings) == 1


def test_directory_defaults_to_the_configured_one_without_a_database(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, no_matcher_warnings: list[KnowledgeBase]
) -> None:
    (tmp_path / "faq.yaml").write_text(
        "intents:\n  - id: a\n    examples: [x]\n    answer: y\n", encoding="utf-8"
    )
    monkeypatch.setenv("CONSULTBOT_KNOWLEDGE_DIR", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", "not a database url")

    result = CliRunner().invoke(knowledge, ["check"])

    assert result.exit_code == 0, result.output
    assert result.output == "OK: 1 file, 0 frameworks, 0 comparisons, 1 intent, 1 example\n"


@pytest.mark.parametrize("case", sorted(BROKEN_CASES))
def test_broken_files_print_each_problem_and_exit_1_without_traceback(
    case: str, broken_case: Callable[[str], Path], no_matcher_warnings: list[KnowledgeBase]
) -> None:
    folder = broken_case(case)

    result = CliRunner().invoke(knowledge, ["check", str(folder)])

    expected = BROKEN_CASES[case]
    count = len(expected)
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert result.output.splitlines() == [
        *expected,
        f"Error: {count} problem{'s' if count > 1 else ''} in {folder}; nothing was loaded",
    ]
    assert no_matcher_warnings == []


def test_empty_directory_fails_cleanly(tmp_path: Path) -> None:
    result = CliRunner().invoke(knowledge, ["check", str(tmp_path)])

    assert result.exit_code == 1
    assert "holds no knowledge files" in result.output


def test_warnings_are_printed_but_do_not_fail(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        knowledge_cli, "collect_warnings", lambda kb: ["intents.hello: 'hi' matches 'thanks'"]
    )

    result = CliRunner().invoke(knowledge, ["check", str(example_knowledge_dir())])

    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "warning: intents.hello: 'hi' matches 'thanks'"
    assert lines[1].startswith("OK: ") and lines[1].endswith(", 1 warning")


def test_no_warnings_skips_the_matcher(no_matcher_warnings: list[KnowledgeBase]) -> None:
    result = CliRunner().invoke(knowledge, ["check", str(example_knowledge_dir()), "--no-warnings"])

    assert result.exit_code == 0
    assert no_matcher_warnings == []


def test_json_output_lists_problems(broken_case: Callable[[str], Path]) -> None:
    result = CliRunner().invoke(
        knowledge, ["check", str(broken_case("score_0")), "--json", "--no-warnings"]
    )

    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["ok"] is False
    assert report["problems"] == [
        {
            "file": "kb/score_0.yaml",
            "line": 13,
            "path": "comparison.criteria[0].scores.django",
            "message": "score must be between 1 and 10 (got 0)",
        }
    ]


def shipped_copy(tmp_path: Path) -> Path:
    """Copy the shipped knowledge to edit it."""
    folder = tmp_path / "knowledge"
    shutil.copytree(example_knowledge_dir(), folder)
    return folder


def check(folder: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(knowledge, ["check", str(folder)])
    return result.exit_code, result.output.splitlines()


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_renaming_the_email_question_is_refused_with_file_and_line(
    tmp_path: Path, no_matcher_warnings: list[KnowledgeBase]
) -> None:
    folder = shipped_copy(tmp_path)
    form = folder / "lead_form.yaml"
    form.write_text(form.read_text().replace("    - id: email\n", "    - id: work_email\n"))
    code, lines = check(folder)
    assert code == 1
    where = line_of(form, "- id: work_email")
    assert (
        f"knowledge/lead_form.yaml:{where}: lead_form.questions[1].id: the email question must "
        "have id 'email': a lead is keyed by it (got 'work_email')"
    ) in lines
    assert any(
        "lead_form.questions: needs a question with id 'email' and kind: email" in line
        for line in lines
    )


def test_changing_a_question_kind_storage_reads_is_refused(
    tmp_path: Path, no_matcher_warnings: list[KnowledgeBase]
) -> None:
    folder = shipped_copy(tmp_path)
    form = folder / "lead_form.yaml"
    form.write_text(form.read_text().replace("      kind: email\n", ""))  # now free text
    code, lines = check(folder)
    assert code == 1
    where = line_of(form, "- id: email")
    assert (
        f"knowledge/lead_form.yaml:{where}: lead_form.questions[1].kind: question 'email' must "
        "have kind: email, as storing a lead reads it so (got 'text')"
    ) in lines


def test_size_choices_that_are_not_the_tiers_are_refused_naming_both_files(
    tmp_path: Path, no_matcher_warnings: list[KnowledgeBase]
) -> None:
    folder = shipped_copy(tmp_path)
    form = folder / "lead_form.yaml"
    form.write_text(form.read_text().replace("        - id: medium\n", "        - id: mid\n"))
    code, lines = check(folder)
    assert code == 1
    tiers = line_of(folder / "comparisons" / "django-vs-fastapi.yaml", "tiers:")
    assert any(
        "lead_form.questions[5].choices: the size choices must be the cost tiers of comparison "
        f"'django-vs-fastapi' at knowledge/comparisons/django-vs-fastapi.yaml:{tiers} "
        "(large, medium, small) (got large, mid, small)" in line
        for line in lines
    )


def test_deleting_the_way_into_the_lead_form_is_refused(
    tmp_path: Path, no_matcher_warnings: list[KnowledgeBase]
) -> None:
    folder = shipped_copy(tmp_path)
    (folder / "faq.yaml").unlink()
    code, lines = check(folder)
    assert code == 1
    assert (
        "knowledge/lead_form.yaml:3: lead_form: a lead form needs a way in: an intent with id "
        "'consultation' whose examples open the form (got none; was its file deleted?)"
    ) in lines
