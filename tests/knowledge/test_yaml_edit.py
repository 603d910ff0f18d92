"""Adding a phrasing to the YAML file holding an item: comments kept, checked, atomic, refused
plainly when it cannot be done. Every test edits a temporary copy of the shipped knowledge."""

from __future__ import annotations

import os
import shutil
import stat
import threading
from pathlib import Path

import pytest

from consultbot.knowledge.loader import load_knowledge
from consultbot.knowledge.yaml_edit import EditRefused, Proposal, apply, propose
from consultbot.resources import example_knowledge_dir


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    """A private copy of the shipped knowledge folder."""
    return Path(shutil.copytree(example_knowledge_dir(), tmp_path / "knowledge"))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def only_difference(before: str, after: str) -> tuple[list[str], list[str]]:
    """Return the lines only in ``before`` and only in ``after``, in order."""
    old, new = before.splitlines(), after.splitlines()
    return [line for line in old if line not in new], [line for line in new if line not in old]


def test_an_example_added_to_a_block_list_is_the_only_new_line_and_comments_stay(
    knowledge: Path,
) -> None:
    faq = knowledge / "faq.yaml"
    before = faq.read_text(encoding="utf-8")
    assert before.lstrip().startswith("#")
    apply(knowledge, Proposal("consultation", "examples", "put me through to your architects"))
    after = faq.read_text(encoding="utf-8")
    old, new = before.splitlines(), after.splitlines()
    added = [line for line in new if line not in old]
    assert added == ["      - put me through to your architects"]
    new.remove(added[0])
    assert new == old
    assert "put me through to your architects" in {
        example
        for intent in load_knowledge(knowledge).intents
        if intent.id == "consultation"
        for example in intent.examples
    }


def test_a_phrase_added_to_a_flow_list_changes_only_that_line(knowledge: Path) -> None:
    page = knowledge / "comparisons" / "django-vs-fastapi.yaml"
    before = page.read_text(encoding="utf-8")
    apply(
        knowledge,
        Proposal("django-vs-fastapi/criterion/documentation", "related", "manual pages quality"),
    )
    after = page.read_text(encoding="utf-8")
    removed, added = only_difference(before, after)
    assert len(removed) == len(added) == 1
    assert added[0] == removed[0][:-1] + ", manual pages quality]"
    assert len(before.splitlines()) == len(after.splitlines())
    assert [line for line in before.splitlines() if line.lstrip().startswith("#")] == [
        line for line in after.splitlines() if line.lstrip().startswith("#")
    ]


def test_a_cue_goes_to_the_kind_of_question_in_cues_yaml(knowledge: Path) -> None:
    edited = apply(knowledge, Proposal("django-vs-fastapi/pitfalls", "cue", "what bites teams"))
    assert edited.path.name == "cues.yaml"
    cues = [c for c in load_knowledge(knowledge).cues if c.kind == "pitfalls"]
    assert any("what bites teams" in cue.phrases for cue in cues)


def test_a_proposal_is_checked_in_memory_and_writes_nothing(knowledge: Path) -> None:
    before = snapshot(knowledge)
    edited = propose(knowledge, Proposal("thanks", "examples", "ta very much"))
    assert "ta very much" in edited.after and "ta very much" not in edited.before
    assert any("ta very much" in i.examples for i in edited.knowledge.intents)
    assert snapshot(knowledge) == before


@pytest.mark.parametrize(
    ("proposal", "says"),
    [
        # "tiangolo" is FastAPI's; a name may belong to one framework only.
        (Proposal("framework/django", "aliases", "tiangolo"), "knowledge check fails"),
        (Proposal("thanks", "examples", "thanks"), "already one of the examples"),
        (Proposal("thanks", "examples", "   "), "Type the words"),
        (Proposal("thanks", "examples", "x" * 201), "under 200 characters"),
        (Proposal("thanks", "examples", "tab\there\x07"), "cannot be shown"),
        (Proposal("django-vs-fastapi/criterion/documentation", "related", "a " * 9), "8 words"),
        (Proposal("no-such-item", "examples", "hello there friend"), "No knowledge file"),
        # Not item ids at all (a tampered form): refused like an item that is gone.
        (Proposal("django-vs-fastapi//documentation", "related", "manuals"), "No knowledge file"),
        (Proposal("a/b/c/d", "related", "manuals"), "No knowledge file"),
        (Proposal("thanks", "shoe_size", "hello"), "Choose what to add"),
    ],
)
def test_a_bad_edit_is_refused_with_the_reason_and_changes_nothing(
    knowledge: Path, proposal: Proposal, says: str
) -> None:
    before = snapshot(knowledge)
    with pytest.raises(EditRefused) as refused:
        apply(knowledge, proposal)
    assert says in refused.value.message
    assert snapshot(knowledge) == before


def test_a_read_only_knowledge_folder_is_said_plainly_and_nothing_changes(
    knowledge: Path,
) -> None:
    before = snapshot(knowledge)
    modes = {}
    for path in [knowledge, *knowledge.rglob("*")]:
        modes[path] = path.stat().st_mode
        os.chmod(path, stat.S_IMODE(modes[path]) & ~0o222)
    try:
        with pytest.raises(EditRefused) as refused:
            apply(knowledge, Proposal("thanks", "examples", "many thanks indeed"))
    finally:
        for path, mode in sorted(modes.items(), key=lambda item: -len(item[0].parts)):
            os.chmod(path, stat.S_IMODE(mode))
    assert "read-only" in refused.value.message and str(knowledge) in refused.value.message
    assert snapshot(knowledge) == before


def test_a_read_only_file_in_a_writable_folder_is_refused_too(knowledge: Path) -> None:
    faq = knowledge / "faq.yaml"
    os.chmod(faq, 0o444)
    with pytest.raises(EditRefused) as refused:
        apply(knowledge, Proposal("thanks", "examples", "many thanks indeed"))
    assert "read-only" in refused.value.message
    assert not list(knowledge.glob(".consultbot-edit-*"))
    assert "many thanks indeed" not in faq.read_text(encoding="utf-8")


def test_two_editors_adding_to_one_file_at_once_both_keep_their_phrase(knowledge: Path) -> None:
    phrases = [f"thank you kindly {n}" for n in ("alpha", "beta", "gamma", "delta")]
    errors: list[BaseException] = []

    def add(phrase: str) -> None:
        try:
            apply(knowledge, Proposal("thanks", "examples", phrase))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=add, args=(phrase,)) for phrase in phrases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    examples = next(i for i in load_knowledge(knowledge).intents if i.id == "thanks").examples
    assert set(phrases) <= set(examples)
    assert not list(knowledge.glob(".consultbot-edit-*"))


def test_an_edit_leaves_no_file_behind_in_the_knowledge_folder(knowledge: Path) -> None:
    before = snapshot(knowledge)
    apply(knowledge, Proposal("consultation", "examples", "put me through to your architects"))
    after = snapshot(knowledge)
    assert set(after) == set(before)  # no lock or temporary file is left in the folder
    assert [name for name in after if after[name] != before[name]] == ["faq.yaml"]
