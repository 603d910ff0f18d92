"""POST a lead notification as JSON, signed with HMAC-SHA256 so the receiver can trust it."""

from __future__ import annotations

import hashlib
import hmac
import json
import urllib.error
import urllib.request
from typing import Any

TIMEOUT_SECONDS = 10
SIGNATURE_HEADER = "X-Consultbot-Signature"
DELIVERY_HEADER = "X-Consultbot-Delivery"


class WebhookRefused(Exception):
    """The receiver answered with a status other than 2xx."""


def sign(body: bytes, secret: str) -> str:
    """Return the signature header value for a body: ``sha256=<hex digest>``."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def post_webhook(payload: dict[str, Any], url: str, secret: str, delivery_id: int) -> None:
    """Send the payload; raise WebhookRefused or OSError when it did not arrive."""
    body = json.dumps(payload, sort_keys=True).encode()
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "consultbot-webhook/1",
            SIGNATURE_HEADER: sign(body, secret),
            DELIVERY_HEADER: str(delivery_id),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            status = response.status
    except urllib.error.HTTPError as error:
        raise WebhookRefused(f"the receiver answered {error.code} {error.reason}") from None
    if not 200 <= status < 300:
        raise WebhookRefused(f"the receiver answered {status}")
