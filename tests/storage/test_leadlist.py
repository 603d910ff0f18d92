"""The leads list: search, filters, sorts and pages, on both databases."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import Session

from consultbot.storage import leadlist
from consultbot.storage.leadlist import LeadFilter
from consultbot.storage.models import Lead, LeadStatus
from tests.storage.factories import make_lead


def add(session: Session, name: str, **overrides: object) -> Lead:
    """Add a lead with an address of its own."""
    email = f"{name.lower().replace(' ', '.')}@example.com"
    return make_lead(session, name=name, email=email, **overrides)


def names(leads: list[Lead]) -> list[str]:
    return [lead.name for lead in leads]


def listed(session: Session, **criteria: Any) -> list[str]:
    return names(list(session.scalars(leadlist.select_leads(LeadFilter(**criteria)))))


def test_search_matches_any_text_column_whatever_the_case(db_session: Session) -> None:
    add(db_session, "Ada", company="Analytical Engines Ltd")
    add(db_session, "Grace", stack="COBOL and Django")
    add(db_session, "Linus", details="kernel work")
    assert listed(db_session, search="  analytical ") == ["Ada"]
    assert listed(db_session, search="django") == ["Grace"]
    assert listed(db_session, search="GRACE@EXAMPLE") == ["Grace"]
    assert listed(db_session, search="nobody") == []


def test_like_wildcards_in_a_search_are_taken_literally(db_session: Session) -> None:
    add(db_session, "Ada", details="budget 100% fixed")
    add(db_session, "Grace", details="budget 100 dollars")
    add(db_session, "Linus", details="a_b")
    add(db_session, "Ken", details="axb")
    assert listed(db_session, search="100%") == ["Ada"]
    assert listed(db_session, search="a_b") == ["Linus"]
    assert set(listed(db_session, search="%")) == {"Ada"}


def test_spam_is_left_out_unless_asked_for(db_session: Session) -> None:
    add(db_session, "Ada")
    add(db_session, "Bot", status=LeadStatus.SPAM)
    add(db_session, "Grace", status=LeadStatus.WON)
    assert set(listed(db_session)) == {"Ada", "Grace"}
    assert set(listed(db_session, with_spam=True)) == {"Ada", "Bot", "Grace"}
    assert listed(db_session, status=LeadStatus.SPAM) == ["Bot"]
    assert listed(db_session, status=LeadStatus.WON) == ["Grace"]
    assert listed(db_session, status=LeadStatus.LOST) == []


def test_size_score_and_days_filter_inclusively(db_session: Session) -> None:
    add(
        db_session, "Ada", size="small", score=20, created_at=datetime(2026, 1, 1, 0, 0, tzinfo=UTC)
    )
    add(
        db_session,
        "Grace",
        size="large",
        score=80,
        created_at=datetime(2026, 1, 2, 23, 59, tzinfo=UTC),
    )
    add(
        db_session,
        "Linus",
        size="large",
        score=50,
        created_at=datetime(2026, 1, 3, 0, 0, tzinfo=UTC),
    )
    assert set(listed(db_session, size="large")) == {"Grace", "Linus"}
    assert set(listed(db_session, score_min=50)) == {"Grace", "Linus"}
    assert set(listed(db_session, score_max=50)) == {"Ada", "Linus"}
    assert set(listed(db_session, created_from=date(2026, 1, 1), created_to=date(2026, 1, 2))) == {
        "Ada",
        "Grace",
    }
    assert listed(db_session, created_from=date(2026, 1, 3)) == ["Linus"]
    assert listed(db_session, created_to=date(2025, 12, 31)) == []


def test_each_sort_orders_the_list_and_an_unknown_one_means_newest(db_session: Session) -> None:
    add(
        db_session,
        "Bea",
        score=10,
        status=LeadStatus.WON,
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    add(
        db_session,
        "Cy",
        score=90,
        status=LeadStatus.CONTACTED,
        created_at=datetime(2026, 1, 2, tzinfo=UTC),
    )
    add(
        db_session,
        "Al",
        score=50,
        status=LeadStatus.NEW,
        created_at=datetime(2026, 1, 3, tzinfo=UTC),
    )
    assert listed(db_session, sort="newest") == ["Al", "Cy", "Bea"]
    assert listed(db_session, sort="oldest") == ["Bea", "Cy", "Al"]
    assert listed(db_session, sort="score") == ["Cy", "Al", "Bea"]
    assert listed(db_session, sort="name") == ["Al", "Bea", "Cy"]
    assert listed(db_session, sort="status") == ["Cy", "Al", "Bea"]
    assert listed(db_session, sort="'; DROP TABLE leads; --") == ["Al", "Cy", "Bea"]


def test_pages_are_clamped_to_the_first_and_last(db_session: Session) -> None:
    for n in range(5):
        add(db_session, f"Lead {n}", created_at=datetime(2026, 1, 1 + n, tzinfo=UTC))
    first = leadlist.page_of_leads(db_session, LeadFilter(), page=1, per_page=2)
    assert (names(first.leads), first.total, first.page, first.pages) == (
        ["Lead 4", "Lead 3"],
        5,
        1,
        3,
    )
    last = leadlist.page_of_leads(db_session, LeadFilter(), page=99, per_page=2)
    assert (names(last.leads), last.page) == (["Lead 0"], 3)
    before = leadlist.page_of_leads(db_session, LeadFilter(), page=-4, per_page=2)
    assert before.page == 1 and names(before.leads) == ["Lead 4", "Lead 3"]


def test_an_empty_list_still_has_one_page(db_session: Session) -> None:
    page = leadlist.page_of_leads(db_session, LeadFilter(search="nobody"), page=3)
    assert (page.leads, page.total, page.page, page.pages) == ([], 0, 1, 1)


def test_iterating_gives_every_lead_of_the_filter_in_order(db_session: Session) -> None:
    for n in range(3):
        add(db_session, f"Lead {n}", created_at=datetime(2026, 1, 1 + n, tzinfo=UTC))
    add(db_session, "Bot", status=LeadStatus.SPAM)
    assert names(list(leadlist.iterate_leads(db_session, LeadFilter(sort="oldest")))) == [
        "Lead 0",
        "Lead 1",
        "Lead 2",
    ]


def test_known_sizes_leave_out_missing_and_empty_ones(db_session: Session) -> None:
    add(db_session, "Ada", size="small")
    add(db_session, "Grace", size="small")
    add(db_session, "Linus", size=None)
    add(db_session, "Ken", size="")
    assert leadlist.known_sizes(db_session) == ["small"]


def test_all_leads_and_leads_by_id(db_session: Session) -> None:
    ada = add(db_session, "Ada", created_at=datetime(2026, 1, 1, tzinfo=UTC))
    bot = add(
        db_session, "Bot", status=LeadStatus.SPAM, created_at=datetime(2026, 1, 2, tzinfo=UTC)
    )
    grace = add(db_session, "Grace", created_at=datetime(2026, 1, 3, tzinfo=UTC))
    assert leadlist.all_leads(db_session) == [grace, bot, ada]
    assert leadlist.leads_by_id(db_session, [grace.id, ada.id]) == [ada, grace]
    assert leadlist.leads_by_id(db_session, [grace.id + 1000]) == []
    assert leadlist.leads_by_id(db_session, []) == []
