"""Failed dashboard logins against real gunicorn workers, without Redis: one limit for all."""

from __future__ import annotations

import re
from collections.abc import Callable

import requests

from tests.production.conftest import Gunicorn

_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def wrong_password(url: str, email: str) -> int:
    """Log in from a fresh browser with a wrong password; return the status."""
    with requests.Session() as browser:
        page = browser.get(f"{url}/dashboard/login", timeout=30)
        found = _TOKEN.search(page.text)
        assert found, page.text
        form = {"csrf_token": found.group(1), "email": email, "password": "wrong-password-x"}
        return browser.post(
            f"{url}/dashboard/login", data=form, allow_redirects=False, timeout=30
        ).status_code


def test_two_workers_without_redis_let_through_five_failed_logins_not_ten(
    start_gunicorn: Callable[..., Gunicorn], migrated_database_url: str
) -> None:
    instance = start_gunicorn(migrated_database_url, workers=2)  # default limits, no REDIS_URL
    instance.wait_ready()
    assert len(instance.worker_pids()) == 2
    statuses = [wrong_password(instance.url, "sales@test.com") for _ in range(14)]
    assert statuses == [401] * 5 + [429] * 9
    # The start said the other limits are per worker, and what to do about it.
    log = instance.log.read_text()
    assert "2 workers" in log and "REDIS_URL" in log and "in each worker's memory" in log
