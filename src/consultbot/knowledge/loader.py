"""Load a knowledge directory: read every YAML file, check it, build the KnowledgeBase."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from consultbot.errors import KnowledgeError
from consultbot.knowledge.errors_text import describe, suggest
from consultbot.knowledge.problems import Problem, format_path
from consultbot.knowledge.schema import (
    LIST_SECTIONS,
    SECTIONS,
    SINGLE_SECTIONS,
    KnowledgeBase,
)
from consultbot.knowledge.validate import Located, check_knowledge
from consultbot.knowledge.yaml_nodes import Location, ParsedYaml, YamlSyntaxError, parse_yaml

KNOWLEDGE_SUFFIXES = (".yaml", ".yml")

_ADAPTERS: dict[str, TypeAdapter[Any]] = {
    name: TypeAdapter(tuple[model, ...] if name in LIST_SECTIONS else model)
    for name, model in SECTIONS.items()
}


@dataclass(slots=True)
class _Collected:
    """Sections read so far, each entry with the file and location it came from."""

    entries: dict[str, list[Located]]


def load_knowledge(directory: Path) -> KnowledgeBase:
    """Load and validate every knowledge file in a directory; raise KnowledgeError if any is bad."""
    knowledge, problems = inspect_knowledge(directory)
    if problems:
        raise KnowledgeError(problems)
    assert knowledge is not None
    return knowledge


def inspect_knowledge(directory: Path) -> tuple[KnowledgeBase | None, list[Problem]]:
    """Load a directory and return the knowledge (None if invalid) with every problem found."""
    directory = Path(directory)
    shown = _display_root(directory)
    problems: list[Problem] = []
    if not directory.is_dir():
        return None, [Problem(shown, None, "", "is not a folder of knowledge files")]
    files = knowledge_files(directory)
    if not files:
        message = "holds no knowledge files (*.yaml); add at least one, e.g. with an intents: list"
        return None, [Problem(shown, None, "", message)]
    collected = _Collected(entries={name: [] for name in SECTIONS})
    for path in files:
        display = f"{shown}/{path.relative_to(directory).as_posix()}"
        problems.extend(_read_file(path, display, collected))
    problems.extend(_check_single_sections(collected))
    if problems:
        return None, sorted(problems, key=_problem_order)
    problems.extend(check_knowledge(collected.entries))
    if problems:
        return None, sorted(problems, key=_problem_order)
    return _assemble(collected), []


def knowledge_files(directory: Path) -> list[Path]:
    """List the YAML files of a knowledge directory in a stable order."""
    return sorted(
        path
        for path in directory.rglob("*")
        if path.suffix in KNOWLEDGE_SUFFIXES and path.is_file() and not path.name.startswith(".")
    )


def _display_root(directory: Path) -> str:
    return directory.name or str(directory)


def _problem_order(problem: Problem) -> tuple[str, int, str]:
    return (problem.file, problem.line or 0, problem.path)


def _read_file(path: Path, display: str, collected: _Collected) -> list[Problem]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return [Problem(display, None, "", "is not UTF-8 text; save it as UTF-8")]
    except OSError as error:
        return [Problem(display, None, "", f"cannot be read ({error.strerror})")]
    try:
        parsed = parse_yaml(text)
    except YamlSyntaxError as error:
        return [Problem(display, error.line, "", error.message)]
    if parsed.data is None:
        return [Problem(display, None, "", "is empty; add a section such as intents:")]
    if not isinstance(parsed.data, dict):
        known = ", ".join(f"{name}:" for name in SECTIONS)
        return [Problem(display, 1, "", f"must start with a section name ({known}), not a list")]
    problems = [
        Problem(display, line, format_path(location), "this key appears twice; keep one")
        for location, line in parsed.duplicate_keys
    ]
    for section, value in parsed.data.items():
        location: Location = (section,)
        if section not in SECTIONS:
            hint = suggest(str(section), set(SECTIONS)) or (
                f"; the known sections are {', '.join(SECTIONS)}"
            )
            problems.append(
                Problem(display, parsed.line_of(location), str(section), f"unknown section{hint}")
            )
            continue
        problems.extend(_read_section(section, value, display, parsed, collected))
    return problems


def _read_section(
    section: str, value: Any, display: str, parsed: ParsedYaml, collected: _Collected
) -> list[Problem]:
    try:
        result = _ADAPTERS[section].validate_python(value)
    except ValidationError as error:
        return [
            Problem(
                display,
                parsed.line_of((section, *detail["loc"])),
                format_path((section, *detail["loc"])),
                describe(detail),
            )
            for detail in error.errors(include_url=False)
        ]
    items: tuple[BaseModel, ...] = result if section in LIST_SECTIONS else (result,)
    for index, item in enumerate(items):
        location: Location = (section, index) if section in LIST_SECTIONS else (section,)
        collected.entries[section].append(Located(item, display, location, parsed))
    return []


def _check_single_sections(collected: _Collected) -> list[Problem]:
    problems = []
    for section in SINGLE_SECTIONS:
        entries = collected.entries[section]
        for extra in entries[1:]:
            first = entries[0]
            problems.append(
                extra.problem(
                    "",
                    f"a second {section}: section; there must be only one "
                    f"(the first is in {first.file}:{first.line()})",
                )
            )
    return problems


def _assemble(collected: _Collected) -> KnowledgeBase:
    def items(section: str) -> tuple[Any, ...]:
        return tuple(entry.item for entry in collected.entries[section])

    def single(section: str) -> Any:
        entries = collected.entries[section]
        return entries[0].item if entries else None

    fields: dict[str, Any] = {
        "frameworks": items("frameworks"),
        "comparisons": items("comparison"),
        "lead_form": single("lead_form"),
        "intents": items("intents"),
        "matcher": single("matcher"),
    }
    if single("site") is not None:
        fields["site"] = single("site")
    return KnowledgeBase(**fields)
