"""The widget as a test sees it, shared by the browser tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, Page, expect

from tests.web.test_api import LEAD

# The lead form's answers, after the message that starts it.
LEAD_ANSWERS = LEAD[1:]


class Widget:
    """The widget's parts on a page (Playwright's locators pierce its open shadow root)."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.launcher = page.get_by_role("button", name="Open chat")
        self.panel = page.get_by_role("dialog")
        self.input = page.get_by_role("textbox", name="Your message")
        self.log = page.locator(".cb-log")
        self.visitor = page.locator(".cb-msg-visitor .cb-text")
        self.assistant = page.locator(".cb-msg-assistant .cb-text")
        self.quick_replies = page.locator(".cb-quick-reply")
        self.typing = page.locator(".cb-typing")
        self.error = page.locator(".cb-error-text")
        self.retry = page.get_by_role("button", name="Retry")

    def open(self) -> None:
        """Open the panel with the mouse and wait for the greeting."""
        self.launcher.click()
        expect(self.assistant.first).to_contain_text("Hi! I can help")

    def say(self, text: str) -> Locator:
        """Send a message and return the last assistant message once the answer is in."""
        self.input.fill(text)
        self.input.press("Enter")
        expect(self.visitor.last).to_have_text(text)
        expect(self.typing).to_be_hidden()
        return self.assistant.last

    def texts(self) -> list[str]:
        """Every message in the log, in order."""
        return self.page.locator(".cb-msg .cb-text").all_text_contents()

    def stored(self) -> dict[str, Any]:
        """What the widget keeps in localStorage for this service."""
        stored: dict[str, Any] = self.page.evaluate(
            "() => { const key = Object.keys(localStorage).find(k => k.startsWith('consultbot:'));"
            " return key ? JSON.parse(localStorage.getItem(key)) : {}; }"
        )
        return stored


def screenshot(page: Page, folder: Path, name: str) -> None:
    """Write a screenshot of the page's viewport to ``folder/name``."""
    page.screenshot(path=str(folder / name))
