"""A request id for every request, echoed in ``X-Request-ID`` and logged with one access line."""

from __future__ import annotations

import logging
import re
import time
import uuid

from flask import Flask, Response, g, request

from consultbot.logs import request_id_var

HEADER = "X-Request-ID"
# An id from the load balancer is kept when it is short and plain; anything else is replaced.
_ACCEPTABLE = re.compile(r"[A-Za-z0-9._:-]{8,128}")
access_log = logging.getLogger("consultbot.access")


def init_app(app: Flask) -> None:
    """Give each request an id (the caller's, when acceptable) and log it when it ends."""

    @app.before_request
    def assign_request_id() -> None:
        offered = request.headers.get(HEADER, "")
        g.request_id = offered if _ACCEPTABLE.fullmatch(offered) else uuid.uuid4().hex
        g.request_started = time.perf_counter()
        g.request_id_token = request_id_var.set(g.request_id)

    @app.after_request
    def log_request(response: Response) -> Response:
        request_id = g.get("request_id")
        if request_id is None:
            return response
        response.headers[HEADER] = request_id
        elapsed = time.perf_counter() - g.get("request_started", time.perf_counter())
        access_log.info(
            "%s %s %s %.1fms",
            request.method,
            request.path,
            response.status_code,
            elapsed * 1000,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round(elapsed * 1000, 2),
                "remote_addr": request.remote_addr,
            },
        )
        return response

    @app.teardown_request
    def forget_request_id(_error: BaseException | None) -> None:
        token = g.pop("request_id_token", None)
        if token is not None:
            request_id_var.reset(token)
