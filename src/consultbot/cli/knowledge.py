"""``consultbot knowledge``: check the files editors write."""

from __future__ import annotations

import os
from pathlib import Path

import click

from consultbot.config import DEFAULT_KNOWLEDGE_DIR
from consultbot.knowledge.loader import inspect_knowledge, knowledge_files


@click.group("knowledge")
def knowledge() -> None:
    """Work with the knowledge files (YAML) the assistant answers from."""


@knowledge.command()
@click.argument("directory", required=False, type=click.Path(path_type=Path))
def check(directory: Path | None) -> None:
    """Validate a knowledge directory; print each problem as file:line: field: what is wrong."""
    directory = directory or Path(os.environ.get("CONSULTBOT_KNOWLEDGE_DIR", DEFAULT_KNOWLEDGE_DIR))
    kb, problems = inspect_knowledge(directory)
    for problem in problems:
        click.echo(str(problem))
    if kb is None:
        raise click.ClickException(f"{len(problems)} problem(s) in {directory}; nothing was loaded")
    from consultbot.matching.ambiguity import find_ambiguous_examples

    warnings = find_ambiguous_examples(kb)
    for warning in warnings:
        click.echo(f"warning: {warning}")
    click.echo(
        f"OK: {len(knowledge_files(directory))} files, {len(kb.frameworks)} frameworks, "
        f"{len(kb.comparisons)} comparisons, {len(kb.intents)} intents"
        + (f", {len(warnings)} ambiguity warning(s)" if warnings else "")
    )
