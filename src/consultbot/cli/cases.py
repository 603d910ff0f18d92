"""Read labelled cases (JSON Lines) from a file for `consultbot eval` and `calibrate`."""

from __future__ import annotations

import json
from pathlib import Path

from consultbot.dialogue.evaluation import Case, case_from_data
from consultbot.errors import ConsultbotError


def read_cases(path: Path) -> list[Case]:
    """Read JSONL cases: {"text" or "turns", "intent", "page_url"?}; say which line is wrong."""
    cases = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise ConsultbotError(f"{path}: cannot be read ({error.strerror})") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as error:
            raise ConsultbotError(f"{path}:{number}: not valid JSON ({error.msg})") from None
        cases.append(case_from_data(data, f"{path}:{number}"))
    if not cases:
        raise ConsultbotError(f"{path}: holds no cases")
    return cases
