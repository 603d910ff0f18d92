"""From a visitor's questions to a lead that sales works on, in a real browser, end to end."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import sqlalchemy as sa
from playwright.sync_api import Page, expect

from consultbot.accounts import hash_password
from consultbot.storage.db import get_engine, open_session
from consultbot.storage.models import Lead, LeadNote, LeadStatus, StaffRole
from tests.browser.conftest import LiveServer
from tests.browser.pages import Widget
from tests.storage.factories import make_user

PASSWORD = "a sales password of some length"
NAME = "Grace <b>Hopper</b>"
ANSWERS = [NAME, "grace@navy.example", "US Navy", "a new build", "FastAPI", "large",
           "next quarter", "$150k", "An API for the fleet", "yes"]  # fmt: skip


def test_a_visitor_becomes_a_lead_that_sales_works_on(
    page: Page, live_server: LiveServer, screenshots: Path
) -> None:
    with open_session(live_server.app) as session:
        sales = make_user(session, role=StaffRole.SALES, password_hash=hash_password(PASSWORD))
        session.commit()
        sales_email = sales.email

    # The visitor asks two questions, then asks for a consultation and fills the form in.
    page.goto(f"{live_server.url}/demo")
    widget = Widget(page)
    widget.open()
    expect(widget.say("wich is fatser, django or fastapi?")).to_contain_text("FastAPI wins")
    expect(widget.say("what does a medium migration cost")).to_contain_text("$30K")
    expect(widget.say("we need a quote for our project")).to_contain_text("What's your name?")
    for answer in ANSWERS:
        reply = widget.say(answer)
    expect(reply).to_contain_text("One of our engineers will be in touch")
    before = widget.texts()
    page.reload()
    expect(widget.panel).to_be_visible()
    expect(widget.assistant.last).to_contain_text("One of our engineers will be in touch")
    assert widget.texts() == before

    # A week later she asks again, with a bigger plan: a second submission, nothing overwritten.
    expect(widget.say("can we get a quote for a second project?")).to_contain_text("name")
    for answer in [*ANSWERS[:5], "a large multi-tenant platform", "asap", *ANSWERS[7:]]:
        reply = widget.say(answer)
    expect(reply).to_contain_text("One of our engineers will be in touch")

    # Sales logs in, finds the lead, moves it on, writes a note and exports the list.
    page.goto(f"{live_server.url}/dashboard/leads")
    page.get_by_label("Email").fill(sales_email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Leads")).to_be_visible()
    page.get_by_label("Search").fill("grace@navy")
    page.get_by_role("button", name="Apply").click()
    page.get_by_role("link", name=NAME).click()  # the markup is shown as text
    expect(page.get_by_role("heading", level=1)).to_contain_text(NAME)
    expect(page.locator("h1 .status")).to_have_text("new")  # a person: not marked as spam
    expect(page.locator(".transcript").first).to_contain_text("wich is fatser, django or fastapi?")
    expect(page.locator("details.submission")).to_have_count(2)
    expect(page.locator("h2 .score")).to_contain_text("/100")
    expect(page.locator(".changes")).to_contain_text("Timeline")
    page.get_by_label("Status").select_option("contacted")
    page.get_by_role("button", name="Change status").click()
    expect(page.get_by_role("status").first).to_have_text("Status changed to contacted.")
    page.get_by_label("Add a note").fill("Called; wants a proposal by Friday. <i>Keen</i>.")
    page.get_by_role("button", name="Save note").click()
    expect(page.locator(".note .text").first).to_have_text(
        "Called; wants a proposal by Friday. <i>Keen</i>."
    )
    page.set_viewport_size({"width": 1280, "height": 1100})
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(screenshots / "lead.png"))

    page.get_by_role("link", name="All leads").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Export CSV").click()
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text())))
    assert [(row["email"], row["status"], row["size"]) for row in rows] == [
        ("grace@navy.example", "contacted", "Large")  # labels for people, not ids
    ]

    with get_engine(live_server.app).connect() as connection:
        lead = connection.execute(sa.select(Lead)).one()
        notes = connection.scalars(sa.select(LeadNote.body)).all()
    assert lead.status == LeadStatus.CONTACTED and lead.name == NAME
    assert notes == ["Called; wants a proposal by Friday. <i>Keen</i>."]

    page.get_by_role("link", name="Overview").click()
    expect(page.locator(".total").first).to_contain_text("1")
    page.screenshot(path=str(screenshots / "overview.png"), full_page=True)
