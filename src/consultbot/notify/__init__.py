"""Deliver lead notifications to sales: outbox rows, sent by email and webhook, with retries."""
