"""``/metrics``: requests, latencies, messages, leads and the outbox, in Prometheus' format."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from consultbot.storage.models import Channel, DeliveryStatus, OutboxItem, utcnow
from tests.storage.factories import make_lead


def metric(text: str, name: str) -> float:
    """Sum the samples of one metric (all label sets) in a Prometheus text page."""
    total = 0.0
    for line in text.splitlines():
        if line.startswith(name) and line[len(name)] in " {":
            total += float(line.rsplit(" ", 1)[1])
    return total


def test_metrics_count_requests_answers_fallbacks_and_the_outbox(client: FlaskClient) -> None:
    before = client.get("/metrics").get_data(as_text=True)
    opened = client.post(
        "/api/v1/conversations", json={"page_url": "/compare/django-vs-fastapi"}
    ).get_json()
    url = f"/api/v1/conversations/{opened['conversation_id']}/messages"
    auth = {"Authorization": f"Bearer {opened['token']}"}
    for text in ("which is faster?", "zxqv blorp"):
        client.post(url, json={"text": text, "client_message_id": str(uuid.uuid4())}, headers=auth)
    response = client.get("/metrics")
    assert response.mimetype == "text/plain"
    after = response.get_data(as_text=True)
    for name, grown in (
        ("consultbot_conversations_total", 1),
        ("consultbot_messages_total", 2),
        ('consultbot_messages_total{outcome="fallback"}', 1),
    ):
        if "{" in name:
            assert (
                metric(after.replace(name, "X"), "X") - metric(before.replace(name, "X"), "X")
                == grown
            )
        else:
            assert metric(after, name) - metric(before, name) == grown
    assert "consultbot_http_request_duration_seconds_bucket" in after
    assert 'endpoint="/api/v1/conversations/<conversation_id>/messages"' in after
    assert "consultbot_outbox_pending 0" in after


def test_metrics_can_require_a_token(
    make_app: Callable[..., Flask], migrated_database_url: str
) -> None:
    client = make_app(DATABASE_URL=migrated_database_url, METRICS_TOKEN="scrape-me").test_client()
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer scrape-me"}).status_code == 200
    # The scheme's name is case-insensitive; the token alone, without the scheme, is refused.
    assert client.get("/metrics", headers={"Authorization": "bearer scrape-me"}).status_code == 200
    assert client.get("/metrics", headers={"Authorization": "scrape-me"}).status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Basic scrape-me"}).status_code == 401


def test_metrics_name_their_charset_once(client: FlaskClient) -> None:
    content_type = client.get("/metrics").headers["Content-Type"]
    assert content_type.count("charset") == 1 and content_type.startswith("text/plain")


def test_the_outbox_backlog_is_read_from_the_database(
    client: FlaskClient, db_session: Session
) -> None:
    lead = make_lead(db_session)
    db_session.add_all(
        [
            OutboxItem(
                lead_id=lead.id,
                channel=Channel.EMAIL,
                event="lead.created",
                created_at=utcnow() - timedelta(minutes=10),
            ),
            OutboxItem(lead_id=lead.id, channel=Channel.WEBHOOK, event="lead.created"),
            OutboxItem(
                lead_id=lead.id,
                channel=Channel.EMAIL,
                event="lead.updated",
                status=DeliveryStatus.FAILED,
            ),
            OutboxItem(
                lead_id=lead.id,
                channel=Channel.WEBHOOK,
                event="lead.updated",
                status=DeliveryStatus.SENT,
            ),
        ]
    )
    db_session.commit()
    text = client.get("/metrics").get_data(as_text=True)
    assert metric(text, "consultbot_outbox_pending") == 2
    assert metric(text, "consultbot_outbox_failed") == 1
    assert 600 <= metric(text, "consultbot_outbox_oldest_pending_seconds") < 3600


def test_an_empty_outbox_reports_no_age(client: FlaskClient) -> None:
    text = client.get("/metrics").get_data(as_text=True)
    assert "consultbot_outbox_failed 0\n" in text
    assert "consultbot_outbox_oldest_pending_seconds 0.0\n" in text


def test_unknown_paths_and_odd_methods_share_one_series_each(client: FlaskClient) -> None:
    for path in (f"/no-such-page-{uuid.uuid4()}" for _ in range(3)):
        assert client.get(path).status_code == 404
    assert client.open("/healthz", method="PROPFIND").status_code == 405
    text = client.get("/metrics").get_data(as_text=True)
    assert "no-such-page" not in text
    series = [line for line in text.splitlines() if 'endpoint="unmatched"' in line]
    requests = [line for line in series if line.startswith("consultbot_http_requests_total{")]
    assert any('method="GET"' in line and 'status="404"' in line for line in requests)
    assert any('method="other"' in line and 'status="405"' in line for line in requests)
    assert "PROPFIND" not in text


def test_a_refused_scrape_is_the_json_envelope(
    make_app: Callable[..., Flask], migrated_database_url: str
) -> None:
    client = make_app(DATABASE_URL=migrated_database_url, METRICS_TOKEN="scrape-me").test_client()
    response = client.get("/metrics", headers={"Authorization": "Bearer scrape-me-not"})
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"
    assert "consultbot_" not in response.get_data(as_text=True)


def test_under_gunicorn_a_scrape_adds_up_the_workers_files(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert "consultbot_conversations_total" in client.get("/metrics").get_data(as_text=True)
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    text = client.get("/metrics").get_data(as_text=True)
    # No worker has written a file: this process's own counters are not what is reported.
    assert "consultbot_conversations_total" not in text
    assert "consultbot_outbox_pending 0" in text
