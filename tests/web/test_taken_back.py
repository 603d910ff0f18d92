"""A "no" to the consent taken back on the next message, through the API and the database."""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from flask import Flask

from consultbot.storage.db import get_engine
from consultbot.storage.models import Conversation, Lead
from tests.web.test_api import Widget
from tests.web.test_submissions import form


def count_leads(app: Flask) -> int:
    with get_engine(app).connect() as connection:
        return connection.scalar(sa.select(sa.func.count()).select_from(Lead)) or 0


def test_wait_actually_yes_brings_the_answers_back_and_only_a_yes_stores_them(
    make_app: Callable[..., Flask], migrated_database_url: str
) -> None:
    app = make_app(DATABASE_URL=migrated_database_url)
    widget = Widget(app.test_client())
    for text in form("Ada Lovelace"):
        widget.say(text)
    widget.say("no")
    assert count_leads(app) == 0
    restored = widget.say("wait, actually yes")
    text = " ".join(reply["text"] for reply in restored["replies"])
    assert "Name: Ada Lovelace" in text and restored["state"] == "collecting"
    assert count_leads(app) == 0
    assert widget.say("yes")["state"] == "done"
    assert count_leads(app) == 1


def test_anything_else_after_the_no_drops_the_answers_from_the_stored_state(
    make_app: Callable[..., Flask], migrated_database_url: str
) -> None:
    app = make_app(DATABASE_URL=migrated_database_url)
    widget = Widget(app.test_client())
    for text in form("Ada Lovelace"):
        widget.say(text)
    widget.say("no")
    widget.say("which is faster?")
    with get_engine(app).connect() as connection:
        state = connection.scalar(
            sa.select(Conversation.state).where(Conversation.public_id == widget.id)
        )
    assert state is not None and state["discarded"] is None and state["lead"] is None
    assert "Ada Lovelace" not in str(state)
    assert "Ada Lovelace" not in " ".join(
        reply["text"] for reply in widget.say("wait, actually yes")["replies"]
    )
    assert count_leads(app) == 0
