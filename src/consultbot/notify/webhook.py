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


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Refuse to follow a redirect: urllib would re-send a 301/302/303 as a GET without the
    body, get a 200 from wherever it points and report a lead delivered that never arrived."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        """Follow nothing; the 3xx reaches ``post_webhook`` as an HTTPError."""
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)


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
        with _OPENER.open(request, timeout=TIMEOUT_SECONDS) as response:
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
