"""Leads as flat rows for CSV and JSON exports (the CLI's and the dashboard's).

JSON is for machines and keeps ids ("new-build"); CSV is for people and shows the labels
("A new build"), with the score out of 100 and the reasons behind it.
"""

from __future__ import annotations

from typing import Any

from consultbot.storage.labels import Labels
from consultbot.storage.models import Lead

COLUMNS = (
    "id", "created_at", "updated_at", "status", "score", "name", "email", "company",
    "project_kind", "stack", "size", "timeline", "budget", "details", "page_url",
    "submission_count", "other_conversation_submissions", "last_submitted_at",
)  # fmt: skip
LABELLED = ("project_kind", "size")
# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def lead_row(lead: Lead) -> dict[str, Any]:
    """Return a lead's columns as plain values, with its score reasons as a list."""
    row = {column: _plain(getattr(lead, column)) for column in COLUMNS}
    row["score_reasons"] = list(lead.score_reasons)
    return row


def csv_row(lead: Lead, labels: Labels | None = None) -> dict[str, Any]:
    """Return a lead's row for people: labels for choices, safe for a spreadsheet to open."""
    row = lead_row(lead)
    row["score_reasons"] = "; ".join(row["score_reasons"])
    for column in LABELLED:
        row[column] = (labels or Labels()).answer(column, row[column])
    return {column: _defuse(value) for column, value in row.items()}


def _defuse(value: Any) -> Any:
    """Quote visitor text that a spreadsheet would otherwise run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _plain(value: object) -> object:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "value"):
        return value.value
    return value
