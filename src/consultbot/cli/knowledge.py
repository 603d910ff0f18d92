"""``consultbot knowledge``: check the files editors write."""

from __future__ import annotations

import json
from pathlib import Path

import click

from consultbot.config import configured_knowledge_dir
from consultbot.errors import ConfigError
from consultbot.knowledge.loader import Inspection, inspect_directory
from consultbot.knowledge.schema import KnowledgeBase


@click.group("knowledge")
def knowledge() -> None:
    """Work with the knowledge files (YAML) the assistant answers from."""


def collect_warnings(kb: KnowledgeBase) -> list[str]:
    """Return advice about valid knowledge that may still answer badly (from the matcher)."""
    # The matcher owns these checks (examples it would send to another intent); they need
    # a compiled index, so they run only once the files themselves are valid.
    from consultbot.matching.ambiguity import find_ambiguous_examples

    return [str(warning) for warning in find_ambiguous_examples(kb)]


@knowledge.command()
@click.argument("directory", required=False, type=click.Path(path_type=Path))
@click.option(
    "--warnings/--no-warnings",
    "with_warnings",
    default=True,
    show_default=True,
    help="Also report examples the matcher finds ambiguous (slower on large files).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def check(directory: Path | None, with_warnings: bool, as_json: bool) -> None:
    """Validate a knowledge directory; print each problem as file:line: field: what is wrong.

    DIRECTORY defaults to the configured knowledge folder (CONSULTBOT_KNOWLEDGE_DIR).
    """
    if directory is None:
        try:
            directory = configured_knowledge_dir()
        except ConfigError as error:
            raise click.ClickException(error.message) from None
    result = inspect_directory(directory)
    kb = result.knowledge
    warnings = collect_warnings(kb) if kb is not None and with_warnings else []
    if as_json:
        click.echo(json.dumps(_as_json(result, warnings), indent=2))
        if kb is None:
            raise SystemExit(1)
        return
    for problem in result.problems:
        click.echo(str(problem))
    if kb is None:
        count = len(result.problems)
        raise click.ClickException(
            f"{count} problem{'s' if count != 1 else ''} in {directory}; nothing was loaded"
        )
    for warning in warnings:
        click.echo(f"warning: {warning}")
    click.echo(f"OK: {_summary(result, kb)}" + _plural(len(warnings), "warning", ", "))


def _summary(result: Inspection, kb: KnowledgeBase) -> str:
    """Count what was loaded, for the OK line."""
    parts = [
        _plural(len(result.files), "file"),
        _plural(len(kb.frameworks), "framework"),
        _plural(len(kb.comparisons), "comparison"),
        _plural(len(kb.intents), "intent"),
        _plural(sum(len(intent.examples) for intent in kb.intents), "example"),
    ]
    if kb.lead_form is not None:
        parts.append(f"a lead form with {_plural(len(kb.lead_form.questions), 'question')}")
    return ", ".join(parts)


def _plural(count: int, noun: str, prefix: str = "") -> str:
    """Write a count with its noun, singular or plural; empty for a zero with a prefix."""
    if prefix and not count:
        return ""
    return f"{prefix}{count} {noun}{'' if count == 1 else 's'}"


def _as_json(result: Inspection, warnings: list[str]) -> dict[str, object]:
    """Return the check's result as a JSON-ready mapping."""
    kb = result.knowledge
    return {
        "ok": kb is not None,
        "problems": [
            {"file": p.file, "line": p.line, "path": p.path, "message": p.message}
            for p in result.problems
        ],
        "warnings": warnings,
        "files": len(result.files),
        "frameworks": len(kb.frameworks) if kb else 0,
        "comparisons": len(kb.comparisons) if kb else 0,
        "intents": len(kb.intents) if kb else 0,
    }
