"""The small, safe markup answers and site texts may carry: links, bold, bullet lists.

Editors write::

    Read [our migration guide](https://example.com/guide) first. **Plan a week for tests.**
    - one bullet per line,
    - each starting with "- "

and the widget API sends both a plain ``text`` (old widgets, transcripts, exports: a link
reads "our migration guide (https://example.com/guide)") and ``blocks``, a structure the
widget builds DOM nodes from with ``textContent`` only. No HTML ever crosses: ``<b>`` in a
text stays the four characters ``<b>``.

Only ``http://`` and ``https://`` addresses become links, written as ``[text](address)`` or
bare. Anything else (``javascript:``, ``data:``, a relative path) stays plain text, and the
knowledge check refuses it with the file and field (``link_problems``). A backslash makes the
next mark literal (``\\*``, ``\\[``); ``escape`` does that to a visitor's own words before the
assistant repeats them, so a visitor cannot make links or bold appear in a reply.

Every pattern is bounded, so parsing costs time linear in the text's length whatever it holds.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, Literal

MAX_LINK_TEXT = 300
MAX_URL = 2048
MAX_BOLD = 1000
# Texts read before, kept read (a reply's text is written as plain text and as blocks for
# every message that gets it; most are the knowledge's own). Both results are immutable.
CACHED_TEXTS = 512
_ESCAPABLE = "\\*[]()-:"
_SAFE_URL = re.compile(rf"https?://[^\s<>\"'`()\[\]\\]{{1,{MAX_URL}}}", re.IGNORECASE)
_BULLET = re.compile(r"^\s{0,3}- (?=\S)")
# One pass, left to right: an escape, a [link](target), **bold**, or a bare http(s) address.
_INLINE = re.compile(
    rf"\\(?P<escaped>[{re.escape(_ESCAPABLE)}])"
    rf"|\[(?P<label>[^\[\]\n]{{1,{MAX_LINK_TEXT}}})\]\((?P<target>[^()\s]{{1,{MAX_URL}}})\)"
    rf"|\*\*(?P<bold>[^*\s](?:[^*\n]{{0,{MAX_BOLD}}}[^*\s\\])?)\*\*"
    rf"|(?P<bare>https?://[^\s<>\"'`()\[\]\\]{{1,{MAX_URL}}}(?<![.,;:!?]))",
    re.IGNORECASE,
)
# A [text](target) whose target is not a web address: what the knowledge check refuses.
_ANY_LINK = re.compile(
    rf"(?<!\\)\[(?P<label>[^\[\]\n]{{1,{MAX_LINK_TEXT}}})\]\((?P<target>[^)\n]{{0,{MAX_URL}}})\)"
)


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text, bold or not, possibly a link to an http(s) address."""

    text: str
    bold: bool = False
    href: str | None = None

    def to_json(self) -> dict[str, Any]:
        """Return the span as the API sends it: keys only where they say something."""
        data: dict[str, Any] = {"text": self.text}
        if self.bold:
            data["bold"] = True
        if self.href is not None:
            data["href"] = self.href
        return data

    def plain(self) -> str:
        """Write the span as plain text: a link's address follows its words in brackets."""
        if self.href is None or self.href == self.text:
            return self.text
        return f"{self.text} ({self.href})"


Line = tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph (its lines) or a bullet list (its items), each a row of spans."""

    kind: Literal["paragraph", "list"]
    lines: tuple[Line, ...]

    def to_json(self) -> dict[str, Any]:
        """Return the block as the API sends it."""
        rows = [[span.to_json() for span in line] for line in self.lines]
        if self.kind == "list":
            return {"type": "list", "items": rows}
        return {"type": "paragraph", "lines": rows}

    def plain(self) -> str:
        """Write the block as plain text, a list one "- item" per line."""
        rows = ["".join(span.plain() for span in line) for line in self.lines]
        if self.kind == "list":
            rows = [f"- {row}" for row in rows]
        return "\n".join(rows)


def is_web_address(target: str) -> bool:
    """Tell whether a link target is a whole http(s) address with a host."""
    return _SAFE_URL.fullmatch(target) is not None and "//" in target and _host(target) != ""


def _host(target: str) -> str:
    return target.split("//", 1)[1].split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]


@functools.lru_cache(maxsize=CACHED_TEXTS)
def parse(text: str) -> tuple[Block, ...]:
    """Read a text's paragraphs, bullet lists, links and bold into blocks."""
    blocks: list[Block] = []
    kind: Literal["paragraph", "list"] | None = None
    lines: list[Line] = []
    row_kind: Literal["paragraph", "list"] | None
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        bullet = _BULLET.match(raw)
        if not raw.strip():
            row_kind = None
        else:
            row_kind = "list" if bullet else "paragraph"
        if row_kind != kind or row_kind is None:
            if kind is not None and lines:
                blocks.append(Block(kind, tuple(lines)))
            kind, lines = row_kind, []
        if row_kind is not None:
            lines.append(parse_inline(raw[bullet.end() :] if bullet else raw))
    if kind is not None and lines:
        blocks.append(Block(kind, tuple(lines)))
    return tuple(blocks)


def parse_inline(text: str, bold: bool = False) -> Line:
    """Read one line's links, bold and escapes into spans; everything else is literal text."""
    spans: list[Span] = []
    literal: list[str] = []

    def flush() -> None:
        if literal:
            spans.append(Span("".join(literal), bold))
            literal.clear()

    last = 0
    for match in _INLINE.finditer(text):
        literal.append(text[last : match.start()])
        last = match.end()
        if match["escaped"] is not None:
            literal.append(match["escaped"])
        elif match["label"] is not None:
            target = match["target"]
            if is_web_address(target):
                flush()
                label = "".join(s.text for s in parse_inline(match["label"], bold))
                spans.append(Span(label, bold, target))
            else:  # not a web address: the whole thing stays as written
                literal.append(match.group(0))
        elif match["bold"] is not None and not bold:
            flush()
            spans.extend(parse_inline(match["bold"], bold=True))
        elif match["bold"] is not None:
            literal.append(match.group(0))
        else:
            flush()
            spans.append(Span(match["bare"], bold, match["bare"]))
    literal.append(text[last:])
    flush()
    return tuple(span for span in spans if span.text)


@functools.lru_cache(maxsize=CACHED_TEXTS)
def to_plain(text: str) -> str:
    """Write a marked-up text as plain text, line for line: no marks, links "words (address)"."""
    rows = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        bullet = _BULLET.match(raw)
        line = parse_inline(raw[bullet.end() :] if bullet else raw)
        rows.append(("- " if bullet else "") + "".join(span.plain() for span in line))
    return "\n".join(rows).strip("\n")


def to_json(text: str) -> list[dict[str, Any]]:
    """Return a marked-up text's blocks as the widget API sends them."""
    return [block.to_json() for block in parse(text)]


def escape(text: str) -> str:
    """Make every mark in a visitor's words literal, so repeating them adds no link or bold."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    escaped = re.sub(r"([\\*\[\]])", r"\\\1", text)
    escaped = re.sub(r"(?im)^(\s{0,3})-", r"\1\\-", escaped)
    return re.sub(r"(?i)(https?):", r"\1\\:", escaped)


def link_problems(text: str) -> list[str]:
    """Say what is wrong with each [text](target) whose target is not an http(s) address."""
    problems = []
    for match in _ANY_LINK.finditer(text):
        target = match["target"].strip()
        if not is_web_address(target):
            shown = target if len(target) <= 60 else target[:57] + "..."
            problems.append(
                f"the link [{match['label']}]({shown}) does not go to a web address; "
                "a link must start with https:// or http:// and name a site"
            )
    return problems
