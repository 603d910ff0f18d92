"""A problem found in a knowledge file, printed the way editors read it."""

from __future__ import annotations

from dataclasses import dataclass

Location = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in a knowledge file: where it is and what to fix."""

    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        """Write the problem as ``file:line: path: message``."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


def format_path(location: Location) -> str:
    """Write a location as editors read it: ``criteria[2].scores.django``."""
    text = ""
    for part in location:
        if part == "[key]":
            continue
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text
