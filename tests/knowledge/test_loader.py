"""Loading knowledge folders: the shipped one, generic intents, and broken files."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from consultbot.errors import KnowledgeError
from consultbot.knowledge.loader import (
    KNOWLEDGE_SUFFIXES,
    inspect_directory,
    knowledge_files,
    load_knowledge,
)
from consultbot.knowledge.schema import Site
from consultbot.resources import example_knowledge_dir
from tests.knowledge.conftest import BASE, WriteKnowledge

BROKEN_CASES = {
    "missing_field": ["kb/missing_field.yaml:2: intents[0].answer: required field is missing"],
    "wrong_type_list": [
        "kb/wrong_type_list.yaml:3: intents[0].examples: expected a list of entries, each "
        "starting with '- ' (got 'thank you')"
    ],
    "wrong_type_number": [
        "kb/wrong_type_number.yaml:4: intents[0].answer: expected text (got 2005); put it in "
        "quotes if it is meant as text"
    ],
    "yes_read_as_switch": [
        "kb/yes_read_as_switch.yaml:14: comparison.metrics[0].values.django: expected text "
        "(got yes); YAML reads a bare yes/no/true/false as a switch, so put it in quotes"
    ],
    "score_0": [
        "kb/score_0.yaml:13: comparison.criteria[0].scores.django: score must be between 1 "
        "and 10 (got 0)"
    ],
    "score_11": [
        "kb/score_11.yaml:15: comparison.criteria[0].scores.fastapi: score must be between 1 "
        "and 10 (got 11)"
    ],
    "unknown_framework": [
        "kb/unknown_framework.yaml:11: comparison.alternatives[0].framework: unknown framework "
        "id; did you mean 'flask'? (got 'flsk')"
    ],
    "duplicate_id_within": [
        "kb/duplicate_id_within.yaml:16: comparison.criteria[1].id: duplicate id, already used "
        "by comparison.criteria[0] (got 'docs')"
    ],
    # Files are read in name order, so the base's faq.yaml comes second and carries the report.
    "duplicate_id_across": [
        "kb/faq.yaml:4: intents[0].id: duplicate intent id, already used at "
        "kb/duplicate_id_across.yaml:5 (got 'hello')"
    ],
    "intent_without_examples": [
        "kb/intent_without_examples.yaml:3: intents[0].examples: needs at least one example "
        "phrase (got an empty list)"
    ],
    "syntax_error": [
        "kb/syntax_error.yaml:4: YAML syntax error: did not find expected ',' or ']' (while "
        "parsing a flow sequence that starts on line 3)"
    ],
    "unknown_key": [
        "kb/unknown_key.yaml:2: intents[0].answer: required field is missing",
        "kb/unknown_key.yaml:4: intents[0].anwser: unknown key 'anwser'; did you mean 'answer'?",
    ],
    "with_kinds_on_a_kind": [
        "kb/with_kinds_on_a_kind.yaml:2: cues[0]: with_kinds: belongs to an intent's cues, not "
        "to a kind's",
        "kb/with_kinds_on_a_kind.yaml:7: cues[1].with_kinds[0]: Input should be 'compare', "
        "'overall', 'brief', 'recommend', 'best_for', 'cost', 'duration', 'migrate', 'pitfalls', "
        "'alternatives', 'metrics', 'scoring', 'what_is', 'why', 'more', 'howto', 'identity' or "
        "'saving' (got 'costs')",
    ],
    "unknown_section": [
        "kb/unknown_section.yaml:1: intent: unknown section; did you mean 'intents'?"
    ],
    "not_a_mapping": [
        "kb/not_a_mapping.yaml:1: must start with a section name such as site:, frameworks:, "
        "comparison:, lead_form:, intents:, matcher:, cues:, vocabulary: (got a list of 1)"
    ],
    "inconsistent_winner": [
        "kb/inconsistent_winner.yaml:14: comparison.criteria[0].winner: does not agree with the "
        "scores, which make it 'fastapi' (got 'django')"
    ],
    "wrong_tally": [
        "kb/wrong_tally.yaml:23: comparison.tally.ties: the criteria give 1 for 'ties' (got 0)",
        "kb/wrong_tally.yaml:24: comparison.tally.fastapi: the criteria give 0 for 'fastapi' "
        "(got 1)",
    ],
    "bad_cost_range": [
        "kb/bad_cost_range.yaml:17: comparison.migration.tiers[0].cost.max: max must not be "
        "below min (got min 20000, max 6000)"
    ],
    "duplicate_page": [
        "kb/duplicate_page.yaml:4: comparison.page: comparison 'django-vs-fastapi' at "
        "kb/comparison.yaml:4 already belongs to this page (got '/compare/django-vs-fastapi/')"
    ],
    "duplicate_choice": [
        "kb/duplicate_choice.yaml:7: lead_form.questions[0]: the form asks for a size, but no "
        "comparison has migration cost tiers for the sizes to stand for (got none; is the "
        "comparisons folder missing?)",
        "kb/duplicate_choice.yaml:14: lead_form.questions[0].choices[1].id: duplicate id, "
        "already used by lead_form.questions[0].choices[0] (got 'small')",
        "kb/duplicate_choice.yaml:18: lead_form.questions[0].choices[2].synonyms[0]: this "
        "answer already means the choice 'small' (got 'MVP')",
    ],
    "duplicate_key": [
        "kb/duplicate_key.yaml:5: intents[0].answer: this key appears twice; keep one"
    ],
    "second_site": [
        "kb/second_site.yaml:1: site: a second site: section; keep only one (the first is at "
        "kb/faq.yaml:1)"
    ],
    "empty_file": ["kb/empty_file.yaml: is empty; add a section such as intents:"],
    "several_problems": [
        "kb/several_problems.yaml:2: comparison.id: an id must be lowercase letters, digits, "
        "'-' or '_', starting with a letter or digit (got 'Several')",
        "kb/several_problems.yaml:6: comparison.summary: must not be empty (got '')",
        "kb/several_problems.yaml:13: comparison.criteria[0].scores.django: score must be "
        "between 1 and 10 (got 12)",
        "kb/several_problems.yaml:16: comparison.criteria[1].winner: required field is missing",
        "kb/several_problems.yaml:18: comparison.criteria[1].scores.fastapi: expected a whole "
        "number (got 'ten')",
        "kb/several_problems.yaml:19: comparison.criteria[1].winer: unknown key 'winer'; did "
        "you mean 'winner'?",
        "kb/several_problems.yaml:26: comparison.metrics[0].sauce: unknown key 'sauce'; did you "
        "mean 'source'?",
    ],
}


def test_shipped_knowledge_loads_without_problems() -> None:
    result = inspect_directory(example_knowledge_dir())

    assert result.problems == []
    assert result.knowledge is not None
    assert result.knowledge.comparison("django-vs-fastapi") is not None
    assert result.knowledge.lead_form is not None


def test_broken_base_is_valid_on_its_own() -> None:
    assert inspect_directory(BASE).problems == []


@pytest.mark.parametrize("case", sorted(BROKEN_CASES))
def test_broken_file_reports_each_problem_with_its_line(
    case: str, broken_case: Callable[[str], Path]
) -> None:
    result = inspect_directory(broken_case(case))

    assert result.knowledge is None
    assert [str(problem) for problem in result.problems] == BROKEN_CASES[case]


def test_load_knowledge_raises_with_every_problem(broken_case: Callable[[str], Path]) -> None:
    with pytest.raises(KnowledgeError) as raised:
        load_knowledge(broken_case("several_problems"))

    assert len(raised.value.problems) == len(BROKEN_CASES["several_problems"])
    assert "7 problem(s)" in raised.value.message


def test_problems_in_several_files_are_all_reported(write_knowledge: WriteKnowledge) -> None:
    folder = write_knowledge(
        {
            "a.yaml": "intents:\n  - id: a\n    examples: [x]\n",
            "b.yaml": "intents: [\n",
            "sub/c.yml": "frameworks:\n  - id: x\n",
        }
    )

    problems = [str(problem) for problem in inspect_directory(folder).problems]

    assert problems == [
        "kb/b.yaml:1: YAML syntax error: did not find expected node content (while parsing a "
        "flow node that is still open when the file ends)",
        "kb/a.yaml:2: intents[0].answer: required field is missing",
        "kb/sub/c.yml:2: frameworks[0].name: required field is missing",
    ]


def test_empty_folder_is_a_problem(tmp_path: Path) -> None:
    problems = inspect_directory(tmp_path).problems

    assert [str(problem) for problem in problems] == [
        f"{tmp_path}: holds no knowledge files (*.yaml or *.yml); add at least one, for example "
        "a faq.yaml with an intents: list"
    ]


def test_missing_folder_is_a_problem(tmp_path: Path) -> None:
    problems = inspect_directory(tmp_path / "nowhere").problems

    assert [problem.message for problem in problems] == [
        "does not exist; name the folder that holds the knowledge files"
    ]


def test_folder_with_only_generic_intents_is_valid_with_default_site_texts(
    write_knowledge: WriteKnowledge,
) -> None:
    folder = write_knowledge(
        {
            "bench.yaml": """
                intents:
                  - id: card-arrival
                    examples: [where is my card, my card has not arrived]
                    answer: Cards arrive within a week.
            """
        }
    )

    kb = load_knowledge(folder)

    assert [intent.id for intent in kb.intents] == ["card-arrival"]
    assert kb.site == Site()
    assert kb.comparisons == () and kb.frameworks == () and kb.lead_form is None


def test_ten_thousand_examples_load(write_knowledge: WriteKnowledge) -> None:
    lines = ["intents:"]
    for intent in range(77):
        lines += [f"  - id: intent-{intent}", "    answer: An answer.", "    examples:"]
        lines += [f"      - how do I do thing {n} for case {intent}" for n in range(130)]

    kb = load_knowledge(write_knowledge({"bench.yaml": "\n".join(lines) + "\n"}))

    assert sum(len(intent.examples) for intent in kb.intents) == 10_010


def test_hidden_and_other_files_are_ignored(write_knowledge: WriteKnowledge) -> None:
    folder = write_knowledge(
        {
            "faq.yaml": "intents:\n  - id: a\n    examples: [x]\n    answer: y\n",
            ".draft.yaml": "not: valid: yaml:\n",
            ".backup/old.yaml": "broken: [\n",
            "README.md": "# notes\n",
        }
    )

    assert [path.name for path in knowledge_files(folder)] == ["faq.yaml"]
    assert inspect_directory(folder).problems == []
    assert KNOWLEDGE_SUFFIXES == (".yaml", ".yml")


def test_broken_framework_list_does_not_flag_every_reference(
    write_knowledge: WriteKnowledge,
) -> None:
    folder = write_knowledge(
        {
            "frameworks.yaml": """
                frameworks:
                  - id: django
                    name: Django
                  - id: fastapi
                    nam: FastAPI
            """,
            "c.yaml": (BASE / "comparison.yaml").read_text(encoding="utf-8"),
        }
    )

    problems = [str(problem) for problem in inspect_directory(folder).problems]

    assert problems == [
        "kb/frameworks.yaml:4: frameworks[1].name: required field is missing",
        "kb/frameworks.yaml:5: frameworks[1].nam: unknown key 'nam'; did you mean 'name'?",
    ]


def test_unknown_key_without_a_close_match_lists_the_allowed_keys(
    write_knowledge: WriteKnowledge,
) -> None:
    folder = write_knowledge({"site.yaml": "site:\n  colour: blue\n"})

    assert [str(problem) for problem in inspect_directory(folder).problems] == [
        "kb/site.yaml:2: site.colour: unknown key 'colour'; the keys allowed here are company, "
        "greeting, fallback, offer, handoff, fallbacks, privacy_url, booking_url, live_chat"
    ]


def test_comparison_fields_at_the_top_level_point_to_the_section(
    write_knowledge: WriteKnowledge,
) -> None:
    folder = write_knowledge({"c.yaml": "page: /compare/x\ncriteria: []\n"})

    assert [str(problem) for problem in inspect_directory(folder).problems] == [
        "kb/c.yaml:1: page: unknown section; 'page' belongs inside a comparison: section",
        "kb/c.yaml:2: criteria: unknown section; 'criteria' belongs inside a comparison: section",
    ]


def test_file_that_is_not_utf8_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "faq.yaml").write_bytes(b"intents:\n  - id: \xff\xfe\n")

    assert [str(problem) for problem in inspect_directory(tmp_path).problems] == [
        f"{tmp_path.name}/faq.yaml: is not UTF-8 text; save it as UTF-8"
    ]


def test_an_example_as_long_as_a_page_is_refused_with_its_line(
    write_knowledge: WriteKnowledge,
) -> None:
    sentence = "how much would it cost us to move a large django app " * 9  # 477 characters
    page = "word " * 1400
    folder = write_knowledge(
        {"faq.yaml": f"intents:\n  - id: a\n    answer: y\n    examples:\n      - {sentence}\n"}
    )
    assert inspect_directory(folder).problems == []

    folder = write_knowledge(
        {"faq.yaml": f"intents:\n  - id: a\n    answer: y\n    examples:\n      - {page}\n"}
    )
    [problem] = inspect_directory(folder).problems
    assert (problem.file, problem.line, problem.path) == (
        "kb/faq.yaml",
        5,
        "intents[0].examples[0]",
    )
    assert problem.message.startswith("is 6,999 characters long; keep it to 500 at most")


def shipped_copy(tmp_path: Path) -> Path:
    """A copy of the shipped knowledge to break."""
    folder = tmp_path / "kb"
    shutil.copytree(example_knowledge_dir(), folder)
    return folder


def test_linked_folders_are_read_like_linked_files(tmp_path: Path) -> None:
    data = shipped_copy(tmp_path)
    linked = tmp_path / "linked"
    linked.mkdir()
    for entry in data.iterdir():  # every entry a link, as a Kubernetes ConfigMap mounts them
        (linked / entry.name).symlink_to(entry)

    direct, through_links = inspect_directory(data), inspect_directory(linked)

    assert direct.problems == [] and through_links.problems == []
    assert direct.knowledge is not None and through_links.knowledge is not None
    assert len(through_links.knowledge.comparisons) == len(direct.knowledge.comparisons) >= 1
    assert len(through_links.files) == len(direct.files)


def test_a_size_question_without_a_comparison_is_refused(tmp_path: Path) -> None:
    folder = shipped_copy(tmp_path)
    shutil.rmtree(folder / "comparisons")

    [problem] = inspect_directory(folder).problems

    assert problem.file == "kb/lead_form.yaml" and problem.path.startswith("lead_form.questions[")
    assert "the form asks for a size, but no comparison has migration cost tiers" in str(problem)
    assert "is the comparisons folder missing?" in problem.message


def test_entries_named_like_knowledge_that_cannot_be_read_are_reported(tmp_path: Path) -> None:
    folder = shipped_copy(tmp_path)
    (folder / "zero.yaml").symlink_to("/dev/zero")
    (folder / "gone.yaml").symlink_to(tmp_path / "nowhere.yaml")
    (folder / "comparisons" / "again").symlink_to(folder)

    problems = [str(problem) for problem in inspect_directory(folder).problems]

    assert problems == [
        "kb/comparisons/again: is a link to a folder already read; it was not read again",
        "kb/gone.yaml: is a link to nothing (its target is gone); it was not read",
        "kb/zero.yaml: is not a plain file (a device, a pipe...); it was not read",
    ]


def test_a_file_that_cannot_be_read_comes_first_and_what_follows_from_it_is_summed_up(
    tmp_path: Path,
) -> None:
    folder = shipped_copy(tmp_path)
    faq = (folder / "faq.yaml").read_text(encoding="utf-8")
    (folder / "faq.yaml").write_text(faq + "\nbroken: [\n", encoding="utf-8")

    problems = [str(problem) for problem in inspect_directory(folder).problems]

    assert problems[0].startswith("kb/faq.yaml:")
    assert "YAML syntax error" in problems[0]
    assert len(problems) == 2
    assert problems[1].startswith("kb: ")
    assert problems[1].endswith(
        " more problems may only follow from kb/faq.yaml not being read (what it defines is "
        "missing); fix it first and check again"
    )
    assert not any("no intent has this id" in problem for problem in problems)
