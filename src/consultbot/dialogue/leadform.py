"""The consultation form: understand each answer, re-ask with a reason, score the result."""

from __future__ import annotations

import re
from dataclasses import dataclass

from consultbot.dialogue.answers import format_money, format_span
from consultbot.knowledge.schema import Comparison, KnowledgeBase, LeadForm, Question
from consultbot.matching.entities import EMAIL, find_money, find_weeks
from consultbot.matching.normalize import normalize, tokenize

MAX_ANSWER_CHARS = 500
# Sales' lead table keeps a free-text answer in a 200-character column, except these questions'.
MAX_SHORT_ANSWER_CHARS = 200
LONG_ANSWER_QUESTIONS = ("stack", "details")
MAX_EMAIL_CHARS = 254  # the longest address SMTP carries (RFC 5321)
_BROKEN_EMAIL = re.compile(r"\S+@(\S*)")
_TEAM_EXPLICIT = re.compile(
    r"team of (\d+)|(\d+)\s*(?:devs?|developers|engineers|people|staff|employees)", re.IGNORECASE
)
_YES = (
    "yes", "y", "yep", "yeah", "sure", "ok", "okay", "agree", "i agree", "confirm", "correct",
    "go ahead", "please do", "absolutely", "of course", "yes please", "send it", "that is right",
)  # fmt: skip
_NO = ("no", "n", "nope", "nah", "do not", "don't", "not now", "no thanks", "disagree")
_CORRECTION = re.compile(
    r"\s*(actually|sorry|correction|oops|wait|change|no[, ]+my)\b", re.IGNORECASE
)
SKIP_WORDS = ("skip", "pass", "none", "n/a", "na", "no idea", "not sure", "rather not say", "-")
CANCEL_WORDS = ("cancel", "stop", "quit", "never mind", "nevermind", "forget it", "abort")


@dataclass(frozen=True, slots=True)
class Parsed:
    """A form answer as understood, or the reason it was not accepted."""

    value: str | None
    problem: str | None = None


def parse_answer(question: Question, text: str, comparison: Comparison | None) -> Parsed:
    """Understand a visitor's answer to one question of the form."""
    text = text.strip()
    if not text:
        return Parsed(None, "I didn't catch an answer")
    if len(text) > MAX_ANSWER_CHARS:
        return Parsed(
            None, f"that's longer than {MAX_ANSWER_CHARS} characters; a shorter answer please"
        )
    if question.kind == "email":
        return parse_email(text)
    if question.kind == "choice":
        return parse_choice(question, text, comparison)
    if question.kind == "consent":
        answer = parse_yes_no(text)
        if answer is None:
            return Parsed(None, "please answer yes or no")
        return Parsed("yes" if answer else "no")
    value = " ".join(text.split())
    limit = MAX_ANSWER_CHARS if question.id in LONG_ANSWER_QUESTIONS else MAX_SHORT_ANSWER_CHARS
    if len(value) > limit:
        return Parsed(None, f"that's longer than {limit} characters; a shorter answer please")
    return Parsed(value)


def parse_email(text: str) -> Parsed:
    """Find a work email in the text, or say what is wrong with the one given."""
    found = EMAIL.search(text)
    if found and len(found.group(0)) > MAX_EMAIL_CHARS:
        return Parsed(None, f"that address is longer than {MAX_EMAIL_CHARS} characters")
    if found:
        return Parsed(found.group(0).lower())
    broken = _BROKEN_EMAIL.search(text)
    if broken and not broken.group(1):
        return Parsed(
            None, "that address has nothing after the @; it needs a domain like example.com"
        )
    if broken:
        return Parsed(None, f"'{broken.group(1)}' is not a full domain (like example.com)")
    return Parsed(None, "I couldn't find an email address in that (like name@company.com)")


def parse_yes_no(text: str) -> bool | None:
    """Read a yes or no; None when the reply is neither."""
    cleaned = " ".join(tokenize(normalize(text)))
    if cleaned in _YES or cleaned.startswith(("yes", "yeah", "sure", "i agree", "i consent")):
        return True
    if cleaned in {normalize(w) for w in _NO} or cleaned.startswith(("no ", "nope", "i do not")):
        return False
    return None


def parse_choice(question: Question, text: str, comparison: Comparison | None) -> Parsed:
    """Pick the choice a free-form answer means: its id, label or a synonym, or a size hint."""
    words = tokenize(normalize(text))
    padded = f" {' '.join(words)} "
    for choice in question.choices:
        for name in (choice.id, choice.label, *choice.synonyms):
            phrase = " ".join(tokenize(normalize(name)))
            if phrase and f" {phrase} " in padded:
                return Parsed(choice.id)
    if question.id == "size":
        inferred = infer_size(text, comparison)
        if inferred:
            return Parsed(inferred)
    labels = ", ".join(choice.label.lower() for choice in question.choices)
    return Parsed(None, f"please pick one of: {labels}")


def infer_size(text: str, comparison: Comparison | None) -> str | None:
    """Guess a project size from a team size or a budget ("a team of 40" → large)."""
    team = _TEAM_EXPLICIT.search(text)
    if team:
        people = int(team.group(1) or team.group(2))
        return "large" if people >= 20 else "medium" if people >= 6 else "small"
    amounts = find_money(normalize(text))
    if amounts and comparison is not None and comparison.migration is not None:
        amount = max(amounts)
        for tier in reversed(comparison.migration.tiers):
            if amount >= tier.cost.min:
                return tier.id
        return comparison.migration.tiers[0].id
    return None


def is_skip(text: str) -> bool:
    """Tell whether the visitor wants to skip an optional question."""
    return (
        " ".join(tokenize(normalize(text))) in {normalize(w) for w in SKIP_WORDS}
        or text.strip() == "-"
    )


def is_cancel(text: str) -> bool:
    """Tell whether the visitor wants to stop filling in the form."""
    cleaned = " ".join(tokenize(normalize(text)))
    return cleaned in CANCEL_WORDS or cleaned.startswith(("cancel", "stop the form", "never mind"))


def find_correction(form: LeadForm, text: str) -> tuple[Question, str] | None:
    """Spot "actually my email is ..." and return the question it corrects and the new answer."""
    if not _CORRECTION.match(text):
        return None
    for question in form.questions:
        names = [question.id.replace("_", " ")]
        if question.id == "project_kind":
            names += ["project type", "project"]
        for name in names:
            found = re.search(
                rf"\bmy {re.escape(name)}\b\s*(?:is|should be|was|:|=)?\s*(.+)", text, re.IGNORECASE
            )
            if found:
                return question, found.group(1).strip()
    return None


def choice_label(question: Question, value: str) -> str:
    """Return the label of a chosen value, or the value itself for free-text questions."""
    choice = next((c for c in question.choices if c.id == value), None)
    return choice.label if choice else value


def score_lead(form: LeadForm, answers: dict[str, str]) -> tuple[int, tuple[str, ...]]:
    """Add up the form's qualification rules for these answers; return points and reasons."""
    score = 0
    reasons: list[str] = []
    for rule in form.scoring:
        value = answers.get(rule.question)
        if rule.answer is not None and value != rule.answer:
            continue
        if rule.answered is not None and bool(value) != rule.answered:
            continue
        if rule.min_weeks is not None or rule.max_weeks is not None:
            weeks = find_weeks(normalize(value or ""))
            if weeks is None:
                continue
            if rule.min_weeks is not None and weeks < rule.min_weeks:
                continue
            if rule.max_weeks is not None and weeks > rule.max_weeks:
                continue
        score += rule.points
        reasons.append(f"{rule.reason} (+{rule.points})")
    return score, tuple(reasons)


def summarise(
    kb: KnowledgeBase, form: LeadForm, answers: dict[str, str], comparison: Comparison | None
) -> str:
    """Write the summary the visitor confirms, with the matching cost tier's range."""
    lines = []
    for question in form.questions:
        if question.kind == "consent" or question.id not in answers:
            continue
        label = question.id.replace("_", " ").capitalize()
        lines.append(f"{label}: {choice_label(question, answers[question.id])}")
    text = "\n".join(lines)
    size = answers.get("size")
    tier = comparison.tier(size) if comparison and size else None
    if tier is not None and comparison is not None:
        text += (
            f"\nFor a {tier.name.lower()} project, expect {format_money(tier.cost)} "
            f"over {format_span(tier.timeline)}."
        )
    return text
