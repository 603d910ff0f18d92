"""Reading labelled cases (JSON Lines) for ``consultbot evaluate`` and ``calibrate``."""

from __future__ import annotations

from pathlib import Path

import pytest

from consultbot.cli.cases import read_cases
from consultbot.dialogue.evaluation import (
    Case,
)
from consultbot.errors import ConsultbotError


def test_read_cases_accepts_ids_and_null(tmp_path: Path) -> None:
    path = tmp_path / "cases.jsonl"
    path.write_text(
        '{"text": "hi", "intent": "greeting"}\n\n{"text": "weather?", "intent": null}\n'
    )
    assert read_cases(path) == [Case("hi", "greeting"), Case("weather?", None)]


def test_read_cases_accepts_conversations_on_a_page(tmp_path: Path) -> None:
    path = tmp_path / "cases.jsonl"
    path.write_text(
        '{"page_url": "/compare/x", "turns": ["which is faster", "why?"], "intent": "a"}\n'
    )
    assert read_cases(path) == [Case("why?", "a", "/compare/x", ("which is faster",))]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"text": "hi"\n', "cases.jsonl:1: not valid JSON"),
        ('{"intent": "x"}\n', 'cases.jsonl:1: expected {"text": "...", "intent": ...}'),
        ('{"turns": [], "intent": "x"}\n', "cases.jsonl:1: expected"),
        ('{"text": "a", "intent": "x", "page_url": 3}\n', "cases.jsonl:1: page_url must be"),
        ('{"text": "hi", "intent": 3}\n', "cases.jsonl:1: intent must be an id or null"),
        ("\n", "cases.jsonl: holds no cases"),
    ],
)
def test_read_cases_says_which_line_is_wrong(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "cases.jsonl"
    path.write_text(content)
    with pytest.raises(ConsultbotError, match=message):
        read_cases(path)


def test_a_missing_file_is_named_without_a_traceback(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.jsonl"
    with pytest.raises(ConsultbotError, match=r"nowhere\.jsonl: cannot be read \(No such file"):
        read_cases(missing)
