"""One error vocabulary: every API error becomes {"error": {"code", "message", "fields"?}}.

Pages (the dashboard, the demo pages) never get that envelope: their errors are a small HTML
page that needs neither the database nor the signed-in account, so it renders during an outage.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from consultbot.errors import ApiError, DatabaseUnavailableError
from consultbot.storage import db

log = logging.getLogger(__name__)
UNAVAILABLE = "The service is briefly unavailable; please try again shortly."


def error_response(
    status: int, code: str, message: str, fields: dict[str, str] | None = None
) -> tuple[Response, int]:
    """Build the JSON error envelope."""
    body: dict[str, object] = {"code": code, "message": message}
    if fields:
        body["fields"] = fields
    return jsonify(error=body), status


MACHINE_PATHS = ("/metrics", "/healthz", "/readyz")


def wants_json() -> bool:
    """Whether a program asked (the API, the probes, metrics); else a page, answered in HTML."""
    return request.path.startswith("/api/") or request.path in MACHINE_PATHS


def error_page(status: int, title: str, message: str) -> ResponseReturnValue:
    """Render the standalone HTML error page (no database, no account needed)."""
    return render_template("errors/page.html", title=title, message=message), status


def init_app(app: Flask) -> None:
    """Register the error handlers."""

    @app.errorhandler(ApiError)
    def handle_api_error(error: ApiError) -> ResponseReturnValue:
        if not wants_json():
            return error_page(error.status, "Not possible", error.message)
        return error_response(error.status, error.code, error.message, error.fields)

    @app.errorhandler(DatabaseUnavailableError)
    @app.errorhandler(OperationalError)
    def handle_database_unavailable(error: Exception) -> ResponseReturnValue:
        db.close_session()
        log.error("database unavailable: %s", str(error).splitlines()[0])
        if not wants_json():
            return error_page(503, "Briefly unavailable", UNAVAILABLE)
        return error_response(503, "unavailable", UNAVAILABLE)

    @app.errorhandler(HTTPException)
    def handle_http_error(error: HTTPException) -> ResponseReturnValue:
        status = error.code or 500
        if not wants_json():
            if request.path.startswith("/dashboard") and status >= 400:
                response = app.make_response(
                    error_page(status, error.name, error.description or error.name)
                )
                if isinstance(error, MethodNotAllowed) and error.valid_methods:
                    response.headers["Allow"] = ", ".join(error.valid_methods)
                return response
            return error
        code = (error.name or "error").lower().replace(" ", "_")
        response = app.make_response(error_response(status, code, error.description or error.name))
        if isinstance(error, MethodNotAllowed) and error.valid_methods:
            response.headers["Allow"] = ", ".join(error.valid_methods)
        return response

    @app.errorhandler(Exception)
    def handle_unexpected(error: Exception) -> ResponseReturnValue:
        db.close_session()
        log.exception("unhandled error on %s %s", request.method, request.path)
        if not wants_json():
            return error_page(500, "Something went wrong", "Something went wrong on our side.")
        return error_response(500, "internal_error", "Something went wrong on our side.")
