"""Liveness and readiness probes for load balancers and orchestrators."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from flask.typing import ResponseReturnValue

from consultbot.errors import DatabaseUnavailableError
from consultbot.knowledge.live import LiveKnowledge
from consultbot.storage import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    """Answer as long as the process can serve a request."""
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz() -> ResponseReturnValue:
    """Report whether the database answers and the knowledge is loaded."""
    live: LiveKnowledge = current_app.extensions["consultbot"]
    snapshot = live.current()
    checks: dict[str, dict[str, object]] = {
        "knowledge": {
            "ok": True,
            "files": len(snapshot.fingerprint),
            "reload_error": live.last_error,
        }
    }
    try:
        db.check_database(current_app)
        checks["database"] = {"ok": True}
    except DatabaseUnavailableError as error:
        checks["database"] = {"ok": False, "error": error.message}
    ready = all(check["ok"] for check in checks.values())
    return jsonify(status="ready" if ready else "unavailable", checks=checks), (
        200 if ready else 503
    )
