"""An editor's change: a wording from the inbox is written, logged and in service at once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from consultbot.knowledge.yaml_edit import EditRefused, Proposal
from consultbot.storage.models import EditAction, InboxList, InboxResolution, KnowledgeEdit
from consultbot.usecases import knowledge_edit
from consultbot.usecases.knowledge_edit import Editor, WordingAdded
from consultbot.usecases.knowledge_reload import LiveKnowledge
from tests.knowledge.conftest import WriteKnowledge
from tests.storage.factories import make_user

FAQ = "intents:\n  - id: hello\n    examples: [hi]\n    answer: Hello!\n"
WHERE = (InboxList.UNANSWERED, EditAction.EXAMPLE)


@pytest.fixture
def editor(db_session: Session) -> Editor:
    """A committed editor account (a refused edit rolls back what was not committed)."""
    user = make_user(db_session, email="editor@example.com")
    db_session.commit()
    return Editor(user.id, user.email)


def examples(live: LiveKnowledge) -> tuple[str, ...]:
    return tuple(live.current().knowledge.intents[0].examples)


def edits(session: Session) -> list[KnowledgeEdit]:
    return list(session.scalars(sa.select(KnowledgeEdit).order_by(KnowledgeEdit.id)))


def test_an_added_wording_is_written_logged_resolved_and_served(
    db_session: Session, editor: Editor, write_knowledge: WriteKnowledge
) -> None:
    folder = write_knowledge({"faq.yaml": FAQ})
    live = LiveKnowledge(folder, check_every=3600)
    added = knowledge_edit.add_wording(
        db_session,
        live,
        editor,
        WHERE,
        ["good   morning", "good morning!"],
        Proposal("hello", "examples", "  good   morning "),
    )
    assert added == WordingAdded("good morning", "kb/faq.yaml")
    assert "good morning" in (folder / "faq.yaml").read_text(encoding="utf-8")
    assert "good morning" in examples(live)  # reloaded now, not at the next check
    db_session.rollback()  # the edit was committed
    [edit] = edits(db_session)
    assert (edit.action, edit.inbox, edit.item_id, edit.phrase, edit.file) == (
        EditAction.EXAMPLE, InboxList.UNANSWERED, "hello", "good morning", "kb/faq.yaml",
    )  # fmt: skip
    assert (edit.user_id, edit.user_email, edit.wording) == (
        editor.id, "editor@example.com", "good   morning",
    )  # fmt: skip
    assert set(db_session.scalars(sa.select(InboxResolution.wording))) == {
        "good   morning",
        "good morning!",
    }


def test_a_refused_edit_changes_no_file_and_logs_nothing(
    db_session: Session, editor: Editor, write_knowledge: WriteKnowledge
) -> None:
    folder = write_knowledge({"faq.yaml": FAQ})
    live = LiveKnowledge(folder, check_every=3600)
    with pytest.raises(EditRefused, match="No knowledge file holds 'no-such-item'"):
        knowledge_edit.add_wording(
            db_session, live, editor, WHERE, ["hey"], Proposal("no-such-item", "examples", "hey")
        )
    assert (folder / "faq.yaml").read_text(encoding="utf-8") == FAQ
    assert edits(db_session) == []
    assert db_session.scalars(sa.select(InboxResolution)).all() == []
    assert examples(live) == ("hi",)


def test_an_empty_phrase_is_refused(
    db_session: Session, editor: Editor, write_knowledge: WriteKnowledge
) -> None:
    live = LiveKnowledge(write_knowledge({"faq.yaml": FAQ}), check_every=3600)
    with pytest.raises(EditRefused, match="Type the words to add"):
        knowledge_edit.add_wording(
            db_session, live, editor, WHERE, ["hey"], Proposal("hello", "examples", "   ")
        )
    assert edits(db_session) == []


def test_a_dismissed_group_is_logged_and_taken_off_the_list(
    db_session: Session, editor: Editor
) -> None:
    knowledge_edit.dismiss(db_session, editor, InboxList.DISLIKED, ["spam text", " ", "other"])
    db_session.rollback()  # the dismissal was committed
    [edit] = edits(db_session)
    assert (edit.action, edit.inbox, edit.item_id, edit.file) == (
        EditAction.DISMISS, InboxList.DISLIKED, None, None,
    )  # fmt: skip
    resolved = db_session.execute(sa.select(InboxResolution.inbox, InboxResolution.wording)).all()
    assert sorted(resolved) == [(InboxList.DISLIKED, "other"), (InboxList.DISLIKED, "spam text")]


def test_reload_serves_an_edited_file_and_keeps_the_last_good_one(
    write_knowledge: WriteKnowledge,
) -> None:
    folder = write_knowledge({"faq.yaml": FAQ})
    live = LiveKnowledge(folder, check_every=3600)
    path = folder / "faq.yaml"
    stamp = path.stat().st_mtime_ns + 1_000_000_000
    path.write_text(FAQ.replace("[hi]", "[hi, hey]"), encoding="utf-8")
    os.utime(path, ns=(stamp, stamp))
    assert knowledge_edit.reload(live).knowledge.intents[0].examples == ("hi", "hey")
    path.write_text("intents: [", encoding="utf-8")
    os.utime(path, ns=(stamp + 1_000_000_000, stamp + 1_000_000_000))
    assert knowledge_edit.reload(live).knowledge.intents[0].examples == ("hi", "hey")
    assert live.last_error is not None


def test_a_file_is_shown_from_the_knowledge_folders_name_down(tmp_path: Path) -> None:
    folder = tmp_path / "knowledge"
    assert knowledge_edit.shown_path(folder / "comparisons" / "a.yaml", folder) == (
        "knowledge/comparisons/a.yaml"
    )
    # A file outside the folder (a symlinked one resolved elsewhere) shows its name only.
    assert knowledge_edit.shown_path(tmp_path / "elsewhere" / "b.yaml", folder) == "b.yaml"
