"""Reading a widget API request's JSON body: size-capped, UTF-8 only, real JSON numbers only,
and every string one a database can store."""

from __future__ import annotations

import json
import math
from typing import Any

from flask import request
from werkzeug.exceptions import RequestEntityTooLarge

from consultbot.errors import ApiError

MAX_BODY_BYTES = 64 * 1024


def too_large() -> ApiError:
    return ApiError(
        413, "too_large", f"The request body is over the limit of {MAX_BODY_BYTES} bytes."
    )


def read_body() -> bytes:
    """Read the body (at most MAX_BODY_BYTES + 1 bytes of it) or raise 413."""
    try:
        return request.get_data(cache=True)
    except RequestEntityTooLarge:
        raise too_large() from None


class NotJsonNumber(ValueError):
    """NaN, Infinity or a number too large for a float: Python reads them, JSON has none."""


class DuplicateKey(ValueError):
    """A name given twice in one JSON object: which one counts is up to the reader."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    body = dict(pairs)
    if len(body) != len(pairs):
        seen: set[str] = set()
        for name, _ in pairs:
            if name in seen:
                raise DuplicateKey(name)
            seen.add(name)
    return body


def _refuse_constant(name: str) -> float:
    raise NotJsonNumber(name)


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise NotJsonNumber(text)
    return value


def json_body(required: bool) -> dict[str, Any]:
    """Return the JSON object sent, or raise the documented error."""
    data = read_body()
    if not data:
        if required:
            raise ApiError(400, "bad_request", "Send a JSON object in the request body.")
        return {}
    if not request.is_json:
        raise ApiError(
            415,
            "unsupported_media_type",
            "Send the body as JSON with Content-Type: application/json.",
        )
    charset = request.mimetype_params.get("charset")
    if charset is not None and charset.strip().lower() not in ("utf-8", "utf8"):
        raise ApiError(
            415,
            "unsupported_media_type",
            f"Send JSON in UTF-8 (Content-Type: application/json; charset=utf-8), not {charset}.",
        )
    try:
        # Decoded as UTF-8 here: json.loads would guess UTF-16 or UTF-32 from the bytes.
        body = json.loads(
            data.decode("utf-8-sig"),
            parse_constant=_refuse_constant,
            parse_float=_finite,
            object_pairs_hook=_unique_keys,
        )
    except RecursionError:
        # json.loads recurses per nesting level: "[[[[..." within the size limit gets here.
        raise ApiError(400, "bad_request", "The request body is nested too deeply.") from None
    except NotJsonNumber:
        raise ApiError(
            400,
            "bad_request",
            "The request body is not valid JSON: NaN, Infinity and numbers too large for a "
            "64-bit float are not JSON numbers.",
        ) from None
    except DuplicateKey as duplicate:
        # Readers disagree on which of the two counts (Python's json the last, others the
        # first), so a proxy or log could see another message than the one answered.
        name = ascii(duplicate.name[:60])
        raise ApiError(
            400,
            "bad_request",
            f"The request body names {name} twice in one object; send each field once.",
        ) from None
    except UnicodeDecodeError:
        raise ApiError(400, "bad_request", "The request body is not valid UTF-8.") from None
    except ValueError:
        raise ApiError(400, "bad_request", "The request body is not valid JSON.") from None
    if not isinstance(body, dict):
        raise ApiError(400, "bad_request", "The request body must be a JSON object.")
    unstorable = {
        str(key): "must not contain NUL characters or unpaired surrogates"
        for key, value in body.items()
        if isinstance(value, str) and not storable(value)
    }
    if unstorable:
        raise ApiError(
            422, "invalid", "Some fields contain characters that cannot be stored.", unstorable
        )
    return body


def storable(text: str) -> bool:
    """Tell whether a database can store the text: PostgreSQL refuses NUL, UTF-8 lone surrogates."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
