"""Read a YAML file into plain values plus the line of every node, for error messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

try:
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - libyaml is missing on some platforms
    from yaml import SafeLoader  # type: ignore[assignment]

Location = tuple[str | int, ...]


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
        loader = SafeLoader("")
        try:
            parsed.data = _convert(node, (), parsed, loader)
        finally:
            loader.dispose()
        return parsed
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        problem = error.problem or "invalid YAML"
        hint = f" ({error.context})" if error.context else ""
        raise YamlSyntaxError(f"YAML syntax error: {problem}{hint}", line) from None
    except yaml.YAMLError as error:
        raise YamlSyntaxError(f"YAML syntax error: {error}", None) from None


def _convert(node: yaml.Node, location: Location, parsed: ParsedYaml, loader: Any) -> Any:
    parsed.lines.setdefault(location, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            key = key if isinstance(key, str | int) else str(key)
            child = (*location, key)
            if key in result:
                parsed.duplicate_keys.append((child, key_node.start_mark.line + 1))
            parsed.lines[child] = key_node.start_mark.line + 1
            result[key] = _convert(value_node, child, parsed, loader)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _convert(item, (*location, index), parsed, loader)
            for index, item in enumerate(node.value)
        ]
    return loader.construct_object(node, deep=True)
