"""POST a lead notification as JSON, signed with HMAC-SHA256 so the receiver can trust it.

The signature covers ``<timestamp>.<delivery id>.<body>`` (Stripe's scheme): a receiver checks
it with the shared secret (``verify_signature`` shows how), refuses a timestamp older than a
few minutes (a replay), and drops a delivery id it has already processed. Delivery is at least
once: a receiver that answers after the timeout, or whose answer is lost, gets the same
notification again with the same delivery id.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from typing import Any

TIMEOUT_SECONDS = 10
SIGNATURE_HEADER = "X-Consultbot-Signature"
DELIVERY_HEADER = "X-Consultbot-Delivery"


class WebhookRefused(Exception):
    """The receiver answered with a status other than 2xx."""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Refuse to follow a redirect: urllib would re-send a 301/302/303 as a GET without the
    body, get a 200 from wherever it points and report a lead delivered that never arrived."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        """Follow nothing; the 3xx reaches ``post_webhook`` as an HTTPError."""
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)


TOLERANCE_SECONDS = 300


def sign(body: bytes, secret: str, delivery_id: int, timestamp: int) -> str:
    """Return the signature header value: ``t=<unix seconds>,v1=<hex HMAC-SHA256>``."""
    return f"t={timestamp},v1={_digest(body, secret, delivery_id, timestamp)}"


def _digest(body: bytes, secret: str, delivery_id: int | str, timestamp: int | str) -> str:
    signed = f"{timestamp}.{delivery_id}.".encode() + body
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def verify_signature(
    header: str, delivery_id: str, body: bytes, secret: str, now: float | None = None
) -> bool:
    """Check a received notification as a receiver should: signature, delivery id and age."""
    parts = dict(part.partition("=")[::2] for part in header.split(","))
    timestamp, digest = parts.get("t", ""), parts.get("v1", "")
    if not timestamp.isdigit() or not digest:
        return False
    current = time.time() if now is None else now
    if abs(current - int(timestamp)) > TOLERANCE_SECONDS:
        return False
    expected = _digest(body, secret, delivery_id, timestamp)
    return hmac.compare_digest(expected, digest)


def post_webhook(
    payload: dict[str, Any],
    url: str,
    secret: str,
    delivery_id: int,
    timeout: float = TIMEOUT_SECONDS,
) -> None:
    """Send the payload; raise WebhookRefused or OSError when it did not arrive."""
    body = json.dumps(payload, sort_keys=True).encode()
    timestamp = int(time.time())
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "consultbot-webhook/1",
            SIGNATURE_HEADER: sign(body, secret, delivery_id, timestamp),
            DELIVERY_HEADER: str(delivery_id),
        },
    )
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        error.close()
        moved = error.headers.get("Location") if 300 <= error.code < 400 else None
        where = (
            f" (redirecting to {moved}; webhooks are not followed, fix the URL)" if moved else ""
        )
        raise WebhookRefused(f"the receiver answered {error.code} {error.reason}{where}") from None
    if not 200 <= status < 300:
        raise WebhookRefused(f"the receiver answered {status}")
