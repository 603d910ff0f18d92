"""Replies over the API: plain text for old widgets, blocks to render, link buttons; stored too."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection

from consultbot.resources import example_knowledge_dir
from consultbot.storage import db
from consultbot.storage.models import Message
from tests.conftest import refuse_second_connection, savepoint_sessions
from tests.web.test_api import Widget

BOOKING = "https://cal.example.com/consultancy"
GREETING = "Hi! Read **our notes** at [the guide](https://www.example.com/guide) <b>first</b>."


@pytest.fixture
def marked_client(
    make_app: Callable[..., Flask], database_url: str, db_connection: Connection, tmp_path: Path
) -> FlaskClient:
    """The service with a marked-up greeting and a booking address in its site settings."""
    folder = tmp_path / "knowledge"
    shutil.copytree(example_knowledge_dir(), folder)
    site = folder / "site.yaml"
    text = site.read_text(encoding="utf-8")
    start = text.index("  greeting:")
    end = text.index("  fallback:")
    text = text[:start] + f"  greeting: '{GREETING}'\n  booking_url: {BOOKING}\n" + text[end:]
    site.write_text(text, encoding="utf-8")
    app = make_app(DATABASE_URL=database_url, KNOWLEDGE_DIR=folder)
    engine = db.get_engine(app)
    sa.event.listen(engine, "connect", refuse_second_connection)
    app.extensions[db.EXTENSION] = db.Database(engine, savepoint_sessions(db_connection))
    return app.test_client()


def test_greeting_comes_as_plain_text_and_as_blocks(marked_client: FlaskClient) -> None:
    greeting = Widget(marked_client).opened["replies"][0]

    assert greeting["text"] == (
        "Hi! Read our notes at the guide (https://www.example.com/guide) <b>first</b>."
    )
    assert greeting["blocks"] == [
        {
            "type": "paragraph",
            "lines": [
                [
                    {"text": "Hi! Read "},
                    {"text": "our notes", "bold": True},
                    {"text": " at "},
                    {"text": "the guide", "href": "https://www.example.com/guide"},
                    {"text": " <b>first</b>."},
                ]
            ],
        }
    ]
    assert greeting["link_replies"] == []


def test_asking_for_a_person_answers_with_a_book_a_call_button(
    marked_client: FlaskClient,
) -> None:
    body = Widget(marked_client).say("can I talk to a person?")

    # Nobody is available for a live chat here: that is said first, then the form's handoff
    # carries the button.
    buttons = [reply["link_replies"] for reply in body["replies"] if reply["link_replies"]]
    assert buttons == [[{"label": "Book a call", "url": BOOKING}]]
    assert all(isinstance(label, str) for r in body["replies"] for label in r["quick_replies"])


def test_transcript_keeps_blocks_and_buttons_and_stores_plain_text(
    marked_client: FlaskClient, db_connection: Connection
) -> None:
    widget = Widget(marked_client)
    widget.say("**can** I talk to a person?")

    transcript = marked_client.get(f"/api/v1/conversations/{widget.id}", headers=widget.headers)

    greeting, visitor, *answers = transcript.get_json()["messages"]
    handoff = next(line for line in answers if line.get("link_replies"))
    assert greeting["blocks"] == widget.opened["replies"][0]["blocks"]
    assert visitor["text"] == "**can** I talk to a person?"
    assert "blocks" not in visitor
    assert handoff["link_replies"] == [{"label": "Book a call", "url": BOOKING}]
    stored = db_connection.scalars(sa.select(Message.text).order_by(Message.id)).first()
    assert stored is not None and "[the guide]" not in stored and "(https://www" in stored
