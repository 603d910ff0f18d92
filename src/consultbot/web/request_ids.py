"""A request id for every request, echoed in ``X-Request-ID`` and logged with one access line."""

from __future__ import annotations

import itertools
import logging
import os
import re
import threading
import time

from flask import Flask, Response, g, request

from consultbot.logs import request_id_var

HEADER = "X-Request-ID"
# An id from the load balancer is kept when it is short and plain; anything else is replaced.
_ACCEPTABLE = re.compile(r"[A-Za-z0-9._:-]{8,128}")
access_log = logging.getLogger("consultbot.access")


class RequestIds:
    """Unique 32-hex-digit ids without a system call per request.

    ``uuid.uuid4()`` reads the kernel's random source on every call, a sixth of a ``/healthz``
    request's time here. An id needs to be unique, not secret: a random prefix drawn once per
    process (again after a fork) and a counter give that.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pid = -1
        self._prefix = ""
        self._counter = itertools.count()

    def next(self) -> str:
        """Return a new id, never one this or another process gave before."""
        if self._pid != os.getpid():
            with self._lock:
                if self._pid != os.getpid():
                    self._prefix = os.urandom(10).hex()
                    self._counter = itertools.count()
                    self._pid = os.getpid()
        # next() on itertools.count is atomic under the GIL: threads never share a number.
        return f"{self._prefix}{next(self._counter):012x}"


new_request_id = RequestIds().next


def init_app(app: Flask) -> None:
    """Give each request an id (the caller's, when acceptable) and log it when it ends."""

    @app.before_request
    def assign_request_id() -> None:
        offered = request.headers.get(HEADER, "")
        g.request_id = offered if offered and _ACCEPTABLE.fullmatch(offered) else new_request_id()
        g.request_started = time.perf_counter()
        g.request_id_token = request_id_var.set(g.request_id)

    @app.after_request
    def log_request(response: Response) -> Response:
        request_id = g.get("request_id")
        if request_id is None:
            return response
        response.headers[HEADER] = request_id
        if not access_log.isEnabledFor(logging.INFO):
            return response
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
