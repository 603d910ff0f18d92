"""The embedded widget in a real browser, used the way a visitor would use it."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from playwright.sync_api import Dialog, Locator, Page, Route, expect
from werkzeug.serving import make_server

from consultbot.storage import db
from consultbot.storage.models import Lead, Message, Role
from tests.browser.conftest import LiveServer
from tests.browser.pages import LEAD_ANSWERS, Widget, screenshot

MARKUP = "<img src=x onerror=alert(1)><script>alert(2)</script>"
UNREACHABLE = "We can't reach the assistant right now. Your message was not lost; press Retry."
MESSAGES_API = "**/api/v1/conversations/*/messages"


def count_rows(app: Flask, statement: Any) -> int:
    """Run a count against the live server's database."""
    with db.get_engine(app).connect() as connection:
        return int(connection.execute(statement).scalar_one())


def tab_to(page: Page, target: Locator, limit: int = 20) -> None:
    """Press Tab until the target has focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("node => node.getRootNode().activeElement === node"):
            return
    pytest.fail("Tab never reached the chat launcher")


def message_id_of(route: Route) -> str:
    """The client_message_id of the message a route intercepted."""
    body = route.request.post_data_json
    assert body is not None
    return str(body["client_message_id"])


def test_a_keyboard_user_opens_the_widget_and_gets_answers(
    page: Page, live_server: LiveServer, screenshots: Path
) -> None:
    page.goto(f"{live_server.url}/demo")
    widget = Widget(page)
    tab_to(page, widget.launcher)
    page.keyboard.press("Enter")
    expect(widget.panel).to_be_visible()
    expect(widget.panel).to_have_attribute("aria-label", "Ask our engineers")
    expect(widget.launcher).to_have_attribute("aria-expanded", "true")
    expect(widget.log).to_have_attribute("aria-live", "polite")
    expect(widget.input).to_be_focused()
    expect(widget.assistant.first).to_contain_text("Hi! I can help")

    expect(widget.say("which is faster?")).to_contain_text("FastAPI wins")
    expect(widget.say("how much does a migration cost")).to_contain_text("$6K–$20K")
    widget.quick_replies.filter(has_text="Medium").click()
    expect(widget.visitor.last).to_have_text("Medium")
    expect(widget.assistant.last).to_contain_text("$30K–$110K")
    expect(widget.input).to_be_focused()
    screenshot(page, screenshots, "widget.png")

    page.keyboard.press("Escape")
    expect(widget.panel).to_be_hidden()
    expect(widget.launcher).to_be_focused()
    expect(widget.launcher).to_have_attribute("aria-expanded", "false")


def test_the_host_pages_css_does_not_reach_the_widget(page: Page, live_server: LiveServer) -> None:
    problems: list[str] = []
    page.on(
        "console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"{live_server.url}/demo")
    widget = Widget(page)
    widget.open()
    expect(widget.say("which is faster?")).to_contain_text("FastAPI wins")
    host_button = page.locator("button.cta")
    send = page.get_by_role("button", name="Send")
    assert host_button.evaluate("b => getComputedStyle(b).textTransform") == "uppercase"
    assert send.evaluate("b => getComputedStyle(b).textTransform") == "none"
    assert send.evaluate("b => getComputedStyle(b).fontSize") != "22px"
    assert widget.log.evaluate("d => getComputedStyle(d).borderTopStyle") == "none"
    # The page's strict Content-Security-Policy let the widget run and style itself.
    assert problems == []


def test_a_quick_reply_starts_the_lead_form_and_the_lead_is_stored(
    page: Page, live_server: LiveServer
) -> None:
    page.goto(f"{live_server.url}/compare/django-vs-fastapi")
    widget = Widget(page)
    widget.open()
    widget.quick_replies.filter(has_text="Talk to an expert").click()
    expect(widget.assistant.last).to_have_text("What's your name?")
    for answer in LEAD_ANSWERS[:-1]:
        widget.say(answer)
    # The consent question links the privacy policy; the link opens in a new tab.
    link = widget.assistant.last.get_by_role("link", name="https://www.example.com/privacy")
    expect(link).to_have_attribute("href", "https://www.example.com/privacy")
    expect(link).to_have_attribute("rel", "noopener noreferrer")
    reply = widget.say(LEAD_ANSWERS[-1])
    expect(reply).to_contain_text("One of our engineers will be in touch")
    with db.get_engine(live_server.app).connect() as connection:
        lead = connection.execute(sa.select(Lead)).one()
    assert lead.email == "ada@example.com" and lead.size == "medium"
    assert lead.page_url == "/compare/django-vs-fastapi"


def test_only_answers_carry_thumbs_not_the_forms_questions(
    page: Page, live_server: LiveServer
) -> None:
    page.goto(f"{live_server.url}/compare/django-vs-fastapi")
    widget = Widget(page)
    widget.open()
    widget.say("which is faster?")
    expect(page.locator(".cb-thumb")).to_have_count(2)  # the answer is rated
    widget.say("talk to an expert")
    widget.say("Ada Lovelace")
    expect(widget.say("ada@example.com")).to_contain_text("Which company are you with?")
    expect(page.locator(".cb-thumb")).to_have_count(2)  # the form's questions are not
    page.reload()  # nor are they once the transcript is shown again
    expect(widget.assistant.last).to_contain_text("Which company are you with?")
    expect(page.locator(".cb-thumb")).to_have_count(2)


def test_a_reload_or_another_page_resumes_the_conversation(
    page: Page, live_server: LiveServer
) -> None:
    page.goto(f"{live_server.url}/demo")
    widget = Widget(page)
    widget.open()
    widget.say("which is faster?")
    widget.say("and for async?")
    before = widget.texts()
    replies = widget.assistant.count()
    conversation_id = widget.stored()["conversation_id"]
    assert conversation_id

    page.reload()
    expect(widget.panel).to_be_visible()
    expect(widget.assistant).to_have_count(replies)
    assert widget.texts() == before
    assert widget.stored()["conversation_id"] == conversation_id

    page.goto(f"{live_server.url}/compare/django-vs-fastapi")
    expect(widget.visitor).to_have_text(["which is faster?", "and for async?"])
    expect(widget.say("what about flask?")).to_contain_text("Flask")
    assert widget.stored()["conversation_id"] == conversation_id


def test_a_forgotten_conversation_starts_afresh(page: Page, live_server: LiveServer) -> None:
    page.goto(f"{live_server.url}/demo")
    page.evaluate(
        "origin => localStorage.setItem('consultbot:' + origin, JSON.stringify("
        "{conversation_id: 'gone', token: 'nope', open: true}))",
        live_server.url,
    )
    page.reload()
    widget = Widget(page)
    expect(widget.assistant.first).to_contain_text("Hi! I can help")
    expect(widget.error).to_be_hidden()
    assert widget.stored()["conversation_id"] not in (None, "gone")


def test_markup_in_a_message_is_shown_as_plain_text(page: Page, live_server: LiveServer) -> None:
    dialogs: list[str] = []

    def refuse(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", refuse)
    page.goto(f"{live_server.url}/demo")
    widget = Widget(page)
    widget.open()
    widget.say(MARKUP)
    expect(widget.visitor.last).to_have_text(MARKUP)
    expect(page.locator(".cb-log img, .cb-log script")).to_have_count(0)
    page.reload()
    expect(widget.visitor.last).to_have_text(MARKUP)
    expect(page.locator(".cb-log img, .cb-log script")).to_have_count(0)
    assert dialogs == []


def test_failed_sends_are_retried_with_the_same_message_id(
    page: Page, live_server: LiveServer
) -> None:
    page.goto(f"{live_server.url}/demo")
    widget = Widget(page)
    widget.open()
    seen: list[str] = []

    def unavailable_twice(route: Route) -> None:
        seen.append(message_id_of(route))
        if len(seen) <= 2:
            route.fulfill(status=503, json={"error": {"code": "unavailable", "message": "busy"}})
        else:
            route.continue_()

    page.route(MESSAGES_API, unavailable_twice)
    expect(widget.say("which is faster?")).to_contain_text("FastAPI wins")
    expect(widget.error).to_be_hidden()
    assert len(seen) == 3 and len(set(seen)) == 1
    page.unroute(MESSAGES_API)

    def unreachable(route: Route) -> None:
        seen.append(message_id_of(route))
        route.abort("connectionrefused")

    seen.clear()
    page.route(MESSAGES_API, unreachable)
    widget.input.fill("how much does a migration cost")
    widget.input.press("Enter")
    expect(widget.error).to_have_text(UNREACHABLE)
    expect(widget.retry).to_be_visible()
    assert len(seen) == 4
    page.unroute(MESSAGES_API)
    widget.retry.click()
    expect(widget.error).to_be_hidden()
    expect(widget.assistant.last).to_contain_text("$6K–$20K")
    expect(widget.visitor).to_have_text(["which is faster?", "how much does a migration cost"])

    rows = sa.select(Message.client_message_id).where(
        Message.role == Role.VISITOR, Message.text == "how much does a migration cost"
    )
    with db.get_engine(live_server.app).connect() as connection:
        stored = connection.scalars(rows).all()
    assert stored == [seen[0]] and len(set(seen)) == 1


def test_an_api_error_message_is_shown_to_the_visitor(page: Page, live_server: LiveServer) -> None:
    page.goto(f"{live_server.url}/demo")
    widget = Widget(page)
    widget.open()
    page.route(
        MESSAGES_API,
        lambda route: route.fulfill(
            status=413, json={"error": {"code": "too_large", "message": "That is too long."}}
        ),
    )
    widget.input.fill("hello")
    widget.input.press("Enter")
    expect(widget.error).to_have_text("That is too long.")
    expect(widget.retry).to_be_hidden()


def test_the_panel_fills_a_phone_screen(
    page: Page, live_server: LiveServer, screenshots: Path
) -> None:
    page.set_viewport_size({"width": 375, "height": 667})
    page.goto(f"{live_server.url}/demo")
    widget = Widget(page)
    widget.open()
    expect(widget.say("which is faster?")).to_contain_text("FastAPI wins")
    box = widget.panel.bounding_box()
    assert box == {"x": 0, "y": 0, "width": 375, "height": 667}
    expect(widget.input).to_be_in_viewport()
    screenshot(page, screenshots, "widget-phone.png")


@contextmanager
def serve(wsgi_app: Callable[..., Any]) -> Iterator[str]:
    """Serve a WSGI app on a free local port; yield its origin."""
    http = make_server("127.0.0.1", 0, wsgi_app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{http.server_port}"
    finally:
        http.shutdown()
        http.server_close()
        thread.join(timeout=5)


@contextmanager
def host_site(service: dict[str, str]) -> Iterator[str]:
    """Serve another site whose page embeds the widget from the service named in `service`."""

    def page(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        body = (
            "<!doctype html><html><head><title>Another site</title></head><body>"
            "<h1>A customer's site</h1>"
            f'<script src="{service["url"]}/widget.js" data-title="Chat with Acme" '
            'data-color="#047857" data-position="bottom-left" async></script></body></html>'
        ).encode()
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [body]

    with serve(page) as origin:
        yield origin


@pytest.mark.parametrize("allowed", [True, False], ids=["allowed", "not-allowed"])
def test_a_page_on_another_site(
    page: Page, make_app: Callable[..., Flask], migrated_database_url: str, allowed: bool
) -> None:
    service: dict[str, str] = {}
    with host_site(service) as origin:
        app = make_app(
            DATABASE_URL=migrated_database_url,
            TESTING=False,
            ALLOWED_ORIGINS=origin if allowed else "https://www.example.com",
        )
        with serve(app) as service_url:
            service["url"] = service_url
            page.goto(f"{origin}/")
            widget = Widget(page)
            widget.launcher.click()
            expect(widget.panel).to_have_attribute("aria-label", "Chat with Acme")
            if allowed:
                expect(widget.assistant.first).to_contain_text("Hi! I can help")
                expect(widget.say("which is faster?")).to_contain_text("FastAPI wins")
                box = widget.launcher.bounding_box()
                assert box is not None and box["x"] < 100
                background = widget.launcher.evaluate("b => getComputedStyle(b).backgroundColor")
                assert background == "rgb(4, 120, 87)"
            else:
                expect(widget.error).to_have_text(re.compile("can't reach the assistant"))
                expect(widget.retry).to_be_visible()
                expect(widget.assistant).to_have_count(0)
