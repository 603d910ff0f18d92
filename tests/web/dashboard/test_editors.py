"""Editors' pages: unanswered questions grouped, "Try it", the knowledge check."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from consultbot.matching.grouping import group_similar
from consultbot.resources import example_knowledge_dir
from consultbot.storage.models import StaffRole
from tests.storage.factories import make_conversation, make_message, make_user
from tests.web.dashboard.conftest import Staff, log_in


def test_similar_questions_share_a_group_with_a_count() -> None:
    groups = group_similar(
        [
            "Do you build mobile apps?",
            "do you build mobile apps",
            "Do you also build mobile apps?",
            "What about Rust?",
            "   ",
        ]
    )
    assert [(group.count, len(group.examples)) for group in groups] == [(3, 2), (1, 1)]
    assert groups[0].text.lower().startswith("do you")
    assert groups[1].text == "What about Rust?"
    assert group_similar([]) == []


def test_unanswered_questions_are_grouped_with_the_closest_intents(
    client: FlaskClient, staff: Staff, db_session: Session
) -> None:
    conversation = make_conversation(db_session)
    for text in ("Can you host it for us?", "can you host it for us", "<b>Hosting</b> price?"):
        make_message(db_session, conversation, text=text, fallback=True)
    make_message(db_session, conversation, text="Which is faster?", intent="x", fallback=False)
    db_session.commit()
    staff.log_in_as(StaffRole.EDITOR)
    page = client.get("/dashboard/unanswered")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "3 messages the assistant did not understand" in text
    assert "Which is faster?" not in text
    assert "&lt;b&gt;Hosting&lt;/b&gt; price?" in text and "<b>Hosting" not in text
    assert '<td class="number">2</td>' in text
    assert "/dashboard/try?question=" in text


def test_try_it_shows_the_answer_and_why(client: FlaskClient, staff: Staff) -> None:
    staff.log_in_as(StaffRole.EDITOR)
    text = client.get(
        "/dashboard/try",
        query_string={"question": "wich is fatser", "page": "/compare/django-vs-fastapi"},
    ).get_data(as_text=True)
    assert "FastAPI" in text
    assert "django-vs-fastapi/criterion/api-performance" in text
    assert "threshold" in text and "typos corrected" in text


def test_try_it_with_an_empty_or_huge_question_says_so(client: FlaskClient, staff: Staff) -> None:
    staff.log_in_as(StaffRole.EDITOR)
    empty = client.get("/dashboard/try?question=+").get_data(as_text=True)
    assert "Type a question to try." in empty and "How it was matched" not in empty
    huge = client.get("/dashboard/try", query_string={"question": "a" * 2001}).get_data(
        as_text=True
    )
    assert "Keep the question under 2000 characters." in huge


def test_try_it_escapes_the_question(client: FlaskClient, staff: Staff) -> None:
    staff.log_in_as(StaffRole.EDITOR)
    text = client.get("/dashboard/try", query_string={"question": "<script>x()</script>"}).get_data(
        as_text=True
    )
    assert "<script>x()" not in text and "&lt;script&gt;x()" in text


def test_the_knowledge_page_reports_the_files_in_service(client: FlaskClient, staff: Staff) -> None:
    staff.log_in_as(StaffRole.EDITOR)
    text = client.get("/dashboard/knowledge").get_data(as_text=True)
    assert "files are valid" in text and "faq.yaml" in text


def test_a_broken_edit_is_shown_with_where_to_fix_it(
    make_app: Callable[..., Flask], migrated_database_url: str, tmp_path: Path
) -> None:
    knowledge = tmp_path / "knowledge"
    shutil.copytree(example_knowledge_dir(), knowledge)
    app = make_app(
        DATABASE_URL=migrated_database_url, KNOWLEDGE_DIR=knowledge, KNOWLEDGE_RELOAD_SECONDS=0
    )
    from consultbot.accounts import hash_password
    from consultbot.storage.db import open_session

    with open_session(app) as session:
        user = make_user(session, role=StaffRole.EDITOR, password_hash=hash_password("p" * 12))
        session.commit()
        email = user.email
    faq = knowledge / "faq.yaml"
    faq.write_text(faq.read_text() + "\n  - id: [broken\n")
    client = app.test_client()
    assert log_in(client, email, "p" * 12) == 302
    text = client.get("/dashboard/knowledge").get_data(as_text=True)
    assert "The last edit was refused" in text
    assert "faq.yaml:" in text
    assert "files are valid" not in text
