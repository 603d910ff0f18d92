"""Add a visitor's phrasing to the YAML file holding an item, keeping the file's comments.

The file is read and written with ruamel.yaml's round-trip mode, so comments, key order,
quoting and flow lists stay as the editor wrote them. An edit is made only if the result
changes nothing but the one list it adds to, and passes the knowledge check: the new text
goes to a hidden temporary file in the same folder, the whole folder is checked with it in
place of the old file, and only then does an atomic rename put it in service (the hot reload
picks it up). One lock file per folder keeps two editors' edits of one file from overwriting
each other.
"""

from __future__ import annotations

import difflib
import fcntl
import io
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from consultbot.knowledge.loader import MAX_FILE_BYTES, inspect_directory, knowledge_files
from consultbot.knowledge.refs import ItemRef
from consultbot.knowledge.schema import KnowledgeBase
from consultbot.knowledge.targets import (
    ALIASES,
    CUE,
    EXAMPLES,
    ITEM_LISTS,
    OVERVIEW_CUES,
    RELATED,
)
from consultbot.knowledge.yaml_nodes import YamlSyntaxError, parse_yaml

MAX_PHRASE_CHARS = 200
# Names, related words and cues are matched as phrases of at most this many words.
MAX_WORDS = {RELATED: 8, ALIASES: 8, CUE: 8, EXAMPLES: 40}


class EditRefused(Exception):
    """The edit was not made; the message says why, in words for an editor."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class Proposal:
    """Add ``phrase`` to the ``field`` list of the item with matcher id ``intent_id``."""

    intent_id: str
    field: str
    phrase: str


@dataclass(frozen=True, slots=True)
class Edited:
    """A file's text before and after an edit, and the knowledge the result loads as."""

    path: Path
    before: str
    after: str
    knowledge: KnowledgeBase


def clean_phrase(proposal: Proposal) -> Proposal:
    """Return the proposal with its phrase tidied, or refuse a phrase that cannot be stored."""
    phrase = " ".join(proposal.phrase.split())
    if not phrase:
        raise EditRefused("Type the words to add.")
    if len(phrase) > MAX_PHRASE_CHARS:
        raise EditRefused(f"Keep the phrase under {MAX_PHRASE_CHARS} characters.")
    if not phrase.isprintable():
        raise EditRefused("The phrase holds characters that cannot be shown; retype it.")
    limit = MAX_WORDS.get(proposal.field)
    if limit is None:
        raise EditRefused("Choose what to add: an example, related words, an alias or a cue.")
    if len(phrase.split()) > limit:
        raise EditRefused(
            f"Keep {proposal.field} to at most {limit} words: pick the words that carry the "
            "meaning, or add the whole question as an example of an FAQ entry."
        )
    return Proposal(proposal.intent_id, proposal.field, phrase)


def propose(directory: Path, proposal: Proposal) -> Edited:
    """Work out the edited file and check the knowledge with it, writing nothing."""
    proposal = clean_phrase(proposal)
    for path in knowledge_files(directory):
        before = _read(path)
        data = _load(path, before) if _mentions(before, proposal) else None
        entries = _entry_list(data, proposal) if data is not None else None
        if entries is None:
            continue
        _add(entries, proposal)
        after = _dump(data)
        _check_layout(path, before, after)
        return Edited(path, before, after, _check(directory, {path: after}))
    raise EditRefused(
        f"No knowledge file holds '{proposal.intent_id}' with {proposal.field} "
        "(it may have been renamed since this page was loaded); search again."
    )


def apply(directory: Path, proposal: Proposal) -> Edited:
    """Make the edit: check it, write it beside the file, check again, rename it into place."""
    directory = Path(directory)
    _refuse_unwritable(directory)
    with _folder_lock(directory):
        edited = propose(directory, proposal)
        _refuse_unwritable(edited.path)
        temporary = _write_beside(edited.path, edited.after)
        try:
            _check(directory, {edited.path: temporary.read_text(encoding="utf-8")})
            os.chmod(temporary, stat.S_IMODE(edited.path.stat().st_mode))
            os.replace(temporary, edited.path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
    return edited


def _round_trip() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 100_000  # never re-wrap a long line
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _read(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise EditRefused(f"{path.name} cannot be read ({error.strerror}).") from None
    if len(raw) > MAX_FILE_BYTES:
        raise EditRefused(f"{path.name} is larger than the knowledge check allows.")
    try:
        text = raw.decode("utf-8")
        parse_yaml(text)  # bounded: refuses alias bombs before ruamel expands anything
    except (UnicodeDecodeError, YamlSyntaxError):
        raise EditRefused(
            f"{path.name} does not pass the knowledge check as it is; fix it first "
            "(the dashboard's Knowledge page lists the problems)."
        ) from None
    return text


def _load(path: Path, text: str) -> Any:
    try:
        return _round_trip().load(text)
    except YAMLError as error:
        raise EditRefused(f"{path.name} cannot be read as YAML ({error}); fix it first.") from None


def _mentions(text: str, proposal: Proposal) -> bool:
    """Cheaply skip files that cannot hold the item (the last part of its id is in the text)."""
    if proposal.field == CUE:
        return "cues:" in text
    ref = _ref(proposal)
    return ref is not None and (ref.id or ref.kind) in text


def _entry_list(data: Any, proposal: Proposal) -> CommentedSeq | None:
    """Find the list the phrase goes in (made empty when the entry has none yet)."""
    entry = _find_entry(data, proposal)
    if entry is None:
        return None
    key = "phrases" if proposal.field == CUE else proposal.field
    if key not in entry:
        new = CommentedSeq()
        new.fa.set_flow_style()
        after = next((k for k in ("aliases", "name", "title", "kind", "id") if k in entry), None)
        position = list(entry).index(after) + 1 if after else len(entry)
        entry.insert(position, key, new)
    found = entry[key]
    return found if isinstance(found, CommentedSeq) else None


def _find_entry(data: Any, proposal: Proposal) -> CommentedMap | None:
    if not isinstance(data, CommentedMap):
        return None
    ref = _ref(proposal)
    if ref is None:
        return None
    if proposal.field == CUE:
        overview = ref.comparison is not None and ref.id is None
        return _by_key(data.get("cues"), "kind", OVERVIEW_CUES.get(ref.kind) if overview else None)
    if proposal.field == EXAMPLES and ref.is_faq:
        return _by_key(data.get("intents"), "id", ref.id)
    if ref.is_framework and proposal.field == ALIASES:
        return _by_key(data.get("frameworks"), "id", ref.id)
    comparison = data.get("comparison")
    if ref.comparison is None or ref.id is None or not isinstance(comparison, CommentedMap):
        return None
    if comparison.get("id") != ref.comparison or ref.kind not in ITEM_LISTS:
        return None
    where, key = ITEM_LISTS[ref.kind]
    holder: Any = comparison
    for step in where:
        holder = holder.get(step) if isinstance(holder, CommentedMap) else None
    return _by_key(holder, key, ref.id)


def _ref(proposal: Proposal) -> ItemRef | None:
    """The item the proposal names, or None when its id (from a form) is not one."""
    try:
        return ItemRef.parse(proposal.intent_id)
    except ValueError:
        return None


def _by_key(entries: Any, key: str, value: str | None) -> CommentedMap | None:
    if value is None or not isinstance(entries, CommentedSeq):
        return None
    return next((e for e in entries if isinstance(e, CommentedMap) and e.get(key) == value), None)


def _add(entries: CommentedSeq, proposal: Proposal) -> None:
    known = {str(item).casefold() for item in entries}
    if proposal.phrase.casefold() in known:
        raise EditRefused(
            f"'{proposal.phrase}' is already one of the {proposal.field} of this item; "
            "nothing to add."
        )
    entries.append(proposal.phrase)


def _dump(data: Any) -> str:
    out = io.StringIO()
    _round_trip().dump(data, out)
    return out.getvalue()


def _check_layout(path: Path, before: str, after: str) -> None:
    """Refuse a result that changes more than the one list (the phrase's line or a new line)."""
    old, new = before.splitlines(), after.splitlines()
    changes = [
        op for op in difflib.SequenceMatcher(None, old, new).get_opcodes() if op[0] != "equal"
    ]
    if len(changes) == 1:
        tag, i1, i2, j1, j2 = changes[0]
        if i2 - i1 <= 1 and 1 <= j2 - j1 <= 2:
            return
    raise EditRefused(
        f"Adding the phrase would change other lines of {path.name} too (its layout is "
        "unusual), so nothing was written. Add it by hand, then run the knowledge check."
    )


def _check(directory: Path, overrides: dict[Path, str]) -> KnowledgeBase:
    inspection = inspect_directory(directory, overrides)
    if inspection.knowledge is None:
        problems = "; ".join(str(problem) for problem in inspection.problems[:3])
        raise EditRefused(
            f"The knowledge check fails with this change, so it was not made: {problems}"
        )
    return inspection.knowledge


def _refuse_unwritable(path: Path) -> None:
    """Refuse plainly when the service may not write there (a read-only mode counts for root)."""
    try:
        mode = path.stat().st_mode
    except OSError as error:
        raise EditRefused(f"{path} cannot be read ({error.strerror}).") from None
    if not os.access(path, os.W_OK) or not mode & stat.S_IWUSR:
        what = "knowledge folder" if path.is_dir() else "knowledge file"
        raise EditRefused(
            f"The {what} {path} is read-only for the service, so nothing was changed. "
            "Make it writable (or edit the file where the knowledge is kept and deploy it)."
        )


def _write_beside(path: Path, text: str) -> Path:
    """Write text to a hidden temporary file in the same folder (so the rename is atomic)."""
    try:
        handle = tempfile.NamedTemporaryFile(
            "w",
            encoding="utf-8",
            dir=path.parent,
            prefix=".consultbot-edit-",
            suffix=".tmp",
            delete=False,
        )
        with handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as error:
        raise EditRefused(
            f"The knowledge folder {path.parent} cannot be written ({error.strerror}), "
            "so nothing was changed."
        ) from None
    return Path(handle.name)


@contextmanager
def _folder_lock(directory: Path) -> Iterator[None]:
    """Hold the folder's edit lock: edits by other workers wait instead of being lost.

    The lock is on the folder itself, so no lock file is left among the editors' files.
    """
    try:
        descriptor = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as error:
        raise EditRefused(
            f"The knowledge folder {directory} cannot be written ({error.strerror}), "
            "so nothing was changed."
        ) from None
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)
