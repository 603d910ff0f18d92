"""The overview's counts, per-day charts and funnel."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from consultbot.storage.models import Lead, LeadStatus, Role, StaffRole
from consultbot.storage.stats import build_overview
from consultbot.web.dashboard.charts import bar_chart, funnel
from tests.storage.factories import (
    make_conversation,
    make_lead,
    make_message,
    make_submission,
)
from tests.web.dashboard.conftest import Staff


def activity(db_session: Session, now: datetime) -> None:
    """Four conversations this week (one old one), answers, a fallback, one lead and one spam."""
    old = make_conversation(db_session, created_at=now - timedelta(days=20))
    make_message(db_session, old, intent="faq/pricing", created_at=now - timedelta(days=20))
    asked = make_conversation(db_session, created_at=now - timedelta(days=2))
    make_message(db_session, asked, intent="faq/pricing", created_at=now - timedelta(days=2))
    make_message(db_session, asked, fallback=True, created_at=now - timedelta(days=2))
    converted = make_conversation(db_session, created_at=now, lead_started_at=now)
    make_message(db_session, converted, intent="consultation", created_at=now)
    make_message(db_session, converted, role=Role.ASSISTANT, client_message_id=None, created_at=now)
    lead = make_lead(db_session, conversation_id=converted.id, created_at=now)
    make_submission(db_session, lead, created_at=now)
    make_conversation(db_session, created_at=now)  # opened, never asked
    # A bot's form: a conversation that asked, started and finished in no time, marked as spam.
    bot = make_conversation(db_session, created_at=now, lead_started_at=now)
    make_message(db_session, bot, intent="consultation", created_at=now)
    spam = make_lead(db_session, email="bot@spam.test", conversation_id=bot.id, created_at=now,
                     status=LeadStatus.SPAM, is_spam=True)  # fmt: skip
    make_submission(db_session, spam, created_at=now, is_spam=True)


def test_the_overview_counts_the_period_per_day(db_session: Session) -> None:
    now = datetime.now(UTC)
    activity(db_session, now)
    week = build_overview(db_session, 7, now)
    assert len(week.days) == 7 and week.days[-1] == now.date()
    assert week.totals == {
        "conversations": 4,
        "answered": 3,
        "fallbacks": 1,
        "leads_started": 2,
        "new_leads": 1,  # the spam lead is not counted
        "leads_completed": 1,  # the spam submission is not counted
    }
    assert week.daily["answered"][-1] == 2 and week.daily["answered"][-3] == 1
    # The funnel starts at the visitors who wrote; the conversation never written in is apart.
    assert week.funnel == {"visitors": 3, "started": 2, "completed": 1, "empty": 1}
    month = build_overview(db_session, 30, now)
    assert month.totals["conversations"] == 5 and month.funnel["visitors"] == 4


def test_conversations_opened_with_no_message_leave_the_funnel_alone(
    db_session: Session,
) -> None:
    now = datetime.now(UTC)
    activity(db_session, now)
    before = build_overview(db_session, 7, now).funnel
    for _ in range(30):  # a script opening conversations and never writing
        make_conversation(db_session, created_at=now)
    after = build_overview(db_session, 7, now)
    assert after.totals["conversations"] == 4 + 30  # still opened, so still in the activity
    assert after.funnel == {**before, "empty": 1 + 30}


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


def test_bars_scale_to_a_round_top_and_an_empty_period_draws_flat() -> None:
    days = [date(2026, 11, 1) + timedelta(days=offset) for offset in range(7)]
    chart = bar_chart(days, [0, 3, 7, 0, 0, 1, 0])
    assert chart.top == 10
    tallest = max(chart.bars, key=lambda bar: bar.height)
    assert tallest.value == 7 and tallest.y + tallest.height == chart.plot_bottom
    empty = bar_chart(days, [0] * 7)
    assert empty.top == 1 and all(bar.height == 0 for bar in empty.bars)


def test_the_funnel_shows_each_stage_as_a_share_of_the_first() -> None:
    stages = funnel([("a", 10), ("b", 5), ("c", 0)])
    assert [stage.share for stage in stages] == [1.0, 0.5, 0.0]
    assert stages[1].width == stages[0].width / 2
    assert [stage.share for stage in funnel([("a", 0), ("b", 0)])] == [0.0, 0.0]


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
