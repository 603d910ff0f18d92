"""Read a YAML file into plain values plus the line of every node, for error messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from consultbot.knowledge.problems import Location

try:
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - libyaml is missing on some platforms
    # The pure-Python loader under the C one's name: the same interface, another class.
    from yaml import SafeLoader  # type: ignore[assignment]

__all__ = [
    "MAX_CHARS",
    "MAX_DEPTH",
    "MAX_VALUES",
    "Location",
    "ParsedYaml",
    "YamlSyntaxError",
    "parse_yaml",
]

# Aliases (*name) repeat a block without repeating its text, so a few hundred bytes can stand
# for billions of values (the "billion laughs"). A knowledge file has a few thousand values
# and nests a handful of levels; these bounds are checked on the parsed graph, before
# anything is expanded, so a hostile file costs microseconds and no memory.
MAX_VALUES = 100_000
MAX_DEPTH = 40
# Few values can still be a lot of text: one long string repeated by aliases thousands of
# times once cost the matcher minutes of CPU. The text a file stands for, aliases expanded,
# may be no longer than the largest file allowed.
MAX_CHARS = 1024 * 1024


@dataclass(slots=True)
class ParsedYaml:
    """A file's data, the line of each location in it, and duplicate keys found."""

    data: Any
    lines: dict[Location, int] = field(default_factory=dict)
    duplicate_keys: list[tuple[Location, int]] = field(default_factory=list)

    def line_of(self, location: Location) -> int | None:
        """Return the line of a location, or of its nearest parent that has one."""
        for end in range(len(location), -1, -1):
            line = self.lines.get(tuple(location[:end]))
            if line is not None:
                return line
        return None


class YamlSyntaxError(Exception):
    """A file is not valid YAML; carries the line the parser stopped at."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def parse_yaml(text: str) -> ParsedYaml:
    """Parse YAML text, keeping the line (1-based) of every mapping key and list item."""
    try:
        node = yaml.compose(text, Loader=SafeLoader)
        parsed = ParsedYaml(data=None)
        if node is None:
            return parsed
        _check_size(node)
        loader = SafeLoader("")
        try:
            parsed.data = _Converter(parsed, loader).convert(node, ())
        finally:
            loader.dispose()
        return parsed
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(error, text) from None
    except yaml.YAMLError as error:
        raise YamlSyntaxError(f"YAML syntax error: {error}", None) from None
    except RecursionError:
        raise YamlSyntaxError(
            f"nests blocks too deeply to read; use at most {MAX_DEPTH} levels", None
        ) from None


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check_size(root: yaml.Node) -> None:
    """Refuse a document that expands to more than MAX_VALUES values, MAX_CHARS characters or
    MAX_DEPTH levels.

    Counts each node as often as aliases repeat it (merge keys included), without expanding
    anything: sizes and depths are memoised per node, and the walk uses its own stack.
    """
    size: dict[int, int] = {}
    chars: dict[int, int] = {}
    depth: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            children = [child for child in _children(node) if id(child) in size]
            size[key] = 1 + sum(size[id(child)] for child in children)
            chars[key] = (
                len(node.value)
                if isinstance(node, yaml.ScalarNode)
                else sum(chars[id(child)] for child in children)
            )
            depth[key] = 1 + max((depth[id(child)] for child in children), default=0)
            if size[key] > MAX_VALUES:
                raise YamlSyntaxError(
                    f"expands to more than {MAX_VALUES:,} values (aliases, *name, repeat whole "
                    "blocks); write the values out or split the file",
                    node.start_mark.line + 1,
                )
            if chars[key] > MAX_CHARS:
                raise YamlSyntaxError(
                    f"expands to more than {MAX_CHARS:,} characters of text (aliases, *name, "
                    "repeat it); write the text out once or split the file",
                    node.start_mark.line + 1,
                )
            if depth[key] > MAX_DEPTH:
                raise YamlSyntaxError(
                    f"nests blocks more than {MAX_DEPTH} levels deep; flatten it",
                    node.start_mark.line + 1,
                )
            continue
        if key in size or key in depth:
            continue
        depth[key] = 0  # open: an alias back to it is a loop, reported by the converter
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in depth)


def _syntax_error(error: yaml.MarkedYAMLError, text: str) -> YamlSyntaxError:
    """Describe a parser error at the line an editor should look at."""
    last_line = text.rstrip().count("\n") + 1

    def line_of(mark: yaml.Mark | None) -> int | None:
        # A mark on the empty line after the last one belongs to the last line.
        return min(mark.line + 1, last_line) if mark is not None else None

    problem_mark = error.problem_mark or error.context_mark
    line = line_of(problem_mark)
    hint = ""
    if error.context:
        start = line_of(error.context_mark)
        at_end = problem_mark is not None and problem_mark.index >= len(text.rstrip())
        if at_end and start is not None:
            # The parser ran off the end; the mistake is where the unfinished block opened.
            line = start
            hint = f" ({error.context} that is still open when the file ends)"
        elif start is not None and start != line:
            hint = f" ({error.context} that starts on line {start})"
        else:
            hint = f" ({error.context})"
    return YamlSyntaxError(f"YAML syntax error: {error.problem or 'invalid YAML'}{hint}", line)


@dataclass(slots=True)
class _Converter:
    """Turn composed nodes into plain values, recording lines and refusing alias loops."""

    parsed: ParsedYaml
    loader: Any
    open_nodes: set[int] = field(default_factory=set)

    def convert(self, node: yaml.Node, location: Location) -> Any:
        """Return the plain value of a node and record where each part of it starts."""
        self.parsed.lines.setdefault(location, node.start_mark.line + 1)
        if isinstance(node, yaml.ScalarNode):
            return self.loader.construct_object(node, deep=True)
        if id(node) in self.open_nodes:
            raise YamlSyntaxError(
                "YAML syntax error: an alias (*name) refers to a block that contains it",
                node.start_mark.line + 1,
            )
        self.open_nodes.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, location)
            return [self.convert(item, (*location, i)) for i, item in enumerate(node.value)]
        finally:
            self.open_nodes.discard(id(node))

    def _mapping(self, node: yaml.MappingNode, location: Location) -> dict[str, Any]:
        """Convert a mapping, keeping each key as written and noting keys given twice."""
        self.loader.flatten_mapping(node)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            # Keys stay as written ("10", "yes"), so a number never reads as a list index.
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "(a group)"
            child = (*location, key)
            line = key_node.start_mark.line + 1
            if key in result:
                self.parsed.duplicate_keys.append((child, line))
            self.parsed.lines[child] = line
            result[key] = self.convert(value_node, child)
        return result
