"""Turn tokens into the features the index weighs: stems, word pairs, and letter 4-grams."""

from __future__ import annotations

_SUFFIXES = ("ing", "ed", "es", "s")


def stem(word: str) -> str:
    """Strip a common English ending so "cards" and "card" share a feature."""
    for suffix in _SUFFIXES:
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def extract_features(tokens: list[str]) -> set[str]:
    """Return the features of a token list: stems, neighbouring stem pairs, letter 4-grams."""
    stems = [stem(token) for token in tokens]
    features = set(stems)
    features.update(f"{first} {second}" for first, second in zip(stems, stems[1:], strict=False))
    for token in stems:
        padded = f"<{token}>"
        features.update("#" + padded[i : i + 4] for i in range(len(padded) - 3))
    return features
