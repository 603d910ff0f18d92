"""``consultbot leads``: export the recorded leads; export or forget one person's data."""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Sequence

import click
from flask import Flask
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from consultbot.dialogue.email_address import email_key
from consultbot.storage.db import closing_engine, get_engine, open_session
from consultbot.storage.db_errors import describe_database_error
from consultbot.storage.labels import Labels
from consultbot.storage.lead_rows import COLUMNS, csv_row, lead_row
from consultbot.storage.leadlist import all_leads, leads_by_id
from consultbot.storage.models import Lead
from consultbot.storage.privacy import (
    ForgetCounts,
    PersonRecords,
    count_person_rows,
    export_person,
    find_person,
    forget_person,
)

MAX_EMAIL_LENGTH = 254
EMAIL_SHAPE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
CSV_HAS_LEADS_ONLY = (
    "CSV holds the leads only: use --format json for their submissions, status history, notes "
    "and the conversation transcripts"
)


@click.group("leads")
def leads() -> None:
    """Work with the consultation leads."""


def normalize_email(address: str) -> str:
    """Return the address as its lead's key, or raise ValueError saying what is wrong."""
    cleaned = email_key(address)
    if len(cleaned) > MAX_EMAIL_LENGTH:
        raise ValueError(f"an email address has at most {MAX_EMAIL_LENGTH} characters")
    if not EMAIL_SHAPE.fullmatch(cleaned):
        raise ValueError(f"{address!r} is not an email address (expected name@example.com)")
    return cleaned


def check_email(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """Normalise an --email value, or refuse a malformed address (exit status 2)."""
    if value is None:
        return None
    try:
        return normalize_email(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


@leads.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json"]),
    help="Output format  [default: csv; json with --email]",
)
@click.option(
    "--email",
    callback=check_email,
    help="Export everything stored about this person only (a data subject access request).",
)
def export(fmt: str | None, email: str | None) -> None:
    """Print every lead, newest first, as CSV or JSON; with --email, all about one person.

    With --email the JSON output is one object: {"email", "exported_at", "leads": [every
    column, "answers", "conversation", "status_history", "notes", "notifications"],
    "conversations": [{"id", "page_url", "created_at", "last_activity_at", "messages":
    [{"role", "text", "created_at"}]}]}. The conversations are the ones the leads came from
    and any in which the visitor typed the address: those `leads forget` deletes.
    """
    from consultbot.cli import load_app

    app = load_app()
    with closing_engine(app), open_session(app) as session:
        labels = Labels.from_form(app.extensions["consultbot"].current().knowledge.lead_form)
        if email is not None:
            export_one_person(session, email, fmt or "json", labels)
            return
        print_leads(all_leads(session), fmt or "csv", labels)


def export_one_person(session: Session, email: str, fmt: str, labels: Labels) -> None:
    """Print what is stored about one address: JSON in full, or CSV rows of its leads."""
    records = find_person(session, email)
    if records.is_empty:
        click.echo(f"nothing is stored about {email}", err=True)
    if fmt == "json":
        click.echo(json.dumps(export_person(session, records).as_json(), indent=2))
        return
    print_leads(leads_by_id(session, records.lead_ids), "csv", labels)
    click.echo(CSV_HAS_LEADS_ONLY, err=True)


def print_leads(leads: Sequence[Lead], fmt: str, labels: Labels) -> None:
    """Print leads as a JSON list (ids) or as CSV a spreadsheet opens safely (labels)."""
    if fmt == "json":
        click.echo(json.dumps([lead_row(lead) for lead in leads], indent=2))
        return
    writer = csv.DictWriter(sys.stdout, fieldnames=[*COLUMNS, "score_reasons"])
    writer.writeheader()
    for lead in leads:
        writer.writerow(csv_row(lead, labels))


@leads.command("forget")
@click.option("--email", required=True, callback=check_email, help="The person's email address.")
@click.option("--yes", is_flag=True, help="Delete without asking for confirmation.")
@click.option("--dry-run", is_flag=True, help="Only report what would be deleted.")
def forget(email: str, yes: bool, dry_run: bool) -> None:
    """Delete everything stored about a person (a right-to-erasure request).

    That is every lead with the address (ignoring case) with its status history, notes and
    notifications, the conversations those leads came from, and every conversation in which
    the visitor typed the address, with all their messages. It is one transaction: on any
    error nothing is deleted.
    """
    from consultbot.cli import load_app

    app = load_app()
    with closing_engine(app):
        with open_session(app) as session:
            records = find_person(session, email)
            preview = count_person_rows(session, records)
        if records.is_empty:
            click.echo(f"nothing is stored about {email}")
            return
        print_counts(f"stored about {email}:", preview)
        if dry_run:
            click.echo("dry run: nothing was deleted")
            return
        if not yes and not click.confirm("Delete all of it?", default=False):
            raise click.ClickException("not confirmed: nothing was deleted")
        counts = delete_person(app, records)
    print_counts("deleted:", counts)


def delete_person(app: Flask, expected: PersonRecords) -> ForgetCounts:
    """Delete what was shown, in one transaction; refuse if it changed since it was shown."""
    with open_session(app) as session:
        try:
            records = find_person(session, expected.email)
            if records != expected:
                raise click.ClickException(
                    f"what is stored about {expected.email} changed since it was counted; "
                    "nothing was deleted: run the command again"
                )
            counts = forget_person(session, records)
            session.commit()
        except SQLAlchemyError as error:
            raise click.ClickException(
                "nothing was deleted: " + describe_database_error(get_engine(app).url, error)
            ) from None
    return counts


def print_counts(title: str, counts: ForgetCounts) -> None:
    """Print the rows of each kind, and the other people's leads that lose their transcript."""
    click.echo(title)
    for label, count in counts.describe():
        click.echo(f"  {label:<15} {count}")
    if counts.other_leads_unlinked:
        click.echo(
            f"note: {counts.other_leads_unlinked} lead(s) of other addresses came from these "
            "conversations; they are kept, without their transcript"
        )
