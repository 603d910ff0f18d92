"""Compiling the knowledge into the matcher's index."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from consultbot.knowledge.schema import KnowledgeBase, MatcherCalibration
from consultbot.matching.index import ConfidenceCutoffs, compile_index


def test_the_calibrated_matcher_section_sets_the_cutoffs() -> None:
    kb = KnowledgeBase(matcher=MatcherCalibration(threshold=0.43, margin=0.07))

    assert compile_index(kb).settings == ConfidenceCutoffs(threshold=0.43, margin=0.07)


def test_without_a_matcher_section_the_default_cutoffs_apply() -> None:
    assert compile_index(KnowledgeBase()).settings == ConfidenceCutoffs()


def test_a_calibrated_threshold_outside_0_to_1_is_refused() -> None:
    assert MatcherCalibration(threshold=1.0).threshold == 1.0
    with pytest.raises(ValidationError, match="less than or equal to 1"):
        MatcherCalibration(threshold=1.5)
