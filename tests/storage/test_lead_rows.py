"""Leads as flat rows: JSON keeps ids, CSV shows labels and cannot run as a formula."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session

from consultbot.knowledge.schema import KnowledgeBase
from consultbot.storage.labels import Labels
from consultbot.storage.lead_rows import COLUMNS, FORMULA_STARTS, csv_row, lead_row
from consultbot.storage.models import LeadStatus
from tests.storage.factories import make_lead

CREATED = datetime(2026, 2, 3, 4, 5, 6, tzinfo=UTC)


def test_a_json_row_has_every_column_as_plain_values(db_session: Session) -> None:
    lead = make_lead(
        db_session,
        project_kind="new-build",
        status=LeadStatus.QUALIFIED,
        score=72,
        score_reasons=["big team", "soon"],
        created_at=CREATED,
        company=None,
    )
    row = lead_row(lead)
    assert list(row) == [*COLUMNS, "score_reasons"]
    assert (row["status"], row["project_kind"], row["size"], row["score"]) == (
        "qualified", "new-build", "medium", 72,
    )  # fmt: skip
    assert row["created_at"] == "2026-02-03T04:05:06+00:00"
    assert (row["company"], row["score_reasons"]) == (None, ["big team", "soon"])


def test_a_csv_row_shows_labels_and_joins_the_reasons(
    db_session: Session, kb: KnowledgeBase
) -> None:
    lead = make_lead(db_session, project_kind="new-build", score_reasons=["big team", "soon"])
    row = csv_row(lead, Labels.from_form(kb.lead_form))
    assert (row["project_kind"], row["size"]) == ("A new build", "Medium")
    assert row["score_reasons"] == "big team; soon"
    assert csv_row(lead)["project_kind"] == "new-build"  # no form: the ids as they are


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_visitor_text_a_spreadsheet_would_run_is_quoted(db_session: Session, start: str) -> None:
    lead = make_lead(
        db_session,
        name=f'{start}HYPERLINK("http://evil.example")',
        details=f"{start}1+1",
        score_reasons=[f"{start}cmd|' /C calc'!A0"],
    )
    row = csv_row(lead)
    assert row["name"] == f'\'{start}HYPERLINK("http://evil.example")'
    assert row["details"] == f"'{start}1+1"
    assert row["score_reasons"].startswith(f"'{start}")
    assert lead_row(lead)["name"].startswith(start)  # JSON is for machines: left as given


def test_ordinary_text_numbers_and_blanks_are_left_alone(db_session: Session) -> None:
    lead = make_lead(db_session, name="Ada - CTO", details=None, score=0)
    row = csv_row(lead)
    assert (row["name"], row["details"], row["score"], row["score_reasons"]) == (
        "Ada - CTO", None, 0, "",
    )  # fmt: skip
