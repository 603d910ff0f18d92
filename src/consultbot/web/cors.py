"""Cross-origin access to the widget API, for the sites listed in ALLOWED_ORIGINS only.

A page on an allowed origin gets ``Access-Control-Allow-Origin`` naming that origin, and its
preflight ``OPTIONS`` is answered ``204``. Any other origin gets no CORS headers (so the browser
keeps the response from the page) and its preflight is refused ``403`` with the error envelope.
Requests from the service's own pages (no ``Origin`` header, or the service's own host) are
never affected. Only ``/api/`` paths are covered; the widget script itself is public.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, current_app, request
from flask.typing import ResponseReturnValue

from consultbot.web.handlers import error_response

API_PREFIX = "/api/"
ALLOWED_METHODS = "GET, POST, OPTIONS"
ALLOWED_HEADERS = "Content-Type, Authorization"
PREFLIGHT_MAX_AGE = "600"


def init_app(app: Flask) -> None:
    """Answer preflights and add CORS headers to API responses."""
    app.before_request(answer_preflight)
    app.after_request(add_cors_headers)


def is_same_origin(origin: str) -> bool:
    """Tell whether the Origin names this service's own host (the scheme may differ behind TLS)."""
    return urlsplit(origin).netloc.lower() == request.host.lower()


def is_allowed(origin: str) -> bool:
    """Tell whether a page on this origin may call the API."""
    return origin.lower() in current_app.config["ALLOWED_ORIGINS"] or is_same_origin(origin)


def answer_preflight() -> ResponseReturnValue | None:
    """Answer a CORS preflight for an API path: 204 for an allowed origin, 403 otherwise."""
    origin = request.headers.get("Origin")
    if (
        request.method != "OPTIONS"
        or not request.path.startswith(API_PREFIX)
        or not origin
        or "Access-Control-Request-Method" not in request.headers
    ):
        return None
    if not is_allowed(origin):
        return error_response(
            403,
            "origin_not_allowed",
            f"Pages on {origin} may not use this service; add the origin to "
            "CONSULTBOT_ALLOWED_ORIGINS to allow them.",
        )
    response = current_app.make_response(("", 204))
    response.headers["Access-Control-Allow-Methods"] = ALLOWED_METHODS
    response.headers["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
    response.headers["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
    return response


def add_cors_headers(response: Response) -> Response:
    """Name an allowed origin on an API response; say it varies by Origin for caches."""
    if not request.path.startswith(API_PREFIX):
        return response
    response.vary.add("Origin")
    origin = request.headers.get("Origin")
    if origin and is_allowed(origin):
        response.headers["Access-Control-Allow-Origin"] = origin
    return response
