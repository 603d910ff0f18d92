"""Reading YAML with the line of every node."""

from __future__ import annotations

import pytest

from consultbot.knowledge.yaml_nodes import YamlSyntaxError, parse_yaml


def test_lines_are_recorded_for_keys_and_list_items() -> None:
    parsed = parse_yaml("intents:\n  - id: a\n    examples:\n      - x\n      - y\n")

    assert parsed.line_of(("intents", 0)) == 2
    assert parsed.line_of(("intents", 0, "examples", 1)) == 5
    assert parsed.line_of(("intents", 0, "answer")) == 2


def test_keys_stay_as_written() -> None:
    parsed = parse_yaml("anchors:\n  10: top\n  yes: on\n")

    assert parsed.data == {"anchors": {"10": "top", "yes": True}}


def test_duplicate_keys_are_recorded() -> None:
    parsed = parse_yaml("a: 1\nb: 2\na: 3\n")

    assert parsed.duplicate_keys == [(("a",), 3)]


def test_merge_keys_are_supported() -> None:
    parsed = parse_yaml("base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n")

    assert parsed.data["other"] == {"x": 1, "y": 2}


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("a: [1, 2\n", 1, "flow sequence that is still open when the file ends"),
        ("a: &x [1, *x]\n", 1, "an alias (*name) refers to a block that contains it"),
        ("a: !!python/object:os.system x\n", 1, "could not determine a constructor"),
        ("a: *missing\n", 1, "found undefined alias"),
    ],
)
def test_syntax_errors_carry_a_line(text: str, line: int, message: str) -> None:
    with pytest.raises(YamlSyntaxError) as raised:
        parse_yaml(text)

    assert raised.value.line == line
    assert message in raised.value.message
