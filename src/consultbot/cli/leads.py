"""``consultbot leads``: export the recorded leads."""

from __future__ import annotations

import csv
import json
import sys

import click
import sqlalchemy as sa

from consultbot.storage.db import closing_engine, open_session
from consultbot.storage.lead_rows import COLUMNS, csv_row, lead_row
from consultbot.storage.models import Lead


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
        leads = list(
            session.scalars(sa.select(Lead).order_by(Lead.created_at.desc(), Lead.id.desc()))
        )
        if fmt == "json":
            click.echo(json.dumps([lead_row(lead) for lead in leads], indent=2))
            return
        writer = csv.DictWriter(sys.stdout, fieldnames=[*COLUMNS, "score_reasons"])
        writer.writeheader()
        for lead in leads:
            writer.writerow(csv_row(lead))
