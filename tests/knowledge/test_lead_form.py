"""The lead form editors write: questions, choices, consent words and scoring rules."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from consultbot.knowledge.lead_form import Choice, LeadForm, Question, ScoreRule

SIZE = Question(
    id="team_size",
    prompt="How big is the team?",
    kind="choice",
    choices=(Choice(id="small", label="Small (1-4)"), Choice(id="large", label="Large")),
)


def test_a_question_is_titled_by_its_label_or_its_id_in_words() -> None:
    assert Question(id="when", prompt="When?", label="Timeline").title == "Timeline"
    assert SIZE.title == "Team size"
    assert Question(id="go-live", prompt="?").title == "Go live"


def test_a_chosen_value_reads_as_its_label_and_free_text_as_typed() -> None:
    assert SIZE.choice_label("small") == "Small (1-4)"
    assert SIZE.choice_label("huge") == "huge"


def test_choices_belong_to_choice_questions_only() -> None:
    with pytest.raises(ValidationError, match=r"kind: choice needs a list of choices \(got none\)"):
        Question(id="size", prompt="?", kind="choice")
    with pytest.raises(ValidationError, match="only a question with kind: choice takes choices"):
        Question(id="name", prompt="?", choices=(Choice(id="a", label="A"),))


def test_yes_and_no_words_belong_to_the_consent_question_only() -> None:
    consent = Question(id="consent", prompt="OK?", kind="consent", yes_words=("ja",))
    assert consent.yes_words == ("ja",)
    with pytest.raises(ValidationError, match="only a question with kind: consent takes yes_words"):
        Question(id="name", prompt="?", no_words=("nein",))


@pytest.mark.parametrize(
    "condition",
    [{"answer": "large"}, {"min_weeks": 2}, {"max_weeks": 8}, {"min_weeks": 2, "max_weeks": 8},
     {"answered": True}, {"amount": True}],
)  # fmt: skip
def test_a_score_rule_has_exactly_one_condition(condition: dict[str, object]) -> None:
    rule = ScoreRule.model_validate({"question": "q", "points": 5, "reason": "r", **condition})
    assert rule.points == 5


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        ({}, r"exactly one condition: answer, min_weeks/max_weeks, answered or amount \(got 0\)"),
        ({"answer": "large", "answered": True}, r"\(got 2\)"),
        (
            {"min_weeks": 8, "max_weeks": 2},
            r"max_weeks must not be below min_weeks \(got 8.0 and 2.0\)",
        ),
        ({"min_weeks": -1}, "greater than or equal to 0"),
    ],
)
def test_a_score_rule_refuses_unclear_conditions(
    condition: dict[str, object], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        ScoreRule.model_validate({"question": "q", "points": 5, "reason": "r", **condition})


def test_the_form_finds_its_questions_by_id_and_needs_one() -> None:
    form = LeadForm(intro="Hi", questions=(SIZE,), confirm="OK?", thanks="Thanks", cancelled="Bye")
    assert form.question("team_size") is SIZE
    assert form.question("email") is None
    with pytest.raises(ValidationError, match="at least 1 item"):
        LeadForm(intro="Hi", questions=(), confirm="OK?", thanks="Thanks", cancelled="Bye")
