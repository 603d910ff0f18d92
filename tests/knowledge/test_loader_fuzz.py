"""Whatever an editor saves, loading reports problems instead of crashing."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from consultbot.knowledge.loader import inspect_directory
from consultbot.knowledge.schema import SECTIONS

FIELD_NAMES = sorted(
    {"id", "name", "scores", "winner", "min", "max", "examples", "answer", "criteria", "tiers"}
    | set(SECTIONS)
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-5, max_value=20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
    st.sampled_from(["django", "fastapi", "tie", "weeks", "choice"]),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.sampled_from(FIELD_NAMES), children, max_size=5),
    ),
    max_leaves=25,
)
documents = st.dictionaries(st.sampled_from(FIELD_NAMES), values, max_size=4)


def inspect_text(text: str) -> None:
    """Load a folder holding one file with this text; it must not raise."""
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "file.yaml").write_text(text, encoding="utf-8")
        result = inspect_directory(Path(folder))
    assert (result.knowledge is None) == bool(result.problems)


@settings(max_examples=150, deadline=None)
@given(documents)
def test_any_structure_loads_or_reports_problems(document: dict[str, object]) -> None:
    inspect_text(yaml.safe_dump(document))


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\"#\n ?,%@`0123456789")), max_size=60))
def test_any_text_loads_or_reports_problems(text: str) -> None:
    inspect_text(text)
