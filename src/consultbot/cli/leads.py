"""``consultbot leads``: export the recorded leads."""

from __future__ import annotations

import csv
import json
import sys

import click
import sqlalchemy as sa

from consultbot.storage.db import closing_engine, open_session
from consultbot.storage.models import Lead

COLUMNS = (
    "id", "created_at", "updated_at", "status", "score", "name", "email", "company",
    "project_kind", "stack", "size", "timeline", "budget", "details", "page_url",
)  # fmt: skip


@click.group("leads")
def leads() -> None:
    """Work with the consultation leads."""


@leads.command("export")
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True
)
def export(fmt: str) -> None:
    """Print every lead, newest first, as CSV or JSON."""
    from consultbot.cli import load_app

    app = load_app()
    with closing_engine(app), open_session(app) as session:
        rows = [
            {column: _plain(getattr(lead, column)) for column in COLUMNS}
            | {"score_reasons": list(lead.score_reasons)}
            for lead in session.scalars(
                sa.select(Lead).order_by(Lead.created_at.desc(), Lead.id.desc())
            )
        ]
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2))
        return
    writer = csv.DictWriter(sys.stdout, fieldnames=[*COLUMNS, "score_reasons"])
    writer.writeheader()
    for row in rows:
        writer.writerow(row | {"score_reasons": "; ".join(row["score_reasons"])})


def _plain(value: object) -> object:
    if hasattr(value, "isoformat"):
        return value.isoformat()  # type: ignore[union-attr]
    if hasattr(value, "value"):
        return value.value  # type: ignore[union-attr]
    return value
