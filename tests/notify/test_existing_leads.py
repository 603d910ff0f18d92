"""A new submission from an existing lead, as sales receive it by email and webhook.

What changed is measured against what sales saw (the lead's answers: never a spam submission),
and a submission from another conversation than the lead's own says so and is never shown as
the lead's answers: anyone who knows an address can finish a form under it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask import Flask

from consultbot.notify.mail import ANOTHER_CONVERSATION
from consultbot.notify.outbox import deliver_due
from consultbot.storage.db import get_engine, open_session
from consultbot.storage.models import Lead
from tests.notify.conftest import SmtpServer, WebhookReceiver, text_of
from tests.web.test_api import Widget
from tests.web.test_submissions import UNLIMITED, complete, form, lead_page


def deliver(app: Flask) -> None:
    with open_session(app) as session:
        deliver_due(session, app.config)


def test_changes_are_against_what_sales_saw_and_another_conversation_is_flagged(
    make_app: Callable[..., Flask],
    migrated_database_url: str,
    notify_config: dict[str, Any],
    smtp_server: SmtpServer,
    webhook_receiver: WebhookReceiver,
) -> None:
    app = make_app(
        DATABASE_URL=migrated_database_url,
        DELIVER_IN_PROCESS="0",
        SPAM_MIN_FORM_SECONDS=60,
        **notify_config,
        **UNLIMITED,
    )
    client = app.test_client()
    complete(app, client, form("Ada Lovelace", "large"), slow=True, honeypot=False)
    # Spam in between (a form finished in no time): stored, shown nowhere as the lead's answers.
    complete(app, client, form("Mallory", "small"), slow=False, honeypot=False)
    with get_engine(app).connect() as connection:
        lead = connection.execute(sa.select(Lead)).one()
    assert (lead.name, lead.size) == ("Ada Lovelace", "large")
    complete(app, client, form("Ada L", "medium"), slow=True, honeypot=False)
    deliver(app)

    first, second = smtp_server.mailbox.messages
    assert ANOTHER_CONVERSATION not in text_of(first)
    body = text_of(second)
    assert "  - Name: Ada Lovelace -> Ada L" in body
    assert "  - Size: Large -> Medium" in body
    assert "Mallory" not in body and "Small ->" not in body
    assert ANOTHER_CONVERSATION in body

    hooks = [hook.json for hook in webhook_receiver.received]
    assert [hook["from_another_conversation"] for hook in hooks] == [False, True]
    assert {change["id"] for change in hooks[1]["changes"]} == {"name", "size"}

    page = lead_page(app)
    # Another conversation never becomes the lead's answers: Ada's own are still shown.
    assert "<dt>Name</dt><dd>Ada Lovelace</dd>" in page and "<del>" not in page
    assert "1 submission with this address came from another conversation" in page
    assert page.count(ANOTHER_CONVERSATION) == 3  # the warning, submissions 2 and 3
    assert page.count("· from another conversation") == 2


def test_a_new_submission_from_the_same_conversation_is_not_flagged(
    make_app: Callable[..., Flask],
    migrated_database_url: str,
    notify_config: dict[str, Any],
    smtp_server: SmtpServer,
    webhook_receiver: WebhookReceiver,
) -> None:
    app = make_app(DATABASE_URL=migrated_database_url, DELIVER_IN_PROCESS="0", **notify_config)
    client = app.test_client()
    widget = Widget(client)
    complete(app, client, form("Ada Lovelace", "large"), slow=True, honeypot=False, widget=widget)
    complete(app, client, form("Ada Lovelace", "medium"), slow=True, honeypot=False, widget=widget)
    deliver(app)

    first, second = smtp_server.mailbox.messages
    body = text_of(second)
    assert "new submission from an existing lead" in second["Subject"]
    assert "  - Size: Large -> Medium" in body
    assert ANOTHER_CONVERSATION not in body
    hooks = [hook.json for hook in webhook_receiver.received]
    assert [hook["from_another_conversation"] for hook in hooks] == [False, False]
    page = lead_page(app)
    assert ANOTHER_CONVERSATION not in page and "from another conversation" not in page
