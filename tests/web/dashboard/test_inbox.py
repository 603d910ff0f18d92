"""The editors' inbox: disliked and likely wrong answers, fixing a group in place, dismissing.

The app here serves a temporary copy of the shipped knowledge, which the fixes edit; the
checkout's knowledge/ is never written.
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from consultbot.resources import example_knowledge_dir
from consultbot.storage import db
from consultbot.storage.models import InboxResolution, KnowledgeEdit, StaffRole
from consultbot.storage.privacy import find_person, forget_person
from tests.conftest import refuse_second_connection, savepoint_sessions
from tests.storage.factories import make_conversation, make_message
from tests.web.dashboard.conftest import Staff, csrf_token
from tests.web.test_api import Widget

# Our own wordings (never from benchmarks/visitors or tests/matching/domain_cases.jsonl).
WRONGLY_ANSWERED = "what crew maintains the content pages"  # answered with the content use case
PAGE = "/compare/django-vs-fastapi"


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    """A private copy of the shipped knowledge, which fixes may edit."""
    return Path(shutil.copytree(example_knowledge_dir(), tmp_path / "knowledge"))


@pytest.fixture
def app(
    make_app: Callable[..., Flask], database_url: str, db_connection: Connection, knowledge: Path
) -> Flask:
    """The service on the test's transaction, serving the private knowledge copy."""
    app = make_app(DATABASE_URL=database_url, KNOWLEDGE_DIR=knowledge)
    engine = db.get_engine(app)
    sa.event.listen(engine, "connect", refuse_second_connection)
    app.extensions[db.EXTENSION] = db.Database(engine, savepoint_sessions(db_connection))
    return app


def page(client: FlaskClient, path: str, **query: Any) -> str:
    response = client.get(path, query_string=query)
    assert response.status_code == 200, (path, response.status_code)
    return response.get_data(as_text=True)


def thumbs_down(client: FlaskClient, text: str, comment: str | None = None) -> dict[str, Any]:
    widget = Widget(client)
    body = widget.say(text)
    answer = body["replies"][0]["message_id"]
    response = client.put(
        f"/api/v1/conversations/{widget.id}/messages/{answer}/feedback",
        json={"rating": "down", "comment": comment},
        headers=widget.headers,
    )
    assert response.status_code == 200
    return body


def fix(client: FlaskClient, list_name: str, text: str, **form: str) -> Any:
    token = csrf_token(client, f"/dashboard/inbox/fix?list={list_name}&text={text}")
    return client.post(
        "/dashboard/inbox/fix",
        data={"list": list_name, "text": text, "days": "30", "csrf_token": token, **form},
    )


def test_a_thumbs_down_reaches_disliked_with_the_answer_and_the_comment(
    client: FlaskClient, staff: Staff
) -> None:
    body = thumbs_down(client, WRONGLY_ANSWERED, "I asked who you are")
    thumbs_down(client, "What crew maintains the content pages?")
    staff.log_in_as(StaffRole.EDITOR)
    html = page(client, "/dashboard/inbox/disliked")
    assert WRONGLY_ANSWERED in html.lower()
    assert '<td class="number">2</td>' in html
    assert "“I asked who you are”" in html
    assert escape(body["replies"][0]["text"][:60]) in html
    assert "thumbs down" in html


def test_a_thumbs_up_is_not_in_the_inbox(client: FlaskClient, staff: Staff) -> None:
    widget = Widget(client)
    answer = widget.say("which one is faster?")["replies"][0]["message_id"]
    client.put(
        f"/api/v1/conversations/{widget.id}/messages/{answer}/feedback",
        json={"rating": "up"},
        headers=widget.headers,
    )
    staff.log_in_as(StaffRole.EDITOR)
    assert "which one is faster" not in page(client, "/dashboard/inbox/disliked")
    assert "which one is faster" not in page(client, "/dashboard/inbox/likely-wrong")


def test_asking_again_in_other_words_right_after_an_answer_is_likely_wrong(
    client: FlaskClient, staff: Staff
) -> None:
    widget = Widget(client)
    widget.say("how fast is django")
    widget.say("is django quick")
    other = Widget(client)
    other.say("what about flask")
    other.say("what about go")
    staff.log_in_as(StaffRole.EDITOR)
    html = page(client, "/dashboard/inbox/likely-wrong")
    assert "how fast is django" in html and "asked again" in html
    assert "what about flask" not in html


def test_a_small_margin_over_the_runner_up_is_likely_wrong(
    client: FlaskClient, staff: Staff, db_session: Session
) -> None:
    conversation = make_conversation(db_session)
    response = {"replies": [{"text": "Django suits content sites.", "quick_replies": []}]}
    for text, margin in (("which one scales for a blog", 0.03), ("who wins on docs", 0.4)):
        make_message(
            db_session, conversation, text=text, intent="x/y", margin=margin, response=response
        )
    old = make_message(db_session, conversation, text="an old close call", intent="x", margin=0.01)
    old.created_at = datetime.now(UTC) - timedelta(days=60)
    db_session.commit()
    staff.log_in_as(StaffRole.EDITOR)
    html = page(client, "/dashboard/inbox/likely-wrong")
    assert "which one scales for a blog" in html and "low margin" in html
    assert "Django suits content sites." in html
    assert "who wins on docs" not in html and "an old close call" not in html


def test_likely_wrong_counts_conversations_not_messages(
    client: FlaskClient, staff: Staff, db_session: Session
) -> None:
    response = {"replies": [{"text": "Django suits content sites.", "quick_replies": []}]}
    flood = make_conversation(db_session)  # one visitor posting forty variants
    for number in range(40):
        make_message(db_session, flood, text=f"which one scales for a blog {number}",
                     intent="x/y", margin=0.03, response=response)  # fmt: skip
    for _ in range(3):  # three visitors asking once each
        make_message(db_session, make_conversation(db_session), text="is django good for a shop",
                     intent="x/y", margin=0.03, response=response)  # fmt: skip
    db_session.commit()
    staff.log_in_as(StaffRole.EDITOR)
    html = page(client, "/dashboard/inbox/likely-wrong")
    rows = html.split('<td class="number">')[1:]
    assert [row.split("<", 1)[0] for row in rows] == ["3", "1"]
    assert "is django good for a shop" in html.split('<td class="number">3')[0]
    assert "low margin ×3" in html and "×40" not in html and ">40<" not in html
    assert '<th scope="col">Conversations</th>' in html
    fix_page = page(
        client, "/dashboard/inbox/fix", list="likely-wrong", text="is django good for a shop"
    )
    assert "(in 3 conversations, likely wrong)" in fix_page.lower()


def test_the_editor_fixes_a_group_in_place_and_it_is_answered_right(
    client: FlaskClient, staff: Staff, knowledge: Path, db_session: Session
) -> None:
    before = thumbs_down(client, WRONGLY_ANSWERED)
    assert before["meta"]["intent"] != "about-us"
    editor = staff.log_in_as(StaffRole.EDITOR)
    form = page(client, "/dashboard/inbox/fix", list="disliked", text=WRONGLY_ANSWERED)
    assert 'value="about-us"' in form
    found = page(
        client, "/dashboard/inbox/fix", list="disliked", text=WRONGLY_ANSWERED, find="runs site"
    )
    assert found.index('value="about-us"') < found.index('value="django-vs-fastapi/metric/')
    response = fix(
        client, "disliked", WRONGLY_ANSWERED, item="about-us", field="examples",
        phrase=WRONGLY_ANSWERED,
    )  # fmt: skip
    assert response.status_code == 302
    listing = page(client, "/dashboard/inbox/disliked")
    assert (
        "Added &#39;what crew maintains the content pages&#39; to Who runs this site? (FAQ)"
        in listing
    )
    assert "Nothing here for the last 30 days." in listing
    assert editor.email in listing
    assert f"- {WRONGLY_ANSWERED}" in (knowledge / "faq.yaml").read_text(encoding="utf-8")
    edit = db_session.scalars(sa.select(KnowledgeEdit)).one()
    assert (edit.user_id, edit.item_id, edit.file) == (editor.id, "about-us", "knowledge/faq.yaml")
    assert db_session.scalars(sa.select(InboxResolution.wording)).all() == [WRONGLY_ANSWERED]
    after = Widget(client).say(WRONGLY_ANSWERED)
    assert after["meta"]["intent"] == "about-us"
    # Asked again after the fix and disliked again: it is back in the inbox.
    thumbs_down(client, WRONGLY_ANSWERED)
    assert WRONGLY_ANSWERED in page(client, "/dashboard/inbox/disliked").split("Recently fixed")[0]


def test_a_fix_the_knowledge_check_refuses_is_explained_and_nothing_changes(
    client: FlaskClient, staff: Staff, knowledge: Path, db_session: Session
) -> None:
    thumbs_down(client, "what about tiangolo")
    staff.log_in_as(StaffRole.EDITOR)
    files = {p: p.read_bytes() for p in knowledge.rglob("*.yaml")}
    # "tiangolo" is an alias of FastAPI already; a name may belong to one framework only.
    response = fix(
        client, "disliked", "what about tiangolo", item="framework/django", field="aliases",
        phrase="tiangolo",
    )  # fmt: skip
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "The knowledge check fails with this change, so it was not made" in html
    assert {p: p.read_bytes() for p in knowledge.rglob("*.yaml")} == files
    assert db_session.scalars(sa.select(KnowledgeEdit)).all() == []
    wrong_field = fix(
        client, "disliked", "what about tiangolo", item="framework/django", field="examples",
        phrase="tiangolo",
    )  # fmt: skip
    assert wrong_field.status_code == 422
    assert "takes an alias" in wrong_field.get_data(as_text=True)
    no_item = fix(client, "disliked", "what about tiangolo", field="examples", phrase="x y")
    assert no_item.status_code == 422
    assert "Choose the item that should have answered." in no_item.get_data(as_text=True)
    assert {p: p.read_bytes() for p in knowledge.rglob("*.yaml")} == files


def test_a_read_only_knowledge_folder_is_said_plainly_and_the_edit_refused(
    client: FlaskClient, staff: Staff, knowledge: Path, db_session: Session
) -> None:
    thumbs_down(client, WRONGLY_ANSWERED)
    staff.log_in_as(StaffRole.EDITOR)
    files = {p: p.read_bytes() for p in knowledge.rglob("*.yaml")}
    mode = knowledge.stat().st_mode
    os.chmod(knowledge, stat.S_IMODE(mode) & ~0o222)
    try:
        response = fix(
            client, "disliked", WRONGLY_ANSWERED, item="about-us", field="examples",
            phrase=WRONGLY_ANSWERED,
        )  # fmt: skip
    finally:
        os.chmod(knowledge, stat.S_IMODE(mode))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f"The knowledge folder {knowledge} is read-only for the service" in html
    assert {p: p.read_bytes() for p in knowledge.rglob("*.yaml")} == files
    assert db_session.scalars(sa.select(KnowledgeEdit)).all() == []
    assert WRONGLY_ANSWERED in page(client, "/dashboard/inbox/disliked")


def test_dismissing_a_group_takes_it_off_and_records_who(
    client: FlaskClient, staff: Staff, db_session: Session
) -> None:
    conversation = make_conversation(db_session)
    make_message(db_session, conversation, text="do you sell pizza", fallback=True)
    db_session.commit()
    editor = staff.log_in_as(StaffRole.EDITOR)
    assert "do you sell pizza" in page(client, "/dashboard/unanswered")
    token = csrf_token(client, "/dashboard/unanswered")
    response = client.post(
        "/dashboard/inbox/dismiss",
        data={"list": "unanswered", "text": "do you sell pizza", "csrf_token": token},
    )
    assert response.status_code == 302
    html = page(client, "/dashboard/unanswered")
    assert "Nothing went unanswered" in html and "Dismissed" in html and editor.email in html


def test_an_unknown_group_or_list_is_said_plainly(client: FlaskClient, staff: Staff) -> None:
    staff.log_in_as(StaffRole.EDITOR)
    response = client.get("/dashboard/inbox/fix", query_string={"list": "disliked", "text": "gone"})
    assert response.status_code == 302
    assert "no longer in the inbox" in page(client, "/dashboard/inbox/disliked")
    assert client.get("/dashboard/inbox/fix", query_string={"list": "nope"}).status_code == 404
    assert client.get("/dashboard/inbox/nope").status_code == 404


def test_sales_accounts_cannot_edit_the_knowledge(
    client: FlaskClient, staff: Staff, knowledge: Path
) -> None:
    thumbs_down(client, WRONGLY_ANSWERED)
    staff.log_in_as(StaffRole.SALES)
    assert client.get("/dashboard/inbox/disliked").status_code == 403
    files = {p: p.read_bytes() for p in knowledge.rglob("*.yaml")}
    token = csrf_token(client, "/dashboard/leads")
    response = client.post(
        "/dashboard/inbox/fix",
        data={"list": "disliked", "text": WRONGLY_ANSWERED, "csrf_token": token,
              "item": "about-us", "field": "examples", "phrase": WRONGLY_ANSWERED},
    )  # fmt: skip
    assert response.status_code == 403
    assert {p: p.read_bytes() for p in knowledge.rglob("*.yaml")} == files


def test_try_it_shows_the_answer_before_and_after_a_proposed_fix_and_writes_nothing(
    client: FlaskClient, staff: Staff, knowledge: Path
) -> None:
    staff.log_in_as(StaffRole.EDITOR)
    files = {p: p.read_bytes() for p in knowledge.rglob("*.yaml")}
    html = page(
        client, "/dashboard/try", question=WRONGLY_ANSWERED, page=PAGE, item="about-us",
        field="examples", phrase=WRONGLY_ANSWERED,
    )  # fmt: skip
    before, after = html.split("Before the fix")[1].split("After the fix")
    assert "Intent <code>django-vs-fastapi/use_case/content-management</code>" in before
    assert "Intent <code>about-us</code>" in after
    assert {p: p.read_bytes() for p in knowledge.rglob("*.yaml")} == files
    refused = page(
        client, "/dashboard/try", question="hello", item="thanks", field="examples",
        phrase="thanks",
    )  # fmt: skip
    assert "The proposed fix cannot be made" in refused and "already one of" in refused


def test_forgetting_a_person_removes_their_address_from_the_inbox_records(
    client: FlaskClient, staff: Staff, db_session: Session
) -> None:
    conversation = make_conversation(db_session)
    make_message(db_session, conversation, text="mail me at Ada@Example.com", fallback=True)
    make_message(db_session, conversation, text="do you sell pizza", fallback=True)
    db_session.commit()
    staff.log_in_as(StaffRole.EDITOR)
    for text in ("mail me at Ada@Example.com", "do you sell pizza"):
        token = csrf_token(client, "/dashboard/unanswered")
        client.post(
            "/dashboard/inbox/dismiss",
            data={"list": "unanswered", "text": text, "csrf_token": token},
        )
    forget_person(db_session, find_person(db_session, "ada@example.com"))
    db_session.commit()
    wordings = db_session.scalars(sa.select(InboxResolution.wording)).all()
    assert wordings == ["do you sell pizza"]
    edits = db_session.scalars(sa.select(KnowledgeEdit.wording).order_by(KnowledgeEdit.id)).all()
    assert edits[0].startswith("(removed") and edits[1] == "do you sell pizza"
    assert "ada@" not in page(client, "/dashboard/unanswered").lower()


def test_the_fix_page_with_an_empty_search_says_it_searched_the_question(
    client: FlaskClient, staff: Staff
) -> None:
    text = "zxqv blorp wubwub"
    assert Widget(client).say(text)["meta"]["fallback"] is True
    staff.log_in_as(StaffRole.EDITOR)
    shown = page(client, "/dashboard/inbox/fix", list="unanswered", text=text, find="")
    assert "No item matches “”" not in shown
    assert f"No item matches the question’s words (“{text}”)" in shown
    searched = page(client, "/dashboard/inbox/fix", list="unanswered", text=text, find="qqqq")
    assert "No item matches “qqqq”" in searched
