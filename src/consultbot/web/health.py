"""Liveness and readiness probes for load balancers and orchestrators.

``/readyz`` is public, so its body says only what a load balancer needs: ready or not, and
which check failed. Why it failed (the database's host and name, a knowledge file's problem)
goes to the log, and to a caller that sends the metrics token as a Bearer token.
"""

from __future__ import annotations

import hmac
import logging

from flask import Blueprint, current_app, jsonify, request
from flask.typing import ResponseReturnValue

from consultbot.errors import DatabaseUnavailableError
from consultbot.storage import migrations
from consultbot.usecases.knowledge_reload import LiveKnowledge

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    """Answer as long as the process can serve a request."""
    return jsonify(status="ok")


def operator_asking() -> bool:
    """Whether the request carries the metrics token (an operator, not the public)."""
    token = str(current_app.config.get("METRICS_TOKEN") or "")
    # "Authorization: Bearer <token>"; the scheme's name is case-insensitive (RFC 9110).
    scheme, _, offered = request.headers.get("Authorization", "").strip().partition(" ")
    if scheme.casefold() != "bearer":
        return False
    return bool(token) and hmac.compare_digest(offered.strip().encode(), token.encode())


@bp.get("/readyz")
def readyz() -> ResponseReturnValue:
    """Report whether the database answers and the knowledge is loaded, and in what state."""
    live: LiveKnowledge = current_app.extensions["consultbot"]
    knowledge = live.current().knowledge
    detailed = operator_asking()
    knowledge_check: dict[str, object] = {
        "ok": True,
        "edit_refused": live.edit_refused,
        "lead_form": knowledge.lead_form is not None,
    }
    if detailed:
        knowledge_check["reload_error"] = live.last_error
    checks: dict[str, dict[str, object]] = {"knowledge": knowledge_check}
    try:
        migrations.check_database(current_app)
        checks["database"] = {"ok": True}
    except DatabaseUnavailableError as error:
        log.warning("not ready: %s", error.message)
        checks["database"] = {"ok": False}
        if detailed:
            checks["database"]["error"] = error.message
    ready = all(check["ok"] for check in checks.values())
    return jsonify(status="ready" if ready else "unavailable", checks=checks), (
        200 if ready else 503
    )
