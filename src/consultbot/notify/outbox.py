"""Deliver due outbox rows: leased one at a time, sent outside any transaction, with backoff."""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from consultbot.notify.mail import build_email, send_email
from consultbot.notify.webhook import WebhookRefused, post_webhook
from consultbot.storage.models import Channel, DeliveryStatus, OutboxItem

log = logging.getLogger(__name__)

BASE_DELAY = timedelta(seconds=5)
MAX_DELAY = timedelta(hours=1)
MAX_ATTEMPTS = 50
# How long a claimed notification is left to its worker: well past the send timeouts (SMTP's
# are per operation), so a live worker always records its outcome before the lease runs out.
LEASE = timedelta(minutes=5)
DELIVERY_ERRORS = (OSError, smtplib.SMTPException, WebhookRefused)


def retry_delay(attempts: int) -> timedelta:
    """Return how long to wait after a number of failed attempts: 5 s doubling, at most 1 h."""
    factor: int = 2 ** max(attempts - 1, 0)
    return min(BASE_DELAY * factor, MAX_DELAY)


def enabled_channels(config: dict[str, Any]) -> tuple[Channel, ...]:
    """Return the channels that are configured."""
    channels = []
    if config.get("SALES_EMAIL"):
        channels.append(Channel.EMAIL)
    if config.get("WEBHOOK_URL"):
        channels.append(Channel.WEBHOOK)
    return tuple(channels)


@dataclass(frozen=True, slots=True)
class Claim:
    """A notification one worker has leased: what to send, and the attempt that fences it."""

    id: int
    channel: Channel
    payload: dict[str, Any]
    attempts: int


def send(claim: Claim, config: dict[str, Any]) -> None:
    """Send one notification through its channel."""
    if claim.channel is Channel.EMAIL:
        message = build_email(claim.payload, config["MAIL_FROM"], config["SALES_EMAIL"], claim.id)
        send_email(message, config)
    else:
        post_webhook(claim.payload, config["WEBHOOK_URL"], config["WEBHOOK_SECRET"], claim.id)


def claim_due(session: Session, config: dict[str, Any], moment: datetime) -> Claim | None:
    """Lease the oldest due notification to this worker and commit; None when none is due.

    The lease is ``next_attempt_at`` moved LEASE ahead: no other worker sees the row as due
    until then, so a worker that dies while sending leaves it to be retried after the lease.
    The attempt count, bumped here, fences the outcome (see ``record_outcome``).
    """
    item = session.scalars(
        sa.select(OutboxItem)
        .where(
            OutboxItem.status == DeliveryStatus.PENDING,
            OutboxItem.next_attempt_at <= moment,
            OutboxItem.channel.in_(enabled_channels(config)),
        )
        .order_by(OutboxItem.next_attempt_at, OutboxItem.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    ).first()
    if item is None:
        session.rollback()
        return None
    item.attempts += 1
    item.next_attempt_at = moment + LEASE
    claim = Claim(item.id, item.channel, dict(item.payload), item.attempts)
    session.commit()
    return claim


def record_outcome(
    session: Session, claim: Claim, error: str | None, moment: datetime
) -> DeliveryStatus | None:
    """Store how a leased send went, in a transaction of its own; return the new status.

    Returns None when the lease was lost (it ran out and another worker took the row): that
    worker's outcome stands.
    """
    values: dict[str, Any]
    if error is None:
        values = {"status": DeliveryStatus.SENT, "sent_at": moment, "last_error": None}
    elif claim.attempts >= MAX_ATTEMPTS:
        values = {"status": DeliveryStatus.FAILED, "last_error": error}
    else:
        values = {"next_attempt_at": moment + retry_delay(claim.attempts), "last_error": error}
    updated = session.execute(
        sa.update(OutboxItem)
        .where(
            OutboxItem.id == claim.id,
            OutboxItem.attempts == claim.attempts,
            OutboxItem.status == DeliveryStatus.PENDING,
        )
        .values(**values)
    )
    session.commit()
    # Session.execute is typed to return a Result; an UPDATE gives a CursorResult (rowcount).
    if updated.rowcount != 1:  # type: ignore[attr-defined]
        log.warning("%s notification %s: lease lost before the outcome", claim.channel, claim.id)
        return None
    status: DeliveryStatus = values.get("status", DeliveryStatus.PENDING)
    return status


def deliver_one(
    session: Session,
    config: dict[str, Any],
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> Claim | None:
    """Lease the oldest due notification, send it with no transaction open, record the outcome.

    Never holds a transaction across network I/O: on SQLite an open write transaction would
    block every other writer (chat messages included) for as long as a receiver takes.
    Delivery is at least once: a send whose outcome is lost (a crash, a receiver answering
    after the timeout) is sent again, with the same delivery id.
    """
    claim = claim_due(session, config, now())
    if claim is None:
        return None
    error = None
    try:
        send(claim, config)
    except DELIVERY_ERRORS as failure:
        error = f"{type(failure).__name__}: {failure}"[:1000]
    status = record_outcome(session, claim, error, now())
    if status is DeliveryStatus.SENT:
        log.info("%s notification %s delivered", claim.channel, claim.id)
    elif status is DeliveryStatus.FAILED:
        log.error("gave up on %s notification %s: %s", claim.channel, claim.id, error)
    elif status is DeliveryStatus.PENDING:
        log.warning(
            "%s notification %s failed (attempt %s), retrying in %s: %s",
            claim.channel, claim.id, claim.attempts, retry_delay(claim.attempts), error,
        )  # fmt: skip
    return claim


def deliver_due(
    session: Session, config: dict[str, Any], limit: int = 100,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> int:  # fmt: skip
    """Deliver due notifications until none is left (or ``limit``); return how many were tried."""
    tried = 0
    while tried < limit and deliver_one(session, config, now) is not None:
        tried += 1
    return tried
