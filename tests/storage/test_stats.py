"""The overview's counts per day and its funnel, and the notification queue's health."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from sqlalchemy.orm import Session

from consultbot.storage.models import Channel, DeliveryStatus, LeadStatus, OutboxItem, Role
from consultbot.storage.stats import SERIES, OutboxHealth, build_overview, outbox_health
from tests.storage.factories import (
    make_conversation,
    make_lead,
    make_message,
    make_submission,
)


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


def test_the_first_day_starts_at_midnight_utc_and_the_day_before_is_left_out(
    db_session: Session,
) -> None:
    now = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
    make_conversation(db_session, created_at=datetime(2026, 3, 8, 0, 0, tzinfo=UTC))
    make_conversation(db_session, created_at=datetime(2026, 3, 7, 23, 59, 59, tzinfo=UTC))
    overview = build_overview(db_session, 3, now)
    assert overview.days == [date(2026, 3, 8), date(2026, 3, 9), date(2026, 3, 10)]
    assert overview.daily["conversations"] == [1, 0, 0]
    # Neither was written in: outside the funnel, counted apart.
    assert overview.funnel["visitors"] == 0 and overview.funnel["empty"] == 1


def test_days_are_counted_in_utc_whatever_the_clocks_zone(db_session: Session) -> None:
    # 01:00 on 11 March in UTC+3 is still 10 March in UTC.
    now = datetime(2026, 3, 11, 1, 0, tzinfo=timezone(timedelta(hours=3)))
    make_conversation(db_session, created_at=datetime(2026, 3, 10, 21, 0, tzinfo=UTC))
    overview = build_overview(db_session, 1, now)
    assert overview.days == [date(2026, 3, 10)]
    assert overview.totals["conversations"] == 1


def test_an_empty_period_counts_zero_in_every_series(db_session: Session) -> None:
    overview = build_overview(db_session, 2, datetime(2026, 3, 10, tzinfo=UTC))
    assert set(overview.daily) == set(SERIES)
    assert all(counts == [0, 0] for counts in overview.daily.values())
    assert overview.totals == dict.fromkeys(SERIES, 0)
    assert overview.funnel == {"visitors": 0, "started": 0, "completed": 0, "empty": 0}


def test_the_outbox_health_counts_waiting_and_failed_and_the_oldest_waiting(
    db_session: Session,
) -> None:
    lead = make_lead(db_session)
    old = datetime(2026, 1, 1, tzinfo=UTC)
    for number, (status, created) in enumerate(
        [
            (DeliveryStatus.PENDING, old + timedelta(hours=1)),
            (DeliveryStatus.PENDING, old),
            (DeliveryStatus.FAILED, old - timedelta(days=1)),
            (DeliveryStatus.SENT, old - timedelta(days=2)),
        ]
    ):
        db_session.add(
            OutboxItem(
                lead_id=lead.id,
                channel=Channel.EMAIL,
                event=f"lead.created#{number}",
                status=status,
                created_at=created,
            )
        )
    db_session.flush()
    assert outbox_health(db_session) == OutboxHealth(pending=2, failed=1, oldest_pending_at=old)


def test_an_empty_outbox_is_healthy(db_session: Session) -> None:
    assert outbox_health(db_session) == OutboxHealth(0, 0, None)
