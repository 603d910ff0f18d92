"""The learned scorer's features: stems, neighbouring pairs and letter 4-grams."""

from __future__ import annotations

import pytest

from consultbot.matching.features import extract_features, stem


@pytest.mark.parametrize(
    ("word", "stemmed"),
    [("cards", "card"), ("booking", "book"), ("booked", "book"), ("boxes", "box"), ("bus", "bus")],
)
def test_common_endings_are_stripped_from_words_long_enough(word: str, stemmed: str) -> None:
    assert stem(word) == stemmed


def test_features_hold_stems_pairs_and_letter_grams() -> None:
    features = extract_features(["top", "cards"])
    assert {"top", "card", "top card", "#<top", "#top>", "#<car", "#ard>"} <= features
    assert "cards" not in features


def test_no_tokens_have_no_features() -> None:
    assert extract_features([]) == set()
