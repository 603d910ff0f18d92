"""A person joins the chat: the visitor asks, staff claim and reply from the Live page, hand back.

Two browser contexts (own cookies and storage): the visitor's widget on the demo page, and a
sales account on the dashboard. Everything goes through the UI.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from consultbot.accounts import hash_password
from consultbot.storage.db import open_session
from tests.browser.conftest import LiveServer
from tests.browser.pages import Widget, screenshot
from tests.storage.factories import make_user

PASSWORD = "a sales password of some length"
REPLY = "Hi, I'm Ada. How many people use the app today?"
# Markup in a staff reply must show as text in the widget, never as HTML.
MARKUP = "Thanks! <b>2,000</b> a day is <img src=x onerror=alert(1)> fine for either."


def sales_page(browser: Browser, server: LiveServer) -> Page:
    """A second browser context, logged in as a sales account, on the Live page."""
    with open_session(server.app) as session:
        sales = make_user(session, password_hash=hash_password(PASSWORD))
        session.commit()
        email = sales.email
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    staff = context.new_page()
    staff.goto(f"{server.url}/dashboard/live")
    staff.get_by_label("Email").fill(email)
    staff.get_by_label("Password").fill(PASSWORD)
    staff.get_by_role("button", name="Log in").click()
    expect(staff.get_by_role("heading", name="Live chats")).to_be_visible()
    return staff


def test_a_person_joins_the_chat_replies_and_hands_back(
    page: Page, browser: Browser, live_server: LiveServer, screenshots: Path
) -> None:
    staff = sales_page(browser, live_server)
    staff.get_by_label("Your name in the chat").fill("Ada")
    staff.get_by_label("I'm available for chats").check()
    staff.get_by_role("button", name="Save").click()
    expect(staff.get_by_text("You're available")).to_be_visible()

    page.goto(f"{live_server.url}/demo")
    widget = Widget(page)
    widget.open()
    expect(widget.say("which is faster?")).to_contain_text("FastAPI wins")
    expect(widget.say("let me talk to a person")).to_contain_text(
        "bringing in one of our engineers"
    )
    expect(page.locator(".cb-live")).to_contain_text("Waiting for one of our engineers")
    widget.input.fill("We have a Django monolith with 40 models")
    widget.input.press("Enter")
    expect(widget.typing).to_be_hidden()

    # The Live page refreshes itself: the waiting visitor shows up without a reload.
    chat = staff.locator("[data-live-chat]").first
    expect(chat).to_contain_text("We have a Django monolith with 40 models", timeout=10_000)
    expect(staff.locator("[data-live-count]")).to_have_text("1")
    chat.get_by_role("button", name="Claim").click()
    expect(staff.locator("[data-live-chat]").first).to_contain_text("Held by Ada")
    staff.get_by_label("Reply to the visitor").fill(REPLY)
    staff.get_by_role("button", name="Send").click()

    staff_line = page.locator(".cb-msg-staff")
    expect(staff_line.locator(".cb-text")).to_have_text(REPLY)
    expect(staff_line.locator(".cb-author")).to_have_text("Ada")
    expect(page.locator(".cb-note")).to_have_text("Ada has joined the chat.")
    assistant_lines = widget.assistant.count()
    widget.input.fill("About two thousand a day")
    widget.input.press("Enter")
    expect(widget.typing).to_be_hidden()
    expect(staff.locator("[data-live-chat]").first).to_contain_text(
        "About two thousand a day", timeout=10_000
    )
    assert widget.assistant.count() == assistant_lines  # the assistant stayed quiet
    expect(page.locator(".cb-live")).to_have_text("You're chatting with Ada.")
    screenshot(page, screenshots, "widget-live.png")
    staff.evaluate("window.scrollTo(0, 0)")
    screenshot(staff, screenshots, "live.png")
    staff.get_by_label("Reply to the visitor").fill(MARKUP)
    staff.get_by_role("button", name="Send").click()
    expect(staff_line.last.locator(".cb-text")).to_have_text(MARKUP)
    assert page.locator(".cb-msg-staff b, .cb-msg-staff img").count() == 0

    staff.get_by_role("button", name="Hand back to the assistant").click()
    expect(widget.assistant.last).to_contain_text("You're back with the assistant")
    expect(page.locator(".cb-live")).to_be_hidden()
    expect(widget.say("how much does a migration cost")).to_contain_text("$6K–$20K")
    staff.context.close()


def test_nobody_available_offers_the_form(page: Page, live_server: LiveServer) -> None:
    page.goto(f"{live_server.url}/demo")
    widget = Widget(page)
    widget.open()
    widget.say("let me talk to a person")
    expect(widget.assistant.filter(has_text="None of our engineers is free")).to_have_count(1)
    expect(widget.assistant.last).to_contain_text("What's your name?")
