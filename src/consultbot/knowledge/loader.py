"""Load a knowledge directory: read every YAML file, check it, build the KnowledgeBase."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from consultbot.errors import KnowledgeError
from consultbot.knowledge.errors_text import describe, show, suggest
from consultbot.knowledge.problems import Location, Problem, format_path
from consultbot.knowledge.schema import LIST_SECTIONS, SECTIONS, SINGLE_SECTIONS, KnowledgeBase
from consultbot.knowledge.validate import Located, check_knowledge
from consultbot.knowledge.yaml_nodes import ParsedYaml, YamlSyntaxError, parse_yaml

KNOWLEDGE_SUFFIXES = (".yaml", ".yml")
# The biggest shipped file is 14 KB; a file past this is a mistake or an attack, not content.
MAX_FILE_BYTES = 1024 * 1024
EMPTY_FILE = "is empty; add a section such as intents:"


@dataclass(slots=True)
class Inspection:
    """What loading a directory found: the knowledge (None if invalid) and every problem."""

    knowledge: KnowledgeBase | None
    problems: list[Problem]
    files: list[Path] = field(default_factory=list)


@dataclass(slots=True)
class _Collected:
    """Entries read so far with where they came from, and the sections that had bad entries."""

    entries: dict[str, list[Located]] = field(
        default_factory=lambda: {name: [] for name in SECTIONS}
    )
    broken: set[str] = field(default_factory=set)
    # Files that could not be read at all (too large, not YAML...): their sections are unknown.
    unread: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Listing:
    """A knowledge directory's YAML files, and the entries named like them that were not read."""

    files: list[Path]
    skipped: list[tuple[Path, str]]


def load_knowledge(directory: Path) -> KnowledgeBase:
    """Load and validate every knowledge file in a directory; raise KnowledgeError if any is bad."""
    result = inspect_directory(directory)
    if result.knowledge is None:
        raise KnowledgeError(result.problems)
    return result.knowledge


def inspect_knowledge(directory: Path) -> tuple[KnowledgeBase | None, list[Problem]]:
    """Load a directory and return the knowledge (None if invalid) with every problem found."""
    result = inspect_directory(directory)
    return result.knowledge, result.problems


def inspect_directory(directory: Path, overrides: Mapping[Path, str] | None = None) -> Inspection:
    """Read, check and assemble a knowledge directory, collecting every problem found.

    ``overrides`` gives some files' text instead of what is on disk (an edit checked before
    it is written, or proposed and never written).
    """
    directory = Path(directory)
    overrides = overrides or {}
    shown = directory.name or str(directory)
    if not directory.is_dir():
        state = "is a file, not a folder" if directory.exists() else "does not exist"
        message = f"{state}; name the folder that holds the knowledge files"
        return Inspection(None, [Problem(str(directory), None, "", message)])
    listing = list_knowledge(directory)
    files = listing.files
    if not files and not listing.skipped:
        message = (
            "holds no knowledge files (*.yaml or *.yml); add at least one, "
            "for example a faq.yaml with an intents: list"
        )
        return Inspection(None, [Problem(str(directory), None, "", message)])
    collected = _Collected()
    problems = [
        Problem(f"{shown}/{path.relative_to(directory).as_posix()}", None, "", reason)
        for path, reason in listing.skipped
    ]
    collected.unread += [problem.file for problem in problems]
    for path in files:
        display = f"{shown}/{path.relative_to(directory).as_posix()}"
        problems.extend(_read_file(path, display, collected, overrides.get(path)))
    problems.extend(_check_single_sections(collected))
    problems.extend(_cross_file_problems(collected, shown))
    if problems:
        return Inspection(None, _unread_first(problems, collected.unread), files)
    return Inspection(_assemble(collected), [], files)


def _cross_file_problems(collected: _Collected, shown: str) -> list[Problem]:
    """Check the entries against each other; when a file could not be read, sum up in one
    problem those that may only follow from what it held (a cue naming an intent in it...)."""
    problems = check_knowledge(collected.entries, collected.broken)
    if not collected.unread:
        return problems
    # Checked as if every section had a bad entry: references are not followed then.
    certain = check_knowledge(collected.entries, set(SECTIONS))
    following = [problem for problem in problems if problem not in certain]
    if not following:
        return certain
    unread = ", ".join(sorted(collected.unread))
    count = len(following)
    one = len(collected.unread) == 1
    summary = (
        f"{count} more problem{'s' if count != 1 else ''} may only follow from {unread} not "
        f"being read (what {'it defines' if one else 'they define'} is missing); "
        f"fix {'it' if one else 'them'} first and check again"
    )
    return [*certain, Problem(shown, None, "", summary)]


def _unread_first(problems: list[Problem], unread: list[str]) -> list[Problem]:
    """Order problems by file and line, the files that could not be read first."""
    return sorted(set(problems), key=lambda p: (p.file not in unread, *_problem_order(p)))


def knowledge_files(directory: Path) -> list[Path]:
    """List the YAML files of a knowledge directory in a stable order, skipping hidden ones."""
    return list_knowledge(directory).files


def list_knowledge(directory: Path) -> Listing:
    """List the YAML files under a directory, following linked folders as linked files are
    (Kubernetes mounts everything through links), and what is named like one but not read."""
    files: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    seen: set[str] = set()
    for root, folders, names in os.walk(directory, followlinks=True):
        real = os.path.realpath(root)
        if real in seen:
            skipped.append(
                (Path(root), "is a link to a folder already read; it was not read again")
            )
            folders.clear()
            continue
        seen.add(real)
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in names:
            path = Path(root, name)
            if name.startswith(".") or path.suffix not in KNOWLEDGE_SUFFIXES:
                continue
            if path.is_file():
                files.append(path)
            elif not path.exists():
                skipped.append((path, "is a link to nothing (its target is gone); it was not read"))
            else:
                skipped.append((path, "is not a plain file (a device, a pipe...); it was not read"))
    return Listing(sorted(files), sorted(skipped))


def _problem_order(problem: Problem) -> tuple[str, int, str, str]:
    """Order problems by file, then line, then field."""
    return (problem.file, problem.line or 0, problem.path, problem.message)


def _read_file(
    path: Path, display: str, collected: _Collected, text: str | None = None
) -> list[Problem]:
    """Read one file (or ``text`` given for it) into the entries; return its problems."""
    parsed = _parse_file(path, display, text)
    if isinstance(parsed, Problem):
        if parsed.message != EMPTY_FILE:  # an empty file held nothing: its absence is certain
            collected.unread.append(display)
        return [parsed]
    return _read_sections(parsed, display, collected)


def _parse_file(path: Path, display: str, text: str | None) -> ParsedYaml | Problem:
    """Read and parse one file into a mapping of sections, or say why it cannot be."""
    try:
        if text is not None:
            raw = text.encode("utf-8")
        else:
            with path.open("rb") as file:
                raw = file.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            message = f"is larger than {MAX_FILE_BYTES // 1024} KB; split it into several files"
            return Problem(display, None, "", message)
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return Problem(display, None, "", "is not UTF-8 text; save it as UTF-8")
    except OSError as error:
        return Problem(display, None, "", f"cannot be read ({error.strerror})")
    try:
        parsed = parse_yaml(text)
    except YamlSyntaxError as error:
        return Problem(display, error.line, "", error.message)
    if parsed.data is None:
        return Problem(display, None, "", EMPTY_FILE)
    if not isinstance(parsed.data, dict):
        known = ", ".join(f"{name}:" for name in SECTIONS)
        return Problem(
            display,
            parsed.line_of(()),
            "",
            f"must start with a section name such as {known} (got {show(parsed.data)})",
        )
    return parsed


def _read_sections(parsed: ParsedYaml, display: str, collected: _Collected) -> list[Problem]:
    """Validate each section of a parsed file into the entries; return the problems."""
    problems = [
        Problem(display, line, format_path(location), "this key appears twice; keep one")
        for location, line in parsed.duplicate_keys
    ]
    for section, value in parsed.data.items():
        if section not in SECTIONS:
            problems.append(
                Problem(display, parsed.line_of((section,)), section, _unknown_section(section))
            )
            continue
        problems.extend(_read_section(section, value, display, parsed, collected))
    return problems


def _unknown_section(section: str) -> str:
    """Explain an unknown top-level key: a likely typo or a field put at the wrong level."""
    hint = suggest(section, SECTIONS)
    if hint:
        return f"unknown section{hint}"
    owners = [name for name, model in SECTIONS.items() if section in model.model_fields]
    if owners:
        inside = " or ".join(f"{name}:" for name in owners)
        return f"unknown section; '{section}' belongs inside a {inside} section"
    return f"unknown section; the sections are {', '.join(SECTIONS)}"


def _read_section(
    section: str, value: Any, display: str, parsed: ParsedYaml, collected: _Collected
) -> list[Problem]:
    """Validate one section of a file, entry by entry for list sections."""
    model = SECTIONS[section]
    if section not in LIST_SECTIONS:
        return _read_entry(model, value, (section,), display, parsed, section, collected)
    if not isinstance(value, list):
        collected.broken.add(section)
        message = f"expected a list of entries, each starting with '- ' (got {show(value)})"
        return [Problem(display, parsed.line_of((section,)), section, message)]
    if not value:
        message = "the list is empty; add entries or remove the section"
        return [Problem(display, parsed.line_of((section,)), section, message)]
    problems: list[Problem] = []
    for index, item in enumerate(value):
        location = (section, index)
        problems.extend(_read_entry(model, item, location, display, parsed, section, collected))
    return problems


def _read_entry(
    model: type[BaseModel],
    value: Any,
    location: Location,
    display: str,
    parsed: ParsedYaml,
    section: str,
    collected: _Collected,
) -> list[Problem]:
    """Validate one entry and collect it, or return its problems in editor words."""
    try:
        item = model.model_validate(value)
    except ValidationError as error:
        collected.broken.add(section)
        details = _without_echoes(error.errors(include_url=False))
        return [
            Problem(
                display,
                parsed.line_of((*location, *detail["loc"])),
                format_path((*location, *detail["loc"])),
                describe(detail, model),
            )
            for detail in details
        ]
    collected.entries[section].append(Located(item, display, location, parsed))
    return []


def _without_echoes(details: list[ErrorDetails]) -> list[ErrorDetails]:
    """Drop "too short" errors about a list whose entries were themselves rejected."""
    inner = [detail["loc"] for detail in details]
    return [
        detail
        for detail in details
        if detail["type"] != "too_short"
        or not any(loc[: len(detail["loc"])] == detail["loc"] != loc for loc in inner)
    ]


def _check_single_sections(collected: _Collected) -> list[Problem]:
    """Report a second site:, lead_form: or matcher: section."""
    problems = []
    for section in sorted(SINGLE_SECTIONS):
        entries = collected.entries[section]
        for extra in entries[1:]:
            first = entries[0]
            problems.append(
                extra.problem(
                    "",
                    f"a second {section}: section; keep only one "
                    f"(the first is at {first.file}:{first.line()})",
                )
            )
    return problems


def _assemble(collected: _Collected) -> KnowledgeBase:
    """Build the knowledge base from the collected, valid entries."""

    def items(section: str) -> tuple[Any, ...]:
        """Return every entry read for a list section."""
        return tuple(entry.item for entry in collected.entries[section])

    def single(section: str) -> Any:
        """Return the entry read for a single section, if any."""
        entries = collected.entries[section]
        return entries[0].item if entries else None

    fields: dict[str, Any] = {
        "frameworks": items("frameworks"),
        "comparisons": items("comparison"),
        "lead_form": single("lead_form"),
        "intents": items("intents"),
        "matcher": single("matcher"),
        "cues": items("cues"),
        "vocabulary": single("vocabulary"),
    }
    if single("site") is not None:
        fields["site"] = single("site")
    return KnowledgeBase(**fields)
