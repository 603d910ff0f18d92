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


def laughs(levels: int = 9) -> str:
    """The "billion laughs": each level an alias list of the one before, 9**levels values."""
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        previous = ", ".join([f"*l{level - 1}"] * 9)
        lines.append(f"l{level}: &l{level} [{previous}]")
    return "\n".join(lines) + "\n"


def merge_bomb(levels: int = 40) -> str:
    """Merge keys that double a mapping's entries at each level."""
    lines = ["m0: &m0 {a: 1, b: 2}"]
    for level in range(1, levels):
        lines.append(f"m{level}: &m{level} {{<<: [*m{level - 1}, *m{level - 1}], k{level}: 1}}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (laughs(), "expands to more than 100,000 values"),
        (merge_bomb(), "expands to more than 100,000 values"),
        ("a: " + "[" * 200 + "]" * 200 + "\n", "nests blocks more than 40 levels deep"),
        ("a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 60)), "more than 40 levels"),
    ],
    ids=["billion-laughs", "merge-keys", "deep-flow", "deep-block"],
)
def test_hostile_documents_are_refused_before_anything_is_expanded(text: str, message: str) -> None:
    assert len(text.encode()) < 5000
    with pytest.raises(YamlSyntaxError) as raised:
        parse_yaml(text)

    assert message in raised.value.message
    assert raised.value.line is not None


def test_aliases_within_the_bounds_still_work() -> None:
    parsed = parse_yaml(laughs(levels=3))

    assert len(parsed.data["l2"]) == 9 and parsed.data["l2"][0] == [["lol"] * 9] * 9


def repeated_text(words: int, uses: int) -> str:
    """One anchored string of ``words`` seven-letter words, then ``uses`` aliases of it."""
    text = " ".join(["abcdefg"] * words)
    return f'examples:\n  - &w "{text}"\n' + "  - *w\n" * uses


def test_a_long_string_repeated_by_aliases_is_refused_by_its_expanded_length() -> None:
    text = repeated_text(words=1000, uses=9000)
    assert len(text.encode()) < 120_000  # a small file, far under the size and value limits
    with pytest.raises(YamlSyntaxError) as raised:
        parse_yaml(text)

    assert "expands to more than 1,048,576 characters of text" in raised.value.message
    assert raised.value.line == 2


def test_aliased_text_within_the_expanded_length_still_works() -> None:
    parsed = parse_yaml(repeated_text(words=10, uses=100))

    assert len(parsed.data["examples"]) == 101
