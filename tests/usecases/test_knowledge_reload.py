"""Live reload: edits are picked up, a broken edit keeps the last good knowledge."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from consultbot.config import DEFAULT_KNOWLEDGE_DIR
from consultbot.errors import KnowledgeError
from consultbot.knowledge.schema import KnowledgeBase
from consultbot.knowledge.validate import LEAD_ENTRY_INTENT
from consultbot.usecases.knowledge_reload import LiveKnowledge
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


BOMB_RUN = """
import resource, sys, time
from pathlib import Path
from consultbot.usecases.knowledge_reload import LiveKnowledge
from consultbot.knowledge.schema import KnowledgeBase
from consultbot.knowledge.validate import LEAD_ENTRY_INTENT

folder = Path(sys.argv[1])
live = LiveKnowledge(folder, check_every=0)
vm = int(next(l.split()[1] for l in open("/proc/self/status") if l.startswith("VmSize:"))) * 1024
# At most 200 MB more than the process holds now: expanding a bomb needs gigabytes.
resource.setrlimit(resource.RLIMIT_AS, (vm + 200 * 2**20, vm + 200 * 2**20))
for name, text in (("bomb.yaml", sys.argv[2]), ("deep.yaml", sys.argv[3])):
    (folder / name).write_text(text)
    started = time.monotonic()
    assert live.refresh() is False
    assert time.monotonic() - started < 2, "the bomb took time to refuse"
    assert live.current().knowledge.intents[0].answer == "Hello!"
    assert f"kb/{name}:" in live.last_error, live.last_error
    print(live.last_error.splitlines()[-1])
    (folder / name).unlink()
    live.refresh()
    assert live.last_error is None
print("served throughout")
"""


def test_an_alias_bomb_is_refused_under_a_memory_cap_and_its_removal_heals(
    write_knowledge: WriteKnowledge,
) -> None:
    from tests.knowledge.test_yaml_nodes import laughs

    folder = write_knowledge({"faq.yaml": FAQ.format(answer="Hello!")})
    bomb = "intents:\n  - id: lol\n    examples: [lol]\n    answer: lol\n" + laughs()
    deep = "intents: " + "[" * 200 + "]" * 200 + "\n"
    assert len(bomb) < 700 and len(deep) < 450
    done = subprocess.run(
        [sys.executable, "-c", BOMB_RUN, str(folder), bomb, deep],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "expands to more than 100,000 values" in done.stdout
    assert "nests blocks more than 40 levels deep" in done.stdout
    assert done.stdout.strip().endswith("served throughout")


def test_an_oversized_file_is_refused_without_reading_it_all(
    write_knowledge: WriteKnowledge,
) -> None:
    folder = write_knowledge({"faq.yaml": FAQ.format(answer="Hello!")})
    live = LiveKnowledge(folder, check_every=0)
    (folder / "huge.yaml").write_text("# padding\n" * 200_000)

    assert live.refresh() is False
    assert "kb/huge.yaml: is larger than 1024 KB" in (live.last_error or "")
    assert answer_of(live) == "Hello!"


def test_any_failure_while_reloading_keeps_the_last_good_knowledge(
    write_knowledge: WriteKnowledge,
) -> None:
    def compile_index(knowledge: KnowledgeBase) -> int:
        if len(knowledge.intents) > 1:
            raise RecursionError("maximum recursion depth exceeded")
        return len(knowledge.intents)

    folder = write_knowledge({"faq.yaml": FAQ.format(answer="Hello!")})
    live = LiveKnowledge(folder, compile_index=compile_index, check_every=0)
    write_knowledge({"more.yaml": "intents:\n  - id: bye\n    examples: [bye]\n    answer: Bye.\n"})

    assert live.refresh() is False
    assert live.current().index == 1 and answer_of(live) == "Hello!"
    assert "reloading failed: RecursionError" in (live.last_error or "")
    (folder / "more.yaml").unlink()
    live.refresh()
    assert live.last_error is None


def test_in_the_background_no_request_waits_for_a_reload(
    write_knowledge: WriteKnowledge,
) -> None:
    release = threading.Event()

    def slow_compile(knowledge: KnowledgeBase) -> str:
        if knowledge.intents[0].answer != "Hello!":
            release.wait(30)
        return knowledge.intents[0].answer

    folder = write_knowledge({"faq.yaml": FAQ.format(answer="Hello!")})
    live = LiveKnowledge(folder, compile_index=slow_compile, check_every=0, background=True)
    edit(folder / "faq.yaml", FAQ.format(answer="Later."))

    started = time.monotonic()
    for _ in range(20):
        assert answer_of(live) == "Hello!"
    assert time.monotonic() - started < 0.5
    release.set()
    deadline = time.monotonic() + 10
    while answer_of(live) != "Later." and time.monotonic() < deadline:
        time.sleep(0.01)
    assert live.current().index == "Later."


@pytest.mark.parametrize("removed", ["lead_form.yaml", "faq.yaml"])
def test_an_edit_that_loses_the_way_into_the_lead_form_is_refused(
    tmp_path: Path, removed: str
) -> None:
    folder = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, folder)
    live = LiveKnowledge(folder, check_every=0)
    saved = (folder / removed).read_text()

    (folder / removed).unlink()  # a half-finished deploy: still valid knowledge, but no leads
    assert live.refresh() is False
    assert live.current().knowledge.lead_form is not None
    assert live.current().knowledge.intent(LEAD_ENTRY_INTENT) is not None
    error = live.last_error or ""
    # Without faq.yaml the cue file's intents are missing too, so the check itself refuses it,
    # naming the lost way into the form among the problems.
    assert live.edit_refused
    assert "the edit was refused" in error or "lead form needs a way in" in error

    (folder / removed).write_text(saved)
    live.refresh()
    assert not live.edit_refused
