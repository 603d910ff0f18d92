"""One error vocabulary: every API error becomes {"error": {"code", "message", "fields"?}}."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, request
from flask.typing import ResponseReturnValue
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from consultbot.errors import ApiError, DatabaseUnavailableError
from consultbot.storage import db

log = logging.getLogger(__name__)


def error_response(
    status: int, code: str, message: str, fields: dict[str, str] | None = None
) -> ResponseReturnValue:
    """Build the JSON error envelope."""
    body: dict[str, object] = {"code": code, "message": message}
    if fields:
        body["fields"] = fields
    return jsonify(error=body), status


def init_app(app: Flask) -> None:
    """Register the error handlers."""

    @app.errorhandler(ApiError)
    def handle_api_error(error: ApiError) -> ResponseReturnValue:
        return error_response(error.status, error.code, error.message, error.fields)

    @app.errorhandler(DatabaseUnavailableError)
    @app.errorhandler(OperationalError)
    def handle_database_unavailable(error: Exception) -> ResponseReturnValue:
        db.close_session()
        log.error("database unavailable: %s", str(error).splitlines()[0])
        return error_response(
            503, "unavailable", "The service is briefly unavailable; please try again shortly."
        )

    @app.errorhandler(HTTPException)
    def handle_http_error(error: HTTPException) -> ResponseReturnValue:
        if not request.path.startswith("/api/"):
            return error
        code = (error.name or "error").lower().replace(" ", "_")
        return error_response(error.code or 500, code, error.description or error.name)

    @app.errorhandler(Exception)
    def handle_unexpected(error: Exception) -> ResponseReturnValue:
        db.close_session()
        log.exception("unhandled error on %s %s", request.method, request.path)
        return error_response(500, "internal_error", "Something went wrong on our side.")
