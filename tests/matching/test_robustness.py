"""Any text at all gets a normal result, never an exception."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consultbot.matching.index import MatcherIndex
from consultbot.matching.matcher import determine_intent


@pytest.mark.parametrize(
    "text",
    ["", "   \n\t ", "x" * 10_000, "🙂🚀🔥", "Джанго или фастапи", "django 和 fastapi",
     "\x00\x1b[31m", "<img src=x onerror=alert(1)>", "'; DROP TABLE leads; --", "ﷺ" * 500],
)  # fmt: skip
def test_awkward_inputs_give_a_normal_result(index: MatcherIndex, text: str) -> None:
    result = determine_intent(index, text)
    assert 0 <= result.confidence <= 1
    assert result.intent is None or not result.fallback


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=3000))
def test_any_text_gives_a_valid_result(index: MatcherIndex, text: str) -> None:
    result = determine_intent(index, text)
    assert 0 <= result.confidence <= 1
    assert (result.intent is None) == (result.fallback or result.best is None)
    result.explain()
