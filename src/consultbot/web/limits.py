"""Rate limits per client address (Flask-Limiter), shared through Redis when REDIS_URL is set.

Opening conversations, sending messages, rating answers and reading events each have their own
limit (see ``config``). Over a limit, the API answers 429 in its error envelope with
``Retry-After``. Without Redis each process counts for itself, so N workers let a client
through up to N times each limit (``per_process_warning`` says so at start); if Redis stops
answering, the limits fall back to memory instead of failing requests. Failed dashboard logins,
which protect accounts, are counted in the database instead (``login_limits``), so they hold
across workers and hosts with or without Redis.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, current_app, g, jsonify, render_template, request
from flask_limiter import Limiter, RateLimitExceeded
from flask_limiter.util import get_remote_address
from werkzeug.middleware.proxy_fix import ProxyFix

limiter = Limiter(get_remote_address, key_prefix="consultbot")
# A Redis that accepts connections but never answers must cost a request a fraction of a
# second, not redis-py's default of waiting forever (or the 5 s a stalled one took before).
REDIS_TIMEOUT_SECONDS = 0.25


def _limit(name: str) -> str:
    return str(current_app.config[name])


conversations = limiter.limit(
    lambda: _limit("RATE_LIMIT_CONVERSATIONS"), scope="conversations", methods=["POST"]
)
REPLAYED = "consultbot_replayed"


def mark_replayed() -> None:
    """Say the message just answered was a retry, answered from storage: it does not count."""
    setattr(g, REPLAYED, True)


def _not_replayed(_response: Response) -> bool:
    return not getattr(g, REPLAYED, False)


# A retried message (its client_message_id already stored) changes nothing and is answered from
# storage, so it is not counted: a widget retrying after a timeout never uses up the visitor's
# allowance. Counted after the answer, a message is checked against the limit before it.
messages = limiter.limit(
    lambda: _limit("RATE_LIMIT_MESSAGES"),
    scope="messages",
    methods=["POST"],
    deduct_when=_not_replayed,
)
# Thumbs on answers count apart from messages, at the same rate: a visitor may rate every answer.
feedback = limiter.limit(lambda: _limit("RATE_LIMIT_MESSAGES"), scope="feedback", methods=["PUT"])
events = limiter.limit(lambda: _limit("RATE_LIMIT_EVENTS"), scope="events", methods=["GET"])


def init_app(app: Flask) -> None:
    """Trust the configured proxies for the client address, then start counting."""
    if app.config["PROXY_HOPS"]:
        hops = app.config["PROXY_HOPS"]
        # Flask documents wrapping wsgi_app in place; its type says a method.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    app.config.update(
        RATELIMIT_ENABLED=app.config["RATE_LIMITS"],
        RATELIMIT_STORAGE_URI=app.config["REDIS_URL"] or "memory://",
        RATELIMIT_STORAGE_OPTIONS=(
            {
                "socket_timeout": REDIS_TIMEOUT_SECONDS,
                "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
            }
            if app.config["REDIS_URL"]
            else {}
        ),
        # Retry-After only on a 429 (the handler below), never on answers that got through.
        RATELIMIT_HEADERS_ENABLED=False,
        RATELIMIT_SWALLOW_ERRORS=True,
        RATELIMIT_IN_MEMORY_FALLBACK_ENABLED=True,
        RATELIMIT_STRATEGY="moving-window",
    )
    limiter.init_app(app)
    # The limiter is shared by every app of the process (tests build many). init_app gave it
    # this app's storage, so a previous app's storage being down says nothing about it: try it.
    limiter._storage_dead = False

    app.register_error_handler(RateLimitExceeded, too_many)


def too_many(_error: RateLimitExceeded) -> Response:
    """Answer 429 with Retry-After: the API's error envelope, or the dashboard's error page."""
    return slow_down(retry_after())


def slow_down(wait: int) -> Response:
    """The 429 for a limit that lets a request through again in ``wait`` seconds."""
    seconds = "1 second" if wait == 1 else f"{wait} seconds"
    message = f"Too many requests from your address; try again in {seconds}."
    if request.path.startswith("/api/"):
        response = jsonify(error={"code": "rate_limited", "message": message})
    else:
        response = current_app.make_response(
            render_template("dashboard/error.html", title="Slow down", message=message)
        )
    response.status_code = 429
    response.headers["Retry-After"] = str(wait)
    return response


def retry_after() -> int:
    """Seconds until the limit just hit lets a request through again (at least 1)."""
    current = limiter.current_limit
    if current is None:
        return 60
    return max(1, math.ceil(current.reset_at - time.time()))


def per_process_warning(config: Mapping[str, Any], workers: int) -> str | None:
    """What to tell the operator when several workers each count the limits in memory."""
    if workers <= 1 or not config["RATE_LIMITS"] or config["REDIS_URL"]:
        return None
    return (
        f"rate limits are counted in each worker's memory (REDIS_URL is not set): with "
        f"{workers} workers a client gets up to {workers} times each limit on new "
        "conversations, messages, ratings and event reads. Set REDIS_URL (redis://...) to "
        "share them between workers and hosts. Failed dashboard logins are counted in the "
        "database and hold across workers either way."
    )
