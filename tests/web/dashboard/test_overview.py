"""The overview page's counts, per-day charts and funnel (the charts' geometry: test_charts.py)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from consultbot.storage.models import Lead, StaffRole
from consultbot.storage.stats import build_overview
from tests.storage.factories import make_submission
from tests.storage.test_stats import activity
from tests.web.dashboard.conftest import Staff


def test_the_overview_page_draws_charts_and_the_funnel(
    client: FlaskClient, staff: Staff, db_session: Session
) -> None:
    activity(db_session, datetime.now(UTC))
    db_session.commit()
    staff.log_in_as(StaffRole.EDITOR)
    text = client.get("/dashboard/overview").get_data(as_text=True)
    assert text.count("<svg") == 7  # the funnel and six series
    assert "Funnel: Visitors who wrote 3, Started the form 2, Completed a lead 1" in text
    assert "Not counted: 1 conversation opened with no message" in text
    assert re.search(
        r'<span class="value">1</span><span class="label">Questions not understood', text
    )
    month = client.get("/dashboard/overview?days=30").get_data(as_text=True)
    assert "Funnel: Visitors who wrote 4" in month
    # An unknown period falls back to 7 days rather than failing.
    assert "Funnel: Visitors who wrote 3" in client.get("/dashboard/overview?days=-5").get_data(
        as_text=True
    )


def test_the_overview_counts_new_leads_as_the_leads_page_does_and_forms_apart(
    client: FlaskClient, staff: Staff, db_session: Session
) -> None:
    now = datetime.now(UTC)
    activity(db_session, now)
    [lead] = [
        lead for lead in db_session.scalars(sa.select(Lead)) if not lead.email.startswith("bot")
    ]
    make_submission(db_session, lead, created_at=now)  # the same person completes a second form
    db_session.commit()
    week = build_overview(db_session, 7, now)
    assert (week.totals["new_leads"], week.totals["leads_completed"]) == (1, 2)
    staff.log_in_as(StaffRole.SALES)
    text = client.get("/dashboard/overview").get_data(as_text=True)
    assert re.search(r'<span class="value">1</span><span class="label">New leads<', text)
    assert re.search(r'<span class="value">2</span><span class="label">Forms completed<', text)
    assert "Leads completed" not in text
    listed = client.get("/dashboard/leads").get_data(as_text=True)
    assert 'Leads <span class="count">1</span>' in listed
