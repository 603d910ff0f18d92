"""Understanding each form answer, spotting commands and corrections, and the summary."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from consultbot.dialogue.leadform import (
    MAX_ANSWER_CHARS,
    MAX_SHORT_ANSWER_CHARS,
    Parsed,
    describe_answers,
    find_correction,
    infer_size,
    is_cancel,
    is_continue,
    is_skip,
    is_skip_command,
    parse_answer,
    summarise,
    wants_out,
)
from consultbot.knowledge.lead_form import Question
from consultbot.knowledge.schema import KnowledgeBase
from tests.dialogue.conftest import TO_CONSENT, Chat, small_form, text_of

FORM = small_form()
PICK_ONE = "please pick one of: new build, migration, other"


def question(question_id: str) -> Question:
    """Return the small form's question with this id."""
    found = FORM.question(question_id)
    assert found is not None
    return found


@pytest.mark.parametrize(
    ("question_id", "text", "parsed"),
    [
        ("name", "  Ada   Lovelace ", Parsed("Ada Lovelace")),
        ("name", "", Parsed(None, "I didn't catch an answer")),
        ("budget", "-$50k", Parsed(None, "the budget can't be a negative number")),
        ("budget", "$50k-$80k", Parsed("$50k-$80k")),
        ("email", "Ada@Example.COM", Parsed("Ada@example.com")),
        ("project_kind", "we want to port it", Parsed("migration")),
        ("project_kind", "A new build", Parsed("new-build")),
        ("project_kind", "a rocket", Parsed(None, PICK_ONE)),
    ],
)  # fmt: skip
def test_an_answer_is_understood_or_refused_with_the_reason(
    question_id: str, text: str, parsed: Parsed
) -> None:
    assert parse_answer(question(question_id), text, None) == parsed


def test_an_email_with_a_likely_typo_gets_a_suggestion() -> None:
    parsed = parse_answer(question("email"), "ada@gmial.com", None)
    assert parsed.suggestion == "ada@gmail.com"


def test_answers_are_kept_short_except_the_stack_and_details() -> None:
    medium = "x" * (MAX_SHORT_ANSWER_CHARS + 1)
    assert parse_answer(question("company"), medium, None).problem == (
        f"that's longer than {MAX_SHORT_ANSWER_CHARS} characters; a shorter answer please"
    )
    assert parse_answer(question("details"), medium, None) == Parsed(medium)
    too_long = "x" * (MAX_ANSWER_CHARS + 1)
    assert parse_answer(question("details"), too_long, None).value is None


@pytest.mark.parametrize("length", [201, 499, 600, 5000])
def test_a_name_too_long_is_told_the_real_limit_the_first_time(length: int) -> None:
    parsed = parse_answer(small_form().questions[0], "a" * length, None)
    assert parsed.value is None
    assert parsed.problem == "that's longer than 200 characters; a shorter answer please"


def test_a_visitor_shortening_a_long_name_is_not_told_a_new_limit(
    form_chat: Callable[..., Chat],
) -> None:
    chat = form_chat(TO_CONSENT[:1])
    first, second = chat.run(["a" * 600, "a" * 499])
    assert "longer than 200 characters" in text_of(first)
    assert "longer than 200 characters" in text_of(second)


def test_the_stack_may_be_longer_but_is_told_its_own_limit() -> None:
    stack = next(q for q in small_form().questions if q.id == "stack")
    assert parse_answer(stack, "a" * 500, None).value == "a" * 500
    assert "longer than 500 characters" in (parse_answer(stack, "a" * 600, None).problem or "")


def test_the_size_is_read_from_a_team_or_a_budget(form_kb: KnowledgeBase) -> None:
    [comparison] = form_kb.comparisons
    size = question("size")
    assert parse_answer(size, "a team of 40", comparison) == Parsed("large")
    # A budget suggests a size, which the visitor is asked to confirm; it is never taken.
    assert parse_answer(size, "about $50k", comparison) == Parsed(
        None, "please pick one of: small, medium, large", suggestion="medium"
    )
    assert parse_answer(size, "enterprise", comparison) == Parsed("large")
    assert infer_size("8 developers", None) == "medium"
    assert infer_size("2 engineers", None) == "small"
    assert infer_size("$1k", comparison) == "small"
    assert infer_size("$50k", None) is None


@pytest.mark.parametrize(
    ("check", "yes", "no"),
    [
        (is_skip, ["skip", "N/A", "-", "not sure", "rather not say", "no", "Nope"],
         ["Skipper", "no downtime", "?"]),
        (is_skip_command, ["Skip ", "pass"], ["n/a", "skip it please"]),
        (is_cancel, ["cancel", "Cancel the form", "quit"], ["cancel my order from you"]),
        (is_continue, ["Continue", "back to the form"], ["continue using Django"]),
        (wants_out, ["stop", "nevermind, I don’t want to give my email", "can I skip this?"],
         ["We need to stop using Celery", "no downtime please"]),
    ],
)  # fmt: skip
def test_commands_are_told_from_answers(check: object, yes: list[str], no: list[str]) -> None:
    assert callable(check)
    assert [text for text in yes if not check(text)] == []
    assert [text for text in no if check(text)] == []


def test_a_marked_correction_names_the_question_and_the_new_answer() -> None:
    found = find_correction(FORM, "actually my email is ada@work.example")
    assert found is not None and (found[0].id, found[1]) == ("email", "ada@work.example")
    project = find_correction(FORM, "sorry, the project type is a migration")
    assert project is not None and project[0].id == "project_kind"


def test_an_unmarked_restatement_corrects_only_an_earlier_answer() -> None:
    assert find_correction(FORM, "my name is Ada Lovelace") is None
    found = find_correction(FORM, "my name is Ada Lovelace", answered={"name"})
    assert found is not None and (found[0].id, found[1]) == ("name", "Ada Lovelace")
    assert find_correction(FORM, "my consent is no", answered={"consent"}) is None


def test_answers_are_described_in_form_order_with_their_labels() -> None:
    described = describe_answers(FORM, {"size": "large", "name": "Ada"})
    assert described == [
        {"id": "name", "question": "Name", "value": "Ada", "label": "Ada"},
        {"id": "size", "question": "Size", "value": "large", "label": "Large"},
    ]


def test_the_summary_repeats_answers_as_typed_and_adds_the_tier(form_kb: KnowledgeBase) -> None:
    [comparison] = form_kb.comparisons
    answers = {"name": "**Ada** [x](https://evil.example)", "size": "medium", "consent": "yes"}
    summary = summarise(form_kb, FORM, answers, comparison)
    lines = summary.splitlines()
    assert lines[0].startswith("Name: ") and "**Ada**" not in lines[0]
    assert lines[1] == "Size: Medium"
    assert lines[2] == "For a medium project, expect $30K–$110K over 2–6 weeks."
    assert "Consent" not in summary
    assert summarise(form_kb, FORM, {"name": "Ada"}, None) == "Name: Ada"


def test_the_summary_quotes_the_migration_tiers_for_a_migration_only(
    form_kb: KnowledgeBase,
) -> None:
    [comparison] = form_kb.comparisons
    price = "For a medium project, expect $30K–$110K over 2–6 weeks."
    migration = summarise(
        form_kb, FORM, {"project_kind": "migration", "size": "medium"}, comparison
    )
    assert migration.splitlines()[-1] == price
    for kind in ("new-build", "other"):
        summary = summarise(form_kb, FORM, {"project_kind": kind, "size": "medium"}, comparison)
        assert "$" not in summary and summary.splitlines()[-1] == "Size: Medium", kind
