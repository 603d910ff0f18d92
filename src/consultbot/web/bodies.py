"""Request bodies are limited whatever their framing, chunked ones included.

A body with a ``Content-Length`` over the limit is refused before it is read (werkzeug does
that). A chunked body has no length, so only reading can tell its size: werkzeug stops
reading at the limit but then hands back the first ``limit`` bytes as if they were all, which
would let a 100 MB body through truncated. ``BoundedRequest`` reads one byte more and answers
413 when there is one, so an oversized body is refused and never more than the limit is read.
"""

from __future__ import annotations

import typing as t

from flask import Flask, Request
from werkzeug.exceptions import RequestEntityTooLarge
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


class BoundedRequest(Request):
    """Flask's request, with chunked bodies refused over ``max_content_length``."""

    @cached_property
    def stream(self) -> t.IO[bytes]:
        """The body stream, limited to ``max_content_length`` however the body is framed."""
        limit = self.max_content_length
        if (
            self.content_length is None
            and limit is not None
            and self.environ.get("wsgi.input_terminated")
        ):
            return t.cast(t.IO[bytes], WholeBodyLimit(self.environ["wsgi.input"], limit, True))
        return get_input_stream(self.environ, max_content_length=limit)


def init_app(app: Flask) -> None:
    """Make every request of the app a ``BoundedRequest``."""
    app.request_class = BoundedRequest
