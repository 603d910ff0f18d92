"""Deliver due outbox rows: one at a time, locked, with exponential backoff on failure."""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable
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
DELIVERY_ERRORS = (OSError, smtplib.SMTPException, WebhookRefused)


def retry_delay(attempts: int) -> timedelta:
    """Return how long to wait after a number of failed attempts: 5 s doubling, at most 1 h."""
    return min(BASE_DELAY * (2 ** max(attempts - 1, 0)), MAX_DELAY)


def enabled_channels(config: dict[str, Any]) -> tuple[Channel, ...]:
    """Return the channels that are configured."""
    channels = []
    if config.get("SALES_EMAIL"):
        channels.append(Channel.EMAIL)
    if config.get("WEBHOOK_URL"):
        channels.append(Channel.WEBHOOK)
    return tuple(channels)


def send(item: OutboxItem, config: dict[str, Any]) -> None:
    """Send one notification through its channel."""
    if item.channel is Channel.EMAIL:
        message = build_email(item.payload, config["MAIL_FROM"], config["SALES_EMAIL"], item.id)
        send_email(message, config)
    else:
        post_webhook(item.payload, config["WEBHOOK_URL"], config["WEBHOOK_SECRET"], item.id)


def deliver_one(
    session: Session,
    config: dict[str, Any],
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> OutboxItem | None:
    """Claim the oldest due notification, send it, record the outcome and commit.

    The row stays locked while it is sent (FOR UPDATE SKIP LOCKED on PostgreSQL; SQLite's
    write lock), so two workers never send the same notification.
    """
    moment = now()
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
    try:
        send(item, config)
    except DELIVERY_ERRORS as error:
        item.last_error = f"{type(error).__name__}: {error}"[:1000]
        if item.attempts >= MAX_ATTEMPTS:
            item.status = DeliveryStatus.FAILED
            log.error("gave up on %s notification %s: %s", item.channel, item.id, item.last_error)
        else:
            item.next_attempt_at = moment + retry_delay(item.attempts)
            log.warning(
                "%s notification %s failed (attempt %s), retrying at %s: %s",
                item.channel, item.id, item.attempts, item.next_attempt_at, item.last_error,
            )  # fmt: skip
    else:
        item.status = DeliveryStatus.SENT
        item.sent_at = moment
        item.last_error = None
        log.info("%s notification %s delivered", item.channel, item.id)
    session.commit()
    return item


def deliver_due(
    session: Session, config: dict[str, Any], limit: int = 100,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> int:  # fmt: skip
    """Deliver due notifications until none is left (or ``limit``); return how many were tried."""
    tried = 0
    while tried < limit and deliver_one(session, config, now) is not None:
        tried += 1
    return tried
