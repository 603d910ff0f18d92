"""An editor's change to the knowledge: add a wording from the inbox, dismiss a group, reload.

Adding a wording records the edit, writes the YAML file, commits, and reloads the knowledge in
service, so the next visitor is answered from it; a refused edit changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from consultbot.knowledge.yaml_edit import EditRefused, Proposal, apply
from consultbot.storage import inbox as store
from consultbot.storage.models import EditAction, InboxList
from consultbot.usecases.knowledge_reload import KnowledgeSnapshot, LiveKnowledge


@dataclass(frozen=True, slots=True)
class Editor:
    """Who makes the change, as the edit log keeps it."""

    id: int
    email: str


@dataclass(frozen=True, slots=True)
class WordingAdded:
    """What was added and where: the phrase as written, and the file shown to editors."""

    phrase: str
    file: str


def add_wording(
    session: Session,
    live: LiveKnowledge,
    editor: Editor,
    where: tuple[InboxList, EditAction],
    members: Sequence[str],
    proposal: Proposal,
) -> WordingAdded:
    """Add the proposal's wording to its item's file, mark the group fixed, and reload.

    Raises ``EditRefused`` (with the session rolled back) when the file cannot take it.
    """
    inbox_list, action = where
    edit = store.record_edit(session, editor.id, editor.email, inbox_list, action, list(members))
    try:
        edited = apply(live.directory, proposal)
    except EditRefused:
        session.rollback()
        raise
    phrase = " ".join(proposal.phrase.split())
    edit.item_id, edit.phrase = proposal.intent_id, phrase
    edit.file = shown_path(edited.path, live.directory)
    session.commit()
    live.refresh()
    return WordingAdded(phrase, edit.file)


def dismiss(
    session: Session, editor: Editor, inbox_list: InboxList, members: Sequence[str]
) -> None:
    """Take a group off the inbox without changing the knowledge, and commit."""
    store.record_edit(
        session, editor.id, editor.email, inbox_list, EditAction.DISMISS, list(members)
    )
    session.commit()


def reload(live: LiveKnowledge) -> KnowledgeSnapshot:
    """Load the knowledge files again if they changed; return what is in service now."""
    live.refresh()
    return live.current()


def shown_path(path: Path, directory: Path) -> str:
    """A knowledge file's path as editors see it: from the knowledge folder's name down."""
    try:
        return f"{directory.name}/{path.relative_to(directory).as_posix()}"
    except ValueError:
        return path.name
