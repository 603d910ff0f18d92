"""``consultbot init``: write a starter knowledge folder for an operator to edit."""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

import click

from consultbot.config import DEFAULT_KNOWLEDGE_DIR
from consultbot.errors import ConfigError
from consultbot.resources import example_knowledge_dir


@click.command("init")
@click.argument(
    "directory",
    required=False,
    default=str(DEFAULT_KNOWLEDGE_DIR),
    type=click.Path(path_type=Path),
)
def init(directory: Path) -> None:
    """Write the example knowledge (Django vs FastAPI) to DIRECTORY, ./knowledge by default.

    Edit the copy to make the assistant yours; its README.md explains each file. Nothing is
    overwritten: DIRECTORY must not exist yet, or be empty.
    """
    target = directory.resolve()
    if target.exists() and not target.is_dir():
        raise click.ClickException(f"{target} is a file: name a new folder for the knowledge")
    if target.is_dir() and any(target.iterdir()):
        raise click.ClickException(
            f"{target} already exists and is not empty, so nothing was written: name a new "
            "folder, e.g. `consultbot init my-knowledge`, or keep editing the one you have"
        )
    try:
        source = example_knowledge_dir()
    except ConfigError as error:
        raise click.ClickException(error.message) from None
    shutil.copytree(
        source, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__")
    )
    count = sum(1 for path in target.rglob("*") if path.is_file())
    click.echo(f"wrote the example knowledge ({count} files) to {target}")
    click.echo("edit it there (its README.md explains each file); check your edits with:")
    click.echo(f"  consultbot knowledge check {shlex.quote(_shown(target))}")
    if target == DEFAULT_KNOWLEDGE_DIR.resolve():
        click.echo(f"consultbot uses it when started from {Path.cwd()}; from anywhere else, set:")
    else:
        click.echo("consultbot uses it once you set:")
    click.echo(f"  export CONSULTBOT_KNOWLEDGE_DIR={shlex.quote(str(target))}")
    click.echo(
        "then create the database and start the service:\n"
        "  consultbot db upgrade\n"
        "  consultbot run          (development; `consultbot serve` in production)"
    )


def _shown(target: Path) -> str:
    try:
        return str(target.relative_to(Path.cwd()))
    except ValueError:
        return str(target)
