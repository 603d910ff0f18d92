"""Checks that span entries and files: ids that must exist, ids that must be unique, sums."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from consultbot.knowledge.problems import Problem, format_path
from consultbot.knowledge.schema import TIE, Comparison, LeadForm
from consultbot.knowledge.yaml_nodes import Location, ParsedYaml

TIES_KEY = "ties"


@dataclass(frozen=True, slots=True)
class Located:
    """A validated entry with the file and location it was read from."""

    item: Any
    file: str
    location: Location
    parsed: ParsedYaml

    def line(self, *sub: str | int) -> int | None:
        """Return the line of this entry, or of a field inside it."""
        return self.parsed.line_of((*self.location, *sub))

    def problem(self, sub: str | int | tuple[str | int, ...], message: str) -> Problem:
        """Build a problem located at a field inside this entry."""
        parts = sub if isinstance(sub, tuple) else ((sub,) if sub != "" else ())
        return Problem(self.file, self.line(*parts), format_path((*self.location, *parts)), message)


def check_knowledge(entries: Mapping[str, Sequence[Located]]) -> list[Problem]:
    """Return every cross-entry problem in the sections read from a directory."""
    problems = list(_unique_ids(entries["frameworks"], "framework"))
    problems += _unique_aliases(entries["frameworks"])
    problems += _unique_ids(entries["intents"], "intent")
    problems += _unique_ids(entries["comparison"], "comparison")
    problems += _unique_pages(entries["comparison"])
    known = {entry.item.id for entry in entries["frameworks"]}
    for entry in entries["comparison"]:
        problems += _check_comparison(entry, known)
    for entry in entries["lead_form"]:
        problems += _check_lead_form(entry)
    return problems


def _unique_ids(entries: Iterable[Located], what: str) -> Iterator[Problem]:
    seen: dict[str, Located] = {}
    for entry in entries:
        first = seen.setdefault(entry.item.id, entry)
        if first is not entry:
            yield entry.problem(
                "id",
                f"duplicate {what} id (got {entry.item.id!r}, already used at "
                f"{first.file}:{first.line('id')})",
            )


def _unique_aliases(entries: Iterable[Located]) -> Iterator[Problem]:
    owners: dict[str, str] = {}
    for entry in entries:
        names = [(("name",), entry.item.name)]
        names += [(("aliases", i), alias) for i, alias in enumerate(entry.item.aliases)]
        for sub, name in names:
            owner = owners.setdefault(name.casefold(), entry.item.id)
            if owner != entry.item.id:
                yield entry.problem(
                    sub, f"this name already belongs to framework {owner!r} (got {name!r})"
                )


def _unique_pages(entries: Iterable[Located]) -> Iterator[Problem]:
    pages: dict[str, Located] = {}
    for entry in entries:
        page = entry.item.page.rstrip("/")
        first = pages.setdefault(page, entry)
        if first is not entry:
            yield entry.problem(
                "page", f"comparison {first.item.id!r} already belongs to this page (got {page!r})"
            )


def _check_comparison(entry: Located, known: set[str]) -> Iterator[Problem]:
    comparison: Comparison = entry.item
    compared = set(comparison.frameworks)
    for index, framework in enumerate(comparison.frameworks):
        if framework not in known:
            yield _unknown(entry, ("frameworks", index), framework, known)
    yield from _keys_are(entry, ("verdicts",), comparison.verdicts, compared, require_all=True)
    for section in ("criteria", "metrics", "use_cases", "time_savings", "pitfalls"):
        yield from _unique_in(entry, section, getattr(comparison, section))
    yield from _unique_in(entry, "neither_fits", comparison.neither_fits)
    for index, criterion in enumerate(comparison.criteria):
        where = ("criteria", index)
        yield from _keys_are(entry, (*where, "scores"), criterion.scores, compared, True)
        yield from _check_winner(entry, where, criterion.scores, criterion.winner, compared)
    yield from _check_tally(entry, comparison)
    for index, metric in enumerate(comparison.metrics):
        yield from _keys_are(entry, ("metrics", index, "values"), metric.values, compared, True)
    for section in ("use_cases", "time_savings"):
        for index, item in enumerate(getattr(comparison, section)):
            if item.best not in known:
                yield _unknown(entry, (section, index, "best"), item.best, known)
    for index, alternative in enumerate(comparison.alternatives):
        if alternative.framework not in known:
            where = ("alternatives", index, "framework")
            yield _unknown(entry, where, alternative.framework, known)
    if comparison.migration is not None:
        yield from _check_migration(entry, comparison)


def _check_migration(entry: Located, comparison: Comparison) -> Iterator[Problem]:
    assert comparison.migration is not None
    tiers = comparison.migration.tiers
    yield from _unique_in(entry, ("migration", "tiers"), tiers)
    for index, tier in enumerate(tiers):
        for field in ("cost", "timeline"):
            span = getattr(tier, field)
            if span.min > span.max:
                yield entry.problem(
                    ("migration", "tiers", index, field, "max"),
                    f"max must not be below min (got min {span.min}, max {span.max})",
                )


def _check_winner(
    entry: Located,
    where: Location,
    scores: Mapping[str, int],
    winner: str,
    compared: set[str],
) -> Iterator[Problem]:
    if winner != TIE and winner not in compared:
        yield entry.problem(
            (*where, "winner"),
            f"must be one of the compared frameworks ({', '.join(sorted(compared))}) or "
            f"'{TIE}' (got {winner!r})",
        )
        return
    if not scores or set(scores) != compared:
        return
    best = max(scores.values())
    leaders = [framework for framework, score in scores.items() if score == best]
    expected = leaders[0] if len(leaders) == 1 else TIE
    if winner != expected:
        yield entry.problem(
            (*where, "winner"),
            f"does not agree with the scores, which make it {expected!r} (got {winner!r})",
        )


def _check_tally(entry: Located, comparison: Comparison) -> Iterator[Problem]:
    if not comparison.tally:
        return
    counts = dict.fromkeys([*comparison.frameworks, TIES_KEY], 0)
    for criterion in comparison.criteria:
        counts[TIES_KEY if criterion.winner == TIE else criterion.winner] = (
            counts.get(criterion.winner, 0) + 1
        )
    for key, value in comparison.tally.items():
        if key not in counts:
            allowed = ", ".join(counts)
            yield entry.problem(("tally", key), f"unknown key; use one of {allowed} (got {key!r})")
        elif value != counts[key]:
            yield entry.problem(
                ("tally", key),
                f"the criteria give {counts[key]} for {key!r} (got {value})",
            )
    for key in counts:
        if key not in comparison.tally:
            yield entry.problem("tally", f"missing the count for {key!r} ({counts[key]})")


def _check_lead_form(entry: Located) -> Iterator[Problem]:
    form: LeadForm = entry.item
    base = ("questions",)
    yield from _unique_in(entry, base, form.questions)
    questions = {question.id: question for question in form.questions}
    for index, question in enumerate(form.questions):
        where = (*base, index)
        if question.kind == "choice" and not question.choices:
            yield entry.problem(
                where, f"a choice question needs choices (got none for {question.id!r})"
            )
        if question.kind != "choice" and question.choices:
            yield entry.problem(
                (*where, "choices"), f"only kind: choice takes choices (got kind {question.kind!r})"
            )
        yield from _unique_in(entry, (*where, "choices"), question.choices)
    for index, rule in enumerate(form.scoring):
        where = ("scoring", index)
        question = questions.get(rule.question)
        if question is None:
            yield _unknown(entry, (*where, "question"), rule.question, set(questions), "question")
        elif rule.answer is not None and rule.answer not in {c.id for c in question.choices}:
            choices = {choice.id for choice in question.choices}
            yield _unknown(entry, (*where, "answer"), rule.answer, choices, "choice")


def _unique_in(entry: Located, where: str | Location, items: Sequence[Any]) -> Iterator[Problem]:
    base = (where,) if isinstance(where, str) else where
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        first = seen.setdefault(item.id, index)
        if first != index:
            yield entry.problem(
                (*base, index, "id"),
                f"duplicate id (got {item.id!r}, already used by {format_path((*base, first))})",
            )


def _keys_are(
    entry: Located,
    where: Location,
    mapping: Mapping[str, Any],
    allowed: set[str],
    require_all: bool,
) -> Iterator[Problem]:
    for key in mapping:
        if key not in allowed:
            yield _unknown(entry, (*where, key), key, allowed, "compared framework")
    if require_all:
        for missing in sorted(allowed - set(mapping)):
            yield entry.problem(where, f"missing the entry for {missing!r}")


def _unknown(
    entry: Located,
    where: Location,
    value: str,
    known: set[str],
    what: str = "framework",
) -> Problem:
    listed = ", ".join(sorted(known)) or "none defined"
    return entry.problem(where, f"unknown {what} id (got {value!r}); known: {listed}")
