"""Page buttons and page script open the chat; answers show links and bold, never HTML."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from consultbot.resources import example_knowledge_dir
from tests.browser.conftest import LiveServer
from tests.browser.pages import Widget, screenshot
from tests.browser.test_widget import serve

DEMO_MESSAGE = "I'd like to book a call with an engineer"
HANDOFF = "Great, let's get you a free consultation"
BOOKING = "https://cal.example.com/consultancy"
EXTRA_FAQ = """
intents:
  - id: reading-list
    examples: [send me your reading list, reading list please, what should I read]
    answer: |
      Start with [the FastAPI tutorial](https://fastapi.tiangolo.com/tutorial/) and **keep notes**:
      - the async chapters
      - the testing chapter
  - id: markup-sample
    examples: [show me the html sample, html sample please]
    answer: >-
      <img src=x onerror="document.title='pwned'"><b>not bold</b>
      <script>document.title='pwned'</script>
"""


@pytest.fixture
def marked_server(
    make_app: Callable[..., Flask], migrated_database_url: str, tmp_path: Path
) -> Iterator[LiveServer]:
    """The service with marked-up answers and a booking address, served over HTTP."""
    folder = tmp_path / "knowledge"
    shutil.copytree(example_knowledge_dir(), folder)
    (folder / "markup_demo.yaml").write_text(textwrap.dedent(EXTRA_FAQ), encoding="utf-8")
    site = folder / "site.yaml"
    site.write_text(
        site.read_text(encoding="utf-8") + f"  booking_url: {BOOKING}\n", encoding="utf-8"
    )
    app = make_app(DATABASE_URL=migrated_database_url, TESTING=False, KNOWLEDGE_DIR=folder)
    with serve(app) as url:
        yield LiveServer(app, url)


def test_the_demo_pages_book_a_call_button_opens_the_chat_and_sends_its_message(
    page: Page, live_server: LiveServer
) -> None:
    page.goto(f"{live_server.url}/demo")
    widget = Widget(page)
    expect(widget.panel).to_be_hidden()

    # A double click, as visitors often do on buttons, sends the message once.
    page.get_by_role("button", name="Book a call").dblclick()

    expect(widget.panel).to_be_visible()
    expect(widget.assistant.first).to_contain_text("Hi! I can help")
    expect(widget.visitor.first).to_have_text(DEMO_MESSAGE)
    # A call asked for: the form, saying it is how the engineer will call (no live chat).
    expect(widget.assistant.nth(1)).to_contain_text("so an engineer can call you")
    expect(widget.assistant.nth(1)).to_contain_text(HANDOFF)
    expect(widget.assistant.nth(2)).to_contain_text("What's your name?")
    expect(widget.input).to_be_focused()
    texts = widget.texts()
    assert texts[0].startswith("Hi! I can help") and texts[1:2] == [DEMO_MESSAGE]
    expect(widget.visitor).to_have_count(1)

    # Pressed again with the chat open: the message goes once more, after the answer.
    page.get_by_role("button", name="Book a call").click()
    expect(widget.visitor).to_have_count(2)


def test_a_page_button_works_from_the_keyboard_and_when_added_later(
    page: Page, live_server: LiveServer
) -> None:
    page.goto(f"{live_server.url}/demo")
    widget = Widget(page)
    expect(widget.launcher).to_be_visible()
    page.evaluate(
        """() => {
            const link = document.createElement("a");
            link.href = "#contact";
            link.textContent = "Ask about speed";
            link.setAttribute("data-consultbot-open", "which is faster?");
            document.querySelector("article").append(link);
        }"""
    )
    page.get_by_role("link", name="Ask about speed").focus()

    page.keyboard.press("Enter")

    expect(widget.panel).to_be_visible()
    expect(widget.visitor.first).to_have_text("which is faster?")
    expect(widget.assistant.last).to_contain_text("FastAPI wins")
    assert not page.url.endswith("#contact")  # the link's own navigation was replaced


def test_an_empty_attribute_only_opens_the_chat(page: Page, live_server: LiveServer) -> None:
    page.goto(f"{live_server.url}/demo")
    widget = Widget(page)
    expect(widget.launcher).to_be_visible()
    page.evaluate(
        """() => {
            const button = document.createElement("button");
            button.textContent = "Chat with us";
            button.setAttribute("data-consultbot-open", "");
            document.querySelector("article").append(button);
        }"""
    )

    page.get_by_role("button", name="Chat with us").click()

    expect(widget.assistant.first).to_contain_text("Hi! I can help")
    expect(widget.visitor).to_have_count(0)


def test_page_script_opens_the_chat_with_a_message_and_closes_it(
    page: Page, live_server: LiveServer
) -> None:
    page.goto(f"{live_server.url}/demo")
    widget = Widget(page)
    expect(widget.launcher).to_be_visible()

    page.evaluate("() => window.Consultbot.open({ message: 'which is faster?' })")

    expect(widget.visitor.first).to_have_text("which is faster?")
    expect(widget.assistant.last).to_contain_text("FastAPI wins")
    page.evaluate("() => window.Consultbot.close()")
    expect(widget.panel).to_be_hidden()
    page.evaluate("() => window.Consultbot.open()")
    expect(widget.panel).to_be_visible()
    expect(widget.visitor).to_have_count(1)


def test_calls_queued_before_the_script_loads_run_once_it_has(
    page: Page, live_server: LiveServer
) -> None:
    page.add_init_script(
        "window.Consultbot = window.Consultbot || [];"
        "window.Consultbot.push(['open', { message: 'which is faster?' }]);"
    )
    page.goto(f"{live_server.url}/demo")
    widget = Widget(page)

    expect(widget.assistant.first).to_contain_text("Hi! I can help")
    expect(widget.visitor.first).to_have_text("which is faster?")
    expect(widget.assistant.last).to_contain_text("FastAPI wins")
    assert page.evaluate("() => typeof window.Consultbot.open") == "function"


def test_a_link_in_an_answer_is_an_anchor_opening_a_new_tab(
    page: Page, marked_server: LiveServer, screenshots: Path
) -> None:
    page.goto(f"{marked_server.url}/demo")
    widget = Widget(page)
    widget.open()

    answer = widget.say("send me your reading list")

    link = answer.get_by_role("link", name="the FastAPI tutorial")
    expect(link).to_have_attribute("href", "https://fastapi.tiangolo.com/tutorial/")
    expect(link).to_have_attribute("target", "_blank")
    expect(link).to_have_attribute("rel", "noopener noreferrer")
    expect(answer.locator("strong")).to_have_text("keep notes")
    expect(answer.locator("li")).to_have_text(["the async chapters", "the testing chapter"])
    screenshot(page, screenshots, "widget-markup.png")


def test_asking_for_a_person_shows_a_book_a_call_button_to_the_booking_page(
    page: Page, marked_server: LiveServer, screenshots: Path
) -> None:
    page.goto(f"{marked_server.url}/demo")
    widget = Widget(page)
    widget.open()

    widget.say("can I talk to a person?")

    booking = page.locator(".cb-msg-assistant").get_by_role("link", name="Book a call")
    expect(booking).to_have_attribute("href", BOOKING)
    expect(booking).to_have_attribute("target", "_blank")
    expect(booking).to_have_attribute("rel", "noopener noreferrer")
    # Quick replies still send text: the form's first question offers its choices.
    expect(widget.quick_replies.last).to_have_text("Cancel")
    booking.scroll_into_view_if_needed()
    screenshot(page, screenshots, "widget-booking.png")


def test_an_answer_that_looks_like_html_is_shown_as_text(
    page: Page, marked_server: LiveServer
) -> None:
    page.goto(f"{marked_server.url}/demo")
    widget = Widget(page)
    widget.open()
    title = page.title()

    answer = widget.say("show me the html sample")

    expect(answer).to_contain_text("<img src=x onerror=")
    expect(answer).to_contain_text("<script>document.title='pwned'</script>")
    expect(answer.locator("img, script, b")).to_have_count(0)
    assert page.title() == title
