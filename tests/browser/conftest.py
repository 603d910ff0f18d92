"""A real browser against the service served over HTTP.

Debian's Chromium (``/usr/bin/chromium``, or ``CONSULTBOT_CHROMIUM``) is driven headless by
Playwright; no browser is ever downloaded. Without Chromium the browser tests are skipped with
a line saying so, or fail when ``CONSULTBOT_REQUIRE_BROWSER=1`` (CI sets it).

Screenshots go to a temporary folder, so a test run changes no committed file; ``make
screenshots`` points ``CONSULTBOT_SCREENSHOT_DIR`` at ``docs/`` to refresh the README's.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, sync_playwright
from werkzeug.serving import make_server

REQUIRE_BROWSER_ENV = "CONSULTBOT_REQUIRE_BROWSER"
CHROMIUM_ENV = "CONSULTBOT_CHROMIUM"
SCREENSHOT_DIR_ENV = "CONSULTBOT_SCREENSHOT_DIR"
# Flags the closed network here needs: no background calls home, no GPU, no QUIC.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
_browser_skipped: list[str] = []


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say plainly when the browser tests did not run."""
    if _browser_skipped:
        terminalreporter.write_sep(
            "=", f"browser tests SKIPPED: {_browser_skipped[0]}", yellow=True, bold=True
        )


def chromium_path() -> str:
    """Return the system Chromium, or skip (fail in CI) when there is none."""
    path = os.environ.get(CHROMIUM_ENV) or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        reason = f"no Chromium at {path}; install Debian's 'chromium' (apt-get install chromium)"
        if os.environ.get(REQUIRE_BROWSER_ENV) == "1":
            pytest.fail(f"{REQUIRE_BROWSER_ENV}=1 but {reason}", pytrace=False)
        if not _browser_skipped:
            _browser_skipped.append(reason)
        pytest.skip(f"browser tests skipped: {reason}")
    return path


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder screenshots go to: CONSULTBOT_SCREENSHOT_DIR, or a temporary one."""
    named = os.environ.get(SCREENSHOT_DIR_ENV)
    if not named:
        return tmp_path_factory.mktemp("screenshots")
    folder = Path(named)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the run."""
    executable = chromium_path()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser context (own storage and cookies) and page, closed after the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@dataclass(frozen=True)
class LiveServer:
    """The app and the address it is served on."""

    app: Flask
    url: str


@pytest.fixture
def live_server(make_app: Callable[..., Flask], migrated_database_url: str) -> Iterator[LiveServer]:
    """Serve the app over HTTP with threads, on a database of the test's own."""
    app = make_app(DATABASE_URL=migrated_database_url, TESTING=False)
    http = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    yield LiveServer(app, f"http://127.0.0.1:{http.server_port}")
    http.shutdown()
    http.server_close()
    thread.join(timeout=5)
