"""Score a finished lead form out of 100, saying what each rule gave and what was missing.

The form's ``scoring`` rules give points for answers. The most a lead can earn is, per
question, its best rule's points, added up; the score is the points earned as a share of that,
out of 100. Sales see each rule that applied with its points, the questions that were skipped
(with the points they could have given), the answers the rules could not read (kept verbatim,
never silently zero) and how a timeline was read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from consultbot.dialogue.amounts import names_an_amount
from consultbot.dialogue.timeline import Timeline, read_timeline
from consultbot.knowledge.lead_form import LeadForm, ScoreRule
from consultbot.matching.entities import find_money
from consultbot.matching.normalize import normalize

SCALE = 100


@dataclass(frozen=True, slots=True)
class ScoreLine:
    """One rule that applied: why, and its points."""

    question: str
    reason: str
    points: int


@dataclass(frozen=True, slots=True)
class LeadScore:
    """A lead's score with everything that went into it."""

    points: int
    possible: int
    lines: tuple[ScoreLine, ...] = ()
    missing: tuple[str, ...] = ()
    not_understood: tuple[str, ...] = ()
    readings: tuple[str, ...] = ()

    @property
    def out_of_100(self) -> int:
        """The points earned as a share of the most a lead can earn, 0 to 100."""
        if self.possible <= 0:
            return 0
        return max(0, min(SCALE, round(SCALE * self.points / self.possible)))

    def reasons(self) -> list[str]:
        """The applied rules as sales read them: "large project (+40)"."""
        return [f"{line.reason} (+{line.points})" for line in self.lines]

    def to_json(self) -> dict[str, Any]:
        """Return the score as JSON-ready values, for storage and notifications."""
        return {
            "score": self.out_of_100,
            "out_of": SCALE,
            "points": self.points,
            "possible": self.possible,
            "rules": [
                {"question": line.question, "reason": line.reason, "points": line.points}
                for line in self.lines
            ],
            "missing": list(self.missing),
            "not_understood": list(self.not_understood),
            "readings": list(self.readings),
        }


def best_points(form: LeadForm) -> dict[str, int]:
    """Return, per question the rules score, the most points its rules can give."""
    best: dict[str, int] = {}
    for rule in form.scoring:
        best[rule.question] = max(best.get(rule.question, 0), rule.points)
    return best


def score_lead(form: LeadForm, answers: Mapping[str, str], today: date) -> LeadScore:
    """Apply the form's rules to the answers; timelines are read relative to ``today``."""
    best = best_points(form)
    timelines = {
        rule.question: read_timeline(answers[rule.question], today)
        for rule in form.scoring
        if _is_weeks_rule(rule) and answers.get(rule.question)
    }
    lines = [
        ScoreLine(rule.question, rule.reason, rule.points)
        for rule in form.scoring
        if _applies(rule, answers, timelines)
    ]
    scored = {line.question for line in lines}
    missing, not_understood, readings = [], [], []
    for question_id, most in best.items():
        question = form.question(question_id)
        title = question.title if question else question_id
        value = answers.get(question_id)
        timeline = timelines.get(question_id)
        if timeline is not None and timeline.weeks is None:
            not_understood.append(f'{title}: "{value}" not understood (up to {most} points)')
        elif timeline is not None:
            readings.append(f'{title}: "{value}" means {timeline.read_as}')
        if value and question_id not in scored and _wants_amount(form, question_id):
            not_understood.append(f'{title}: "{value}" names no amount (up to {most} points)')
        if not value and question_id not in scored and most > 0:
            missing.append(f"{title}: not given (up to {most} points)")
    return LeadScore(
        points=sum(line.points for line in lines),
        possible=sum(best.values()),
        lines=tuple(lines),
        missing=tuple(missing),
        not_understood=tuple(not_understood),
        readings=tuple(readings),
    )


def _names_an_amount(value: str | None) -> bool:
    """Return True if the answer holds an amount of money ("$60k", "¥1,000,000", "ten grand")."""
    if not value:
        return False
    return names_an_amount(value) or bool(find_money(normalize(value)))


def _wants_amount(form: LeadForm, question_id: str) -> bool:
    return any(rule.question == question_id and rule.amount for rule in form.scoring)


def _is_weeks_rule(rule: ScoreRule) -> bool:
    return rule.min_weeks is not None or rule.max_weeks is not None


def _applies(
    rule: ScoreRule, answers: Mapping[str, str], timelines: Mapping[str, Timeline]
) -> bool:
    value = answers.get(rule.question)
    if rule.answer is not None:
        return value == rule.answer
    if rule.answered is not None:
        return bool(value) == rule.answered
    if rule.amount is not None:
        return _names_an_amount(value) == rule.amount
    timeline = timelines.get(rule.question)
    if timeline is None or timeline.weeks is None:
        return False
    if rule.min_weeks is not None and timeline.weeks < rule.min_weeks:
        return False
    return rule.max_weeks is None or timeline.weeks <= rule.max_weeks
