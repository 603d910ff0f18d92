"""Editors' changes and the wordings they resolve: cascades, kept names, closed sets."""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from consultbot.storage.models import (
    EditAction,
    InboxList,
    InboxResolution,
    KnowledgeEdit,
    User,
    utcnow,
)
from tests.storage.factories import make_user
from tests.storage.models.conftest import assert_closed_set, count


def add_edit(session: Session, user: User, **overrides: object) -> KnowledgeEdit:
    values: dict[str, object] = {
        "action": EditAction.EXAMPLE,
        "inbox": InboxList.UNANSWERED,
        "wording": "how much does moving cost",
        "item_id": "django-vs-fastapi/tier/medium",
        "phrase": "how much does moving cost",
        "file": "knowledge/comparisons/django-vs-fastapi.yaml",
        "user_id": user.id,
        "user_email": user.email,
    }
    edit = KnowledgeEdit(**{**values, **overrides})
    session.add(edit)
    session.flush()
    return edit


def resolve(session: Session, edit: KnowledgeEdit, wording: str) -> InboxResolution:
    resolution = InboxResolution(edit_id=edit.id, inbox=edit.inbox, wording=wording)
    session.add(resolution)
    session.flush()
    return resolution


def test_a_dismissal_adds_nothing_anywhere(db_session: Session) -> None:
    user = make_user(db_session)
    edit = add_edit(
        db_session, user, action=EditAction.DISMISS, item_id=None, phrase=None, file=None
    )
    db_session.expire_all()
    assert (edit.action, edit.item_id, edit.phrase, edit.file) == (
        EditAction.DISMISS,
        None,
        None,
        None,
    )
    assert abs(utcnow() - edit.created_at) < timedelta(minutes=1)


def test_an_edit_keeps_who_made_it_when_the_account_is_removed(db_session: Session) -> None:
    user = make_user(db_session, email="editor@example.com")
    edit = add_edit(db_session, user)
    db_session.execute(sa.delete(User).where(User.id == user.id))
    db_session.expire_all()
    assert (edit.user_id, edit.user_email) == (None, "editor@example.com")


def test_deleting_an_edit_puts_its_wordings_back_on_the_inbox(db_session: Session) -> None:
    edit = add_edit(db_session, make_user(db_session))
    resolve(db_session, edit, "how much does moving cost")
    resolve(db_session, edit, "how much does movng cost")
    db_session.execute(sa.delete(KnowledgeEdit).where(KnowledgeEdit.id == edit.id))
    assert count(db_session, InboxResolution) == 0


def test_a_resolution_needs_an_existing_edit(db_session: Session) -> None:
    db_session.add(InboxResolution(edit_id=987654, inbox=InboxList.DISLIKED, wording="meh"))
    with pytest.raises(IntegrityError):
        db_session.flush()


@pytest.mark.parametrize(
    ("table", "column", "enum"),
    [
        ("knowledge_edits", "action", EditAction),
        ("knowledge_edits", "inbox", InboxList),
        ("inbox_resolutions", "inbox", InboxList),
    ],
)
def test_closed_sets_refuse_unknown_values_in_the_database(
    db_session: Session, table: str, column: str, enum: type[StrEnum]
) -> None:
    resolve(db_session, add_edit(db_session, make_user(db_session)), "how much does moving cost")
    assert_closed_set(db_session, table, column, enum)
