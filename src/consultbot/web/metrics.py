"""``/metrics`` in the Prometheus text format: requests, latencies, matches, leads, outbox.

Counters live in this process; under gunicorn (``consultbot serve`` sets
``PROMETHEUS_MULTIPROC_DIR``) every worker writes its own files and a scrape adds them up.
The outbox backlog is read from the database at scrape time, so any instance reports the same.
When ``CONSULTBOT_METRICS_TOKEN`` is set, a scrape must send it as a Bearer token.
"""

from __future__ import annotations

import os
import time

from flask import Blueprint, Flask, Response, current_app, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

from consultbot.errors import ApiError
from consultbot.storage import stats
from consultbot.storage.db import get_session
from consultbot.storage.models import utcnow
from consultbot.web.health import operator_asking

bp = Blueprint("metrics", __name__)

REQUESTS = Counter(
    "consultbot_http_requests_total", "HTTP requests answered.", ["method", "endpoint", "status"]
)
LATENCY = Histogram(
    "consultbot_http_request_duration_seconds",
    "Time to answer an HTTP request.",
    ["endpoint"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
MESSAGES = Counter(
    "consultbot_messages_total",
    "Visitor messages handled, by outcome: answered (an intent), fallback, or form.",
    ["outcome"],
)
LEADS = Counter("consultbot_leads_total", "Leads completed (stored, or an earlier one updated).")
CONVERSATIONS = Counter("consultbot_conversations_total", "Conversations opened.")
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


# The labelled series by their labels: prometheus_client's ``labels()`` checks and locks on
# every call, so each request looked them up again; the set of routes is small and fixed.
_request_series: dict[tuple[str, str, int], tuple[Counter, Histogram]] = {}


def _series(method: str, endpoint: str, status: int) -> tuple[Counter, Histogram]:
    key = (method, endpoint, status)
    found = _request_series.get(key)
    if found is None:
        found = (REQUESTS.labels(method, endpoint, str(status)), LATENCY.labels(endpoint))
        _request_series[key] = found
    return found


def init_app(app: Flask) -> None:
    """Count and time every request (from ``request_ids``' start time); serve ``/metrics``."""

    @app.after_request
    def count_request(response: Response) -> Response:
        rule = request.url_rule
        # Methods outside the usual few would let a client grow the table: count them as one.
        method = request.method if request.method in _METHODS else "other"
        requests, latency = _series(
            method, rule.rule if rule else "unmatched", response.status_code
        )
        requests.inc()
        started = g.get("request_started")
        if started is not None:
            latency.observe(time.perf_counter() - started)
        return response

    app.register_blueprint(bp)


def record_message(outcome: str) -> None:
    """Count a handled visitor message."""
    MESSAGES.labels(outcome).inc()


def record_lead() -> None:
    """Count a completed lead."""
    LEADS.inc()


def record_conversation() -> None:
    """Count an opened conversation."""
    CONVERSATIONS.inc()


@bp.get("/metrics")
def metrics() -> Response:
    """Every counter of this service, and the outbox backlog from the database."""
    if current_app.config.get("METRICS_TOKEN") and not operator_asking():
        raise ApiError(401, "unauthorized", "Send the metrics token as a Bearer token.")
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        body = generate_latest(registry)
    else:
        body = generate_latest()
    # content_type, not mimetype: CONTENT_TYPE_LATEST carries its charset already.
    return Response(body + _outbox_lines(), content_type=CONTENT_TYPE_LATEST)


def _outbox_lines() -> bytes:
    session = get_session()
    outbox = stats.outbox_health(session)
    session.rollback()
    pending, failed, oldest = outbox.pending, outbox.failed, outbox.oldest_pending_at
    age = (utcnow() - oldest).total_seconds() if oldest is not None else 0.0
    return (
        "# HELP consultbot_outbox_pending Notifications waiting to be delivered.\n"
        "# TYPE consultbot_outbox_pending gauge\n"
        f"consultbot_outbox_pending {pending}\n"
        "# HELP consultbot_outbox_failed Notifications given up after every retry.\n"
        "# TYPE consultbot_outbox_failed gauge\n"
        f"consultbot_outbox_failed {failed}\n"
        "# HELP consultbot_outbox_oldest_pending_seconds Age of the oldest waiting notification.\n"
        "# TYPE consultbot_outbox_oldest_pending_seconds gauge\n"
        f"consultbot_outbox_oldest_pending_seconds {age:.1f}\n"
    ).encode()
