"""Request bodies are limited whatever their framing, chunked ones included.

A body with a ``Content-Length`` over the limit is refused before it is read (werkzeug does
that). A chunked body has no length, so only reading can tell its size: werkzeug stops
reading at the limit but then hands back the first ``limit`` bytes as if they were all, which
would let a 100 MB body through truncated. ``BoundedRequest`` reads one byte more and answers
413 when there is one, so an oversized body is refused and never more than the limit is read.

A body must also arrive in time. A thread of gunicorn (or of the development server) reads
the body of its request with a blocking socket, so a client that sends the headers and then
stops would hold that thread for as long as the connection stays open: a handful of them stop
the service. ``DeadlineStream`` gives each read of the body what is left of the request's
``BODY_TIMEOUT_SECONDS`` as the socket's timeout (as gunicorn bounds its own drain of unread
bodies) and answers 408 when it runs out. The timeout holds per read from the socket, so a
client that trickles a byte now and then can stretch a read; a buffering proxy in front
(README, Deploying) is the answer to that.
"""

from __future__ import annotations

import io
import socket
import time
import typing as t

from flask import Flask, Request, current_app, request
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge, RequestTimeout
from werkzeug.utils import cached_property
from werkzeug.wsgi import LimitedStream, get_input_stream


class WholeBodyLimit(LimitedStream):
    """A stream with a maximum that refuses, rather than truncates, a body over it."""

    def readall(self) -> bytes:
        """Read the whole body; raise RequestEntityTooLarge if it goes past the limit."""
        data = super().readall()
        if self.is_exhausted and self._stream.read(1):
            raise RequestEntityTooLarge()
        return data


class DeadlineStream(io.RawIOBase):
    """The server's input stream, read with the socket's timeout set to the time left."""

    def __init__(self, stream: t.IO[bytes], sock: socket.socket, seconds: float) -> None:
        self._stream = stream
        self._sock = sock
        self._deadline = time.monotonic() + seconds

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        """Read as the server's stream does; raise RequestTimeout once the time is up."""
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise _too_slow()
        before = self._sock.gettimeout()
        self._sock.settimeout(left)
        try:
            return self._stream.read(size)
        except TimeoutError:
            # The server's reader is now mid-message: it closes the connection after the 408
            # (gunicorn marks such a body failed; the development server always closes).
            raise _too_slow() from None
        finally:
            try:
                self._sock.settimeout(before)
            except OSError:
                pass  # the client has gone; the server finds out on its own

    def readinto(self, buffer: t.Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _too_slow() -> RequestTimeout:
    return RequestTimeout("The request body did not arrive in time.")


def client_socket(environ: t.Mapping[str, t.Any]) -> socket.socket | None:
    """The connection's socket, as gunicorn and werkzeug's development server pass it."""
    sock = environ.get("gunicorn.socket") or environ.get("werkzeug.socket")
    return sock if isinstance(sock, socket.socket) else None


class BoundedRequest(Request):
    """Flask's request, with chunked bodies refused over ``max_content_length`` and bodies
    that do not arrive within ``BODY_TIMEOUT_SECONDS`` answered 408."""

    @cached_property
    def stream(self) -> t.IO[bytes]:
        """The body stream, limited to ``max_content_length`` however the body is framed."""
        limit = self.max_content_length
        environ = dict(self.environ)
        sock = client_socket(environ)
        seconds = float(current_app.config.get("BODY_TIMEOUT_SECONDS") or 0)
        if sock is not None and seconds:
            environ["wsgi.input"] = DeadlineStream(environ["wsgi.input"], sock, seconds)
        if (
            self.content_length is None
            and limit is not None
            and environ.get("wsgi.input_terminated")
        ):
            return t.cast(t.IO[bytes], WholeBodyLimit(environ["wsgi.input"], limit, True))
        return get_input_stream(environ, max_content_length=limit)


def refuse_two_framings() -> None:
    """Refuse a request that declares both a Content-Length and a Transfer-Encoding.

    RFC 9112 (6.1) lets a server refuse it, and a proxy in front that frames the body by the
    other header would see another request than the app (request smuggling). gunicorn refuses
    it itself; the development server passed it on.
    """
    environ = request.environ
    if environ.get("HTTP_TRANSFER_ENCODING") and environ.get("CONTENT_LENGTH"):
        raise BadRequest("Send the body with Content-Length or Transfer-Encoding, not both.")


def init_app(app: Flask) -> None:
    """Make every request of the app a ``BoundedRequest``, framed one way only."""
    app.request_class = BoundedRequest
    app.before_request(refuse_two_framings)
