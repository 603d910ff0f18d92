"""Checks that span entries and files: ids that must exist, ids that must be unique, sums."""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from consultbot.knowledge.comparison import Comparison
from consultbot.knowledge.errors_text import suggest
from consultbot.knowledge.faq import CONSULTATION_INTENT
from consultbot.knowledge.lead_form import LeadForm
from consultbot.knowledge.problems import Location, Problem, format_path
from consultbot.knowledge.schema import KnowledgeBase
from consultbot.knowledge.yaml_nodes import ParsedYaml


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

    def problem(self, sub: str | int | Location, message: str) -> Problem:
        """Build a problem located at a field inside this entry."""
        parts = sub if isinstance(sub, tuple) else ((sub,) if sub != "" else ())
        return Problem(self.file, self.line(*parts), format_path((*self.location, *parts)), message)


def check_knowledge(
    entries: Mapping[str, Sequence[Located]], broken: Collection[str] = ()
) -> list[Problem]:
    """Return every cross-entry problem among the entries that passed the schema check.

    ``broken`` names the sections where some entry failed that check; references into a
    broken section are not reported as unknown, since the entry they name may be the bad one.
    """
    problems = list(_unique_ids(entries["frameworks"], "framework"))
    problems += _unique_aliases(entries["frameworks"])
    problems += _unique_ids(entries["intents"], "intent")
    problems += _unique_ids(entries["comparison"], "comparison")
    problems += _unique_pages(entries["comparison"])
    known = None if "frameworks" in broken else {e.item.id for e in entries["frameworks"]}
    for entry in entries["comparison"]:
        problems += _check_comparison(entry, known)
    for entry in entries["lead_form"]:
        problems += check_lead_form(entry)
        problems += check_lead_form_contract(entry, entries["comparison"])
        if "intents" not in broken:
            problems += _check_way_in(entry, entries["intents"])
        if "comparison" not in broken:
            problems += _check_sizes_have_tiers(entry, entries["comparison"])
    if "intents" not in broken:
        problems += _check_cue_intents(entries["cues"], {e.item.id for e in entries["intents"]})
    return problems


def _check_cue_intents(entries: Iterable[Located], intents: set[str]) -> Iterator[Problem]:
    """Report cues that point at an FAQ intent no file defines."""
    for entry in entries:
        intent = entry.item.intent
        if intent is not None and intent not in intents:
            yield entry.problem(
                "intent", f"no intent has this id{suggest(intent, intents)} (got {intent!r})"
            )


def _unique_ids(entries: Iterable[Located], what: str) -> Iterator[Problem]:
    """Report entries whose id was already used, in any file."""
    seen: dict[str, Located] = {}
    for entry in entries:
        first = seen.setdefault(entry.item.id, entry)
        if first is not entry:
            yield entry.problem(
                "id",
                f"duplicate {what} id, already used at {first.file}:{first.line('id')} "
                f"(got {entry.item.id!r})",
            )


def _unique_aliases(entries: Iterable[Located]) -> Iterator[Problem]:
    """Report framework names and aliases that belong to two frameworks."""
    owners: dict[str, str] = {}
    for entry in entries:
        names: list[tuple[tuple[str | int, ...], str]] = [(("name",), entry.item.name)]
        names += [(("aliases", i), alias) for i, alias in enumerate(entry.item.aliases)]
        for sub, name in names:
            owner = owners.setdefault(name.casefold(), entry.item.id)
            if owner != entry.item.id:
                yield entry.problem(
                    sub, f"this name already belongs to framework {owner!r} (got {name!r})"
                )


def _unique_pages(entries: Iterable[Located]) -> Iterator[Problem]:
    """Report comparisons claiming a page another comparison already has."""
    pages: dict[str, Located] = {}
    for entry in entries:
        page = entry.item.page.rstrip("/")
        first = pages.setdefault(page, entry)
        if first is not entry:
            yield entry.problem(
                "page",
                f"comparison {first.item.id!r} at {first.file}:{first.line('page')} already "
                f"belongs to this page (got {entry.item.page!r})",
            )


def _check_comparison(entry: Located, known: set[str] | None) -> Iterator[Problem]:
    """Yield every cross-entry problem inside one comparison."""
    comparison: Comparison = entry.item
    compared = set(comparison.frameworks)
    yield from _check_compared(entry, known)
    yield from _keys_are(entry, ("verdicts",), comparison.verdicts, compared)
    for section in ("criteria", "metrics", "use_cases", "time_savings", "pitfalls"):
        yield from _unique_in(entry, section, getattr(comparison, section))
    yield from _unique_in(entry, "neither_fits", comparison.neither_fits)
    for index, criterion in enumerate(comparison.criteria):
        where = ("criteria", index)
        yield from _keys_are(entry, (*where, "scores"), criterion.scores, compared)
    yield from _check_tally(entry, comparison)
    for index, metric in enumerate(comparison.metrics):
        yield from _keys_are(entry, ("metrics", index, "values"), metric.values, compared)
    if comparison.migration is not None:
        yield from _unique_in(entry, ("migration", "tiers"), comparison.migration.tiers)
    if known is not None:
        yield from _check_references(entry, comparison, known)


def _check_compared(entry: Located, known: set[str] | None) -> Iterator[Problem]:
    """Report compared frameworks listed twice or not defined."""
    seen: set[str] = set()
    for index, framework in enumerate(entry.item.frameworks):
        if framework in seen:
            yield entry.problem(
                ("frameworks", index), f"this framework is listed twice (got {framework!r})"
            )
        seen.add(framework)
        if known is not None and framework not in known:
            yield _unknown(entry, ("frameworks", index), framework, known)


def _check_references(entry: Located, comparison: Comparison, known: set[str]) -> Iterator[Problem]:
    """Report framework ids named by use cases, savings and alternatives that do not exist."""
    for section in ("use_cases", "time_savings"):
        for index, item in enumerate(getattr(comparison, section)):
            if item.best not in known:
                yield _unknown(entry, (section, index, "best"), item.best, known)
    for index, alternative in enumerate(comparison.alternatives):
        if alternative.framework not in known:
            where = ("alternatives", index, "framework")
            yield _unknown(entry, where, alternative.framework, known)
    for index, case in enumerate(comparison.neither_fits):
        for position, framework in enumerate(case.instead):
            if framework not in known:
                yield _unknown(
                    entry, ("neither_fits", index, "instead", position), framework, known
                )


def _check_tally(entry: Located, comparison: Comparison) -> Iterator[Problem]:
    """Report tally counts that disagree with the criteria's winners."""
    if not comparison.tally:
        return
    counts = comparison.wins()
    for key, value in comparison.tally.items():
        if key not in counts:
            allowed = ", ".join(counts)
            yield entry.problem(("tally", key), f"unknown key; use one of {allowed} (got {key!r})")
        elif value != counts[key]:
            yield entry.problem(
                ("tally", key), f"the criteria give {counts[key]} for {key!r} (got {value})"
            )
    for key in counts:
        if key not in comparison.tally:
            yield entry.problem("tally", f"missing the count for {key!r}, which is {counts[key]}")


def check_lead_form(entry: Located) -> Iterator[Problem]:
    """Yield the problems in a lead form: duplicate ids or answers, rules naming nothing."""
    form: LeadForm = entry.item
    base = ("questions",)
    yield from _unique_in(entry, base, form.questions)
    if not any(question.kind == "consent" for question in form.questions):
        yield entry.problem(
            base, "needs a question with kind: consent, asked before a lead is stored"
        )
    for index, question in enumerate(form.questions):
        where = (*base, index)
        yield from _unique_in(entry, (*where, "choices"), question.choices)
        yield from _unique_answers(entry, (*where, "choices"), question.choices)
    for index, rule in enumerate(form.scoring):
        yield from _check_rule(entry, ("scoring", index), rule, form)


# What the code storing a lead reads: these questions must exist, with these kinds.
REQUIRED_QUESTIONS = {"email": "email", "name": "text"}
# Questions the code reads when the form has them: if present, they must have these kinds.
KNOWN_QUESTIONS = {
    "company": "text", "project_kind": "choice", "stack": "text", "size": "choice",
    "timeline": "text", "budget": "text", "details": "text",
}  # fmt: skip
SIZE_QUESTION = "size"


def check_lead_form_contract(entry: Located, comparisons: Sequence[Located]) -> Iterator[Problem]:
    """Yield where the lead form breaks what storing a lead relies on.

    The email and name questions must exist with their kinds (a lead is keyed by the email);
    the other questions the code reads must keep their kinds; the size question's choices must
    be the cost tiers of every comparison with a migration section, since the summary quotes
    the tier of the chosen size.
    """
    form: LeadForm = entry.item
    for question_id, kind in REQUIRED_QUESTIONS.items():
        if form.question(question_id) is None:
            known = {q.id for q in form.questions}
            hint = suggest(question_id, known)
            yield entry.problem(
                "questions",
                f"needs a question with id {question_id!r} and kind: {kind}: storing a lead "
                f"reads it{hint} (got none)",
            )
    expected = {**REQUIRED_QUESTIONS, **KNOWN_QUESTIONS}
    for index, question in enumerate(form.questions):
        expected_kind = expected.get(question.id)
        if expected_kind is not None and question.kind != expected_kind:
            yield entry.problem(
                ("questions", index, "kind"),
                f"question {question.id!r} must have kind: {expected_kind}, as storing a lead "
                f"reads it so (got {question.kind!r})",
            )
        if question.kind == "email" and question.id != "email":
            yield entry.problem(
                ("questions", index, "id"),
                f"the email question must have id 'email': a lead is keyed by it "
                f"(got {question.id!r})",
            )
        elif question.id not in expected and (meant := _misspelt_known(question.id)):
            yield entry.problem(
                ("questions", index, "id"),
                f"storing a lead reads the answer to {meant!r}, which this id only nearly "
                f"spells; use {meant!r}, or an id further from it for a question of your own "
                f"(got {question.id!r})",
            )
    yield from _check_sizes(entry, form, comparisons)


def _misspelt_known(question_id: str) -> str | None:
    """Return the known question id this one looks like a typo of ("compnay"), if any."""
    close = difflib.get_close_matches(question_id, sorted(KNOWN_QUESTIONS), n=1, cutoff=0.8)
    if close and abs(len(close[0]) - len(question_id)) <= 1:
        return close[0]
    return None


def _check_sizes(
    entry: Located, form: LeadForm, comparisons: Sequence[Located]
) -> Iterator[Problem]:
    """Report size choices that are not exactly a comparison's migration cost tiers."""
    position = next((i for i, q in enumerate(form.questions) if q.id == SIZE_QUESTION), None)
    if position is None:
        return
    sizes = {choice.id for choice in form.questions[position].choices}
    for located in comparisons:
        comparison: Comparison = located.item
        if comparison.migration is None:
            continue
        tiers = {tier.id for tier in comparison.migration.tiers}
        if sizes != tiers:
            where = f"{located.file}:{located.line('migration', 'tiers')}"
            yield entry.problem(
                ("questions", position, "choices"),
                f"the size choices must be the cost tiers of comparison {comparison.id!r} at "
                f"{where} ({', '.join(sorted(tiers))}) (got {', '.join(sorted(sizes))})",
            )


def _check_sizes_have_tiers(entry: Located, comparisons: Sequence[Located]) -> Iterator[Problem]:
    """Report a size question when no comparison has the cost tiers the sizes stand for."""
    form: LeadForm = entry.item
    position = next((i for i, q in enumerate(form.questions) if q.id == SIZE_QUESTION), None)
    if position is None or any(c.item.migration is not None for c in comparisons):
        return
    yield entry.problem(
        ("questions", position),
        "the form asks for a size, but no comparison has migration cost tiers for the sizes "
        "to stand for (got none; is the comparisons folder missing?)",
    )


def _check_way_in(entry: Located, intents: Sequence[Located]) -> Iterator[Problem]:
    """Report a lead form that no intent leads into."""
    if not any(located.item.id == CONSULTATION_INTENT for located in intents):
        yield entry.problem(
            "",
            f"a lead form needs a way in: an intent with id {CONSULTATION_INTENT!r} whose "
            "examples open the form (got none; was its file deleted?)",
        )


def _unique_answers(entry: Located, where: Location, choices: Sequence[Any]) -> Iterator[Problem]:
    """Report a label or synonym that means two choices of one question."""
    owners: dict[str, str] = {}
    for index, choice in enumerate(choices):
        words: list[tuple[tuple[str | int, ...], str]] = [(("label",), choice.label)]
        words += [(("synonyms", i), synonym) for i, synonym in enumerate(choice.synonyms)]
        for sub, word in words:
            owner = owners.setdefault(word.casefold(), choice.id)
            if owner != choice.id:
                yield entry.problem(
                    (*where, index, *sub),
                    f"this answer already means the choice {owner!r} (got {word!r})",
                )


def _check_rule(entry: Located, where: Location, rule: Any, form: LeadForm) -> Iterator[Problem]:
    """Report a scoring rule naming a question or choice that does not exist."""
    question = form.question(rule.question)
    if question is None:
        known = {q.id for q in form.questions}
        yield _unknown(entry, (*where, "question"), rule.question, known, "question")
        return
    if rule.answer is not None and rule.answer not in {c.id for c in question.choices}:
        choices = {choice.id for choice in question.choices}
        yield _unknown(entry, (*where, "answer"), rule.answer, choices, "choice")


def _unique_in(entry: Located, where: str | Location, items: Sequence[Any]) -> Iterator[Problem]:
    """Report items of one list that reuse an id."""
    base = (where,) if isinstance(where, str) else where
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        first = seen.setdefault(item.id, index)
        if first != index:
            yield entry.problem(
                (*base, index, "id"),
                f"duplicate id, already used by {format_path((*entry.location, *base, first))} "
                f"(got {item.id!r})",
            )


def _keys_are(
    entry: Located, where: Location, mapping: Mapping[str, Any], allowed: set[str]
) -> Iterator[Problem]:
    """Report keys that are not compared frameworks, and compared frameworks left out."""
    for key in mapping:
        if key not in allowed:
            listed = ", ".join(sorted(allowed))
            hint = suggest(key, allowed)
            yield entry.problem(
                (*where, key),
                f"not one of the compared frameworks ({listed}){hint} (got {key!r})",
            )
    for missing in sorted(allowed - set(mapping)):
        yield entry.problem(where, f"missing the entry for {missing!r}")


def _unknown(
    entry: Located,
    where: Location,
    value: str,
    known: Collection[str],
    what: str = "framework",
) -> Problem:
    """Build the problem for an id that names nothing, with a likely correction."""
    hint = suggest(value, known) or f"; the known ids are {', '.join(sorted(known)) or 'none'}"
    return entry.problem(where, f"unknown {what} id{hint} (got {value!r})")


# The FAQ intent that opens the lead form (the dialogue engine's CONSULTATION_INTENT).
LEAD_ENTRY_INTENT = "consultation"


def lost_lead_entry(serving: KnowledgeBase, candidate: KnowledgeBase) -> list[str]:
    """Say what of the way into the lead form ``candidate`` would lose that ``serving`` has.

    A reload checks this before a new version goes into service: deleting a file (or a deploy
    caught half-way) must not quietly stop the assistant from taking leads.
    """
    lost = []
    if serving.lead_form is not None and candidate.lead_form is None:
        lost.append("the lead_form: section is gone, so no lead could be taken")
    if (
        serving.intent(LEAD_ENTRY_INTENT) is not None
        and candidate.intent(LEAD_ENTRY_INTENT) is None
    ):
        lost.append(
            f"the intent {LEAD_ENTRY_INTENT!r} is gone, so no visitor could ask for a consultation"
        )
    return lost
