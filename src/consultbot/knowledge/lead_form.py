"""The consultation form editors write: its questions, their choices and the scoring rules."""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import Field, ValidationInfo, field_validator, model_validator

from consultbot.knowledge.fields import Entry, Id, Text, rule_error


class Choice(Entry):
    """An allowed answer to a lead form question."""

    id: Id
    label: Text
    description: Text | None = None
    synonyms: tuple[Text, ...] = ()


class Question(Entry):
    """One question of the lead form."""

    id: Id
    prompt: Text
    # What sales read for this answer in the dashboard, CSV and notifications ("Timeline").
    label: Text | None = None
    kind: Literal["text", "email", "choice", "consent"] = "text"
    required: bool = True
    choices: tuple[Choice, ...] = Field(default=(), validate_default=True)
    help: Text | None = None
    # Only for kind: consent: more replies read as yes or no ("ja", "oui"), in any language.
    yes_words: tuple[Text, ...] = ()
    no_words: tuple[Text, ...] = ()

    @property
    def title(self) -> str:
        """The label sales read, or the id written as words when the form gives none."""
        return self.label or self.id.replace("_", " ").replace("-", " ").capitalize()

    def choice_label(self, value: str) -> str:
        """Return the label of a chosen value, or the value itself for free-text answers."""
        choice = next((c for c in self.choices if c.id == value), None)
        return choice.label if choice else value

    @field_validator("choices")
    @classmethod
    def _choices_fit_kind(
        cls, choices: tuple[Choice, ...], info: ValidationInfo
    ) -> tuple[Choice, ...]:
        """Require choices for kind: choice and refuse them for other kinds."""
        kind = info.data.get("kind")
        if kind == "choice" and not choices:
            raise rule_error("a question with kind: choice needs a list of choices (got none)")
        if kind not in (None, "choice") and choices:
            raise rule_error(f"only a question with kind: choice takes choices (got kind {kind!r})")
        return choices

    @model_validator(mode="after")
    def _consent_words_fit_kind(self) -> Self:
        """Refuse yes_words and no_words on a question that is not the consent question."""
        if self.kind != "consent" and (self.yes_words or self.no_words):
            raise rule_error(
                f"only a question with kind: consent takes yes_words and no_words "
                f"(got kind {self.kind!r})"
            )
        return self


class ScoreRule(Entry):
    """Points a lead earns for an answer, with the reason sales will read."""

    question: Id
    answer: Id | None = None
    min_weeks: Annotated[float, Field(ge=0)] | None = None
    max_weeks: Annotated[float, Field(ge=0)] | None = None
    answered: bool | None = None
    amount: bool | None = None
    points: int
    reason: Text

    @model_validator(mode="after")
    def _one_condition(self) -> Self:
        """Require exactly one condition per rule and a sensible week range."""
        conditions = [
            self.answer is not None,
            self.min_weeks is not None or self.max_weeks is not None,
            self.answered is not None,
            self.amount is not None,
        ]
        if sum(conditions) != 1:
            raise rule_error(
                "a rule needs exactly one condition: answer, min_weeks/max_weeks, answered or "
                "amount "
                f"(got {sum(conditions)})"
            )
        low, high = self.min_weeks, self.max_weeks
        if low is not None and high is not None and low > high:
            raise rule_error(f"max_weeks must not be below min_weeks (got {low} and {high})")
        return self


class LeadForm(Entry):
    """The consultation form: its questions in order and the qualification rules."""

    intro: Text
    questions: tuple[Question, ...] = Field(min_length=1)
    confirm: Text
    thanks: Text
    cancelled: Text
    scoring: tuple[ScoreRule, ...] = ()

    def question(self, question_id: str) -> Question | None:
        """Return the question with this id, if any."""
        return next((q for q in self.questions if q.id == question_id), None)
