"""Live reload: edits are picked up, a broken edit keeps the last good knowledge."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from consultbot.errors import KnowledgeError
from consultbot.knowledge.live import LiveKnowledge
from tests.knowledge.conftest import WriteKnowledge

FAQ = "intents:\n  - id: hello\n    examples: [hi]\n    answer: {answer}\n"


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def edit(path: Path, text: str) -> None:
    """Rewrite a file and move its modification time forward, as a later save would."""
    previous = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(previous + 1_000_000_000, previous + 1_000_000_000))


def answer_of(live: LiveKnowledge) -> str:
    """Return the answer of the one intent currently in service."""
    return live.current().knowledge.intents[0].answer


def test_edit_is_picked_up(write_knowledge: WriteKnowledge) -> None:
    folder = write_knowledge({"faq.yaml": FAQ.format(answer="Hello!")})
    live = LiveKnowledge(folder, check_every=0)

    edit(folder / "faq.yaml", FAQ.format(answer="Hi there!"))

    assert answer_of(live) == "Hi there!"
    assert live.last_error is None


def test_invalid_edit_keeps_last_good_knowledge_until_fixed(
    write_knowledge: WriteKnowledge,
) -> None:
    folder = write_knowledge({"faq.yaml": FAQ.format(answer="Hello!")})
    live = LiveKnowledge(folder, check_every=0)

    edit(folder / "faq.yaml", FAQ.format(answer="[unclosed"))

    assert answer_of(live) == "Hello!"
    assert live.last_error is not None
    assert "kb/faq.yaml:4: YAML syntax error" in live.last_error

    edit(folder / "faq.yaml", FAQ.format(answer="Fixed."))

    assert answer_of(live) == "Fixed."
    assert live.last_error is None


def test_new_file_is_picked_up(write_knowledge: WriteKnowledge) -> None:
    folder = write_knowledge({"faq.yaml": FAQ.format(answer="Hello!")})
    live = LiveKnowledge(folder, check_every=0)

    write_knowledge({"more.yaml": "intents:\n  - id: bye\n    examples: [bye]\n    answer: Bye.\n"})

    assert live.refresh() is True
    assert [intent.id for intent in live.current().knowledge.intents] == ["hello", "bye"]


def test_files_are_looked_at_only_after_the_interval(write_knowledge: WriteKnowledge) -> None:
    folder = write_knowledge({"faq.yaml": FAQ.format(answer="Hello!")})
    clock = FakeClock()
    live = LiveKnowledge(folder, check_every=5, clock=clock)
    edit(folder / "faq.yaml", FAQ.format(answer="Later."))

    clock.now += 4
    assert answer_of(live) == "Hello!"

    clock.now += 1
    assert answer_of(live) == "Later."


def test_first_load_must_succeed(write_knowledge: WriteKnowledge) -> None:
    folder = write_knowledge({"faq.yaml": "intents: [\n"})

    with pytest.raises(KnowledgeError):
        LiveKnowledge(folder, check_every=0)


def test_compiled_index_follows_the_knowledge(write_knowledge: WriteKnowledge) -> None:
    folder = write_knowledge({"faq.yaml": FAQ.format(answer="Hello!")})
    live = LiveKnowledge(folder, compile_index=lambda kb: len(kb.intents), check_every=0)

    write_knowledge({"more.yaml": "intents:\n  - id: bye\n    examples: [bye]\n    answer: Bye.\n"})

    assert live.current().index == 2
