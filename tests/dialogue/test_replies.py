"""What a step hands the shell: typed, frozen events instead of dicts with magic keys."""

from __future__ import annotations

import dataclasses

import pytest

from consultbot.dialogue.engine import start, step
from consultbot.dialogue.replies import (
    FALLBACK,
    HANDOFF_REQUESTED,
    Fallback,
    HandoffRequested,
    PersonRequested,
)
from consultbot.knowledge.schema import KnowledgeBase
from consultbot.matching.index import MatcherIndex


def test_a_fallback_event_carries_the_words_and_what_was_offered(
    kb: KnowledgeBase, index: MatcherIndex
) -> None:
    state = start(kb, None).state
    first = step(state, "qwxz blorp", kb, index)
    second = step(first.state, "zzkv plonk", kb, index)

    [fallback] = first.events
    assert isinstance(fallback, Fallback) and fallback.kind == FALLBACK
    assert fallback.text == "qwxz blorp" and all(isinstance(s, str) for s in fallback.suggestions)
    assert [event.kind for event in second.events] == [FALLBACK, HANDOFF_REQUESTED]
    assert second.events[1] == HandoffRequested("repeated fallbacks")


def test_events_are_frozen_values() -> None:
    event = PersonRequested("asked for a person")
    assert event == PersonRequested("asked for a person") != PersonRequested("other")
    with pytest.raises(dataclasses.FrozenInstanceError):
        event.reason = "changed"  # type: ignore[misc]
