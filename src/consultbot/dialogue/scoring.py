"""Score a finished lead form out of 100, saying what each rule gave and what was missing.

The form's ``scoring`` rules give points for answers. The most a lead can earn is, per
question, its best rule's points, added up; the score is the points earned as a share of that,
out of 100. Sales see each rule that applied with its points, the questions that were skipped
(with the points they could have given), the answers the rules could not read (kept verbatim,
never silently zero) and how a timeline and a budget were read.

Given the comparison whose cost tiers price the project, an answer that contradicts the tier
the visitor picked takes back the points it earned, with the reason: a budget below the
tier's lowest cost, a timeline shorter than its shortest duration ("large", "like 50k", "in
6 weeks"). The tiers price migrations, so only a migration is held to them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from consultbot.dialogue.amounts import names_an_amount, read_amounts
from consultbot.dialogue.answers import format_amount
from consultbot.dialogue.timeline import Timeline, read_timeline, weeks_text
from consultbot.knowledge.comparison import Comparison, CostTier, Span
from consultbot.knowledge.lead_form import LeadForm, ScoreRule

SCALE = 100
# The questions a cost tier bounds, and the project kind the tiers price (lead_form.yaml ids).
BUDGET, TIMELINE, SIZE, PROJECT_KIND, MIGRATION = (
    "budget", "timeline", "size", "project_kind", "migration"
)  # fmt: skip
# How a budget names a currency; one other than the tier's is not compared with it.
CURRENCY_MARKERS = {
    "USD": ("$", "usd", "dollar", "bucks"),
    "EUR": ("€", "eur"),
    "GBP": ("£", "gbp", "pound", "quid"),
    "OTHER": ("¥", "₹", "₩", "₽", "yen", "yuan", "rupee", "chf", "franc", "kron", "zloty", "peso"),
}
WEEKS_PER = {"days": 1 / 7, "weeks": 1.0, "months": 52 / 12}


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
        return [f"{line.reason} ({line.points:+d})" for line in self.lines]

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


def score_lead(
    form: LeadForm,
    answers: Mapping[str, str],
    today: date,
    comparison: Comparison | None = None,
) -> LeadScore:
    """Apply the form's rules to the answers; timelines are read relative to ``today``.

    With the ``comparison``, a budget or timeline the chosen cost tier contradicts loses the
    points it earned.
    """
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
    budget = _amount(answers.get(BUDGET))
    if budget is not None:
        readings.append(f'{_title(form, BUDGET)}: "{answers[BUDGET]}" read as {budget:,}')
    tier = _tier(answers, comparison)
    if tier is not None:
        lines += _contradictions(tier, answers, lines, budget, timelines.get(TIMELINE))
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


def _tier(answers: Mapping[str, str], comparison: Comparison | None) -> CostTier | None:
    """The cost tier of the size chosen, when the project is one the tiers price."""
    size = answers.get(SIZE)
    if comparison is None or not size or answers.get(PROJECT_KIND, MIGRATION) != MIGRATION:
        return None
    return comparison.tier(size)


def _contradictions(
    tier: CostTier,
    answers: Mapping[str, str],
    lines: list[ScoreLine],
    budget: int | None,
    timeline: Timeline | None,
) -> list[ScoreLine]:
    """Take back the points of a budget or a timeline the chosen tier contradicts."""
    earned = {question: 0 for question in (BUDGET, TIMELINE)}
    for line in lines:
        if line.question in earned:
            earned[line.question] += line.points
    name = tier.name.lower()
    taken = []
    currency = tier.cost.currency
    in_tier_currency = not _other_currency(answers.get(BUDGET, ""), currency)
    if budget is not None and budget < tier.cost.min and earned[BUDGET] > 0 and in_tier_currency:
        said, lowest = format_amount(budget, currency), format_amount(tier.cost.min, currency)
        reason = (
            f'budget "{answers[BUDGET]}" ({said}) is below the cheapest {name} migration ({lowest})'
        )
        taken.append(ScoreLine(BUDGET, reason, -earned[BUDGET]))
    weeks = timeline.weeks if timeline is not None else None
    shortest = _weeks(tier.timeline)
    if weeks is not None and weeks < shortest and earned[TIMELINE] > 0:
        reason = (
            f'timeline "{answers[TIMELINE]}" ({weeks_text(weeks)}) is shorter than the quickest '
            f"{name} migration ({tier.timeline.min} {tier.timeline.unit})"
        )
        taken.append(ScoreLine(TIMELINE, reason, -earned[TIMELINE]))
    return taken


def _weeks(span: Span) -> float:
    return span.min * WEEKS_PER[span.unit]


def _amount(value: str | None) -> int | None:
    """The largest amount of money an answer names ("100-150k": 150000), if it names one."""
    if not value:
        return None
    amounts = read_amounts(value).amounts
    return max(amounts) if amounts else None


def _other_currency(text: str, currency: str) -> bool:
    """Tell whether a budget names a currency other than the tier's ("€50k" against USD)."""
    lowered = text.casefold()
    return any(
        any(marker in lowered for marker in markers)
        for code, markers in CURRENCY_MARKERS.items()
        if code != currency
    )


def _title(form: LeadForm, question_id: str) -> str:
    question = form.question(question_id)
    return question.title if question else question_id


def _names_an_amount(value: str | None) -> bool:
    """Return True if the answer holds an amount of money ("$60k", "¥1,000,000", "ten grand")."""
    if not value:
        return False
    return names_an_amount(value)


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
