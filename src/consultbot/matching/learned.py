"""Compile match targets into an index: per-feature weights for every intent, learned once.

Each example phrase becomes a set of features (word stems, stem pairs, letter 4-grams), scaled
by how rare the feature is (IDF). A few passes of softmax regression then give every feature a
weight per intent: words shared by many intents end near zero, words that tell intents apart get
large weights. Scoring a message adds up the weights of its features, so every decision can be
explained word by word.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from consultbot.matching.features import extract_features
from consultbot.matching.normalize import normalize, tokenize
from consultbot.matching.typos import TypoCorrector

EPOCHS = 4
MAX_EPOCHS = 30
EPOCH_BUDGET = 40_000
LEARNING_RATE = 1.0
LEARNING_DECAY = 0.75
BATCH_SIZE = 32
SEED = 7
DEFAULT_THRESHOLD = 0.4
DEFAULT_MARGIN = 0.05

Lexicon = Mapping[tuple[str, ...], tuple[tuple[str, str], ...]]


@dataclass(frozen=True, slots=True)
class MatchTarget:
    """Something a message can be matched to: an intent id, its example phrases, its title."""

    intent_id: str
    examples: tuple[str, ...]
    title: str = ""
    kind: str = "faq"
    mentions: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class MatcherSettings:
    """The fallback threshold on confidence, and the margin under which two are too close."""

    threshold: float = DEFAULT_THRESHOLD
    margin: float = DEFAULT_MARGIN


@dataclass(frozen=True, slots=True, eq=False)
class MatcherIndex:
    """Everything needed to match a message, built once per knowledge version."""

    targets: tuple[MatchTarget, ...]
    features: Mapping[str, int]
    idf: np.ndarray
    weights: np.ndarray
    bias: np.ndarray
    feature_names: tuple[str, ...]
    corrector: TypoCorrector
    lexicon: Lexicon = field(default_factory=dict)
    rules: Mapping[tuple[str, str], int] = field(default_factory=dict)
    exact: Mapping[str, int] = field(default_factory=dict)
    settings: MatcherSettings = MatcherSettings()

    def position(self, intent_id: str) -> int | None:
        """Return the row of an intent in the index, if present."""
        return next((i for i, t in enumerate(self.targets) if t.intent_id == intent_id), None)


def prepare(text: str, corrector: TypoCorrector | None = None) -> tuple[list[str], dict[str, str]]:
    """Normalise and tokenise text, fixing typos; return tokens and the corrections made."""
    tokens = tokenize(normalize(text))
    corrections: dict[str, str] = {}
    if corrector is not None:
        for position, token in enumerate(tokens):
            fixed = corrector.correct(token)
            if fixed is not None:
                corrections[token] = fixed
                tokens[position] = fixed
    return tokens, corrections


def build_index(
    targets: Sequence[MatchTarget],
    lexicon: Lexicon | None = None,
    settings: MatcherSettings | None = None,
) -> MatcherIndex:
    """Learn feature weights from the targets' examples and return the compiled index."""
    lexicon = dict(lexicon or {})
    labels: list[int] = []
    words: set[str] = {word for phrase in lexicon for word in phrase}
    exact: dict[str, int] = {}
    vocabulary: dict[str, int] = {}
    encoded: list[np.ndarray] = []
    for label, target in enumerate(targets):
        for example in target.examples:
            tokens, _ = prepare(example)
            words.update(tokens)
            exact.setdefault(" ".join(tokens), label)
            # Encode at once: holding every example's feature strings would cost tens of MB.
            ids = [vocabulary.setdefault(f, len(vocabulary)) for f in extract_features(tokens)]
            encoded.append(np.array(sorted(ids), dtype=np.int32))
            labels.append(label)
    document_frequency = np.zeros(len(vocabulary), dtype=np.float32)
    for ids in encoded:
        document_frequency[ids] += 1
    idf = (np.log((1 + len(encoded)) / (1 + document_frequency)) + 1).astype(np.float32)
    weights, bias = _train(encoded, np.array(labels), idf, len(vocabulary), len(targets))
    rules = {mention: position for position, t in enumerate(targets) for mention in t.mentions}
    return MatcherIndex(
        targets=tuple(targets),
        features=vocabulary,
        idf=idf,
        weights=weights,
        feature_names=tuple(vocabulary),
        bias=bias,
        corrector=TypoCorrector(words),
        lexicon=lexicon,
        rules=rules,
        exact=exact,
        settings=settings or MatcherSettings(),
    )


def feature_vector(ids: np.ndarray, idf: np.ndarray) -> np.ndarray:
    """Return the unit-length IDF vector of a set of feature ids."""
    values = idf[ids]
    norm = float(np.linalg.norm(values))
    return values / norm if norm else values


def _train(
    encoded: list[np.ndarray], labels: np.ndarray, idf: np.ndarray, n_features: int, n_targets: int
) -> tuple[np.ndarray, np.ndarray]:
    weights = np.zeros((n_features, n_targets), dtype=np.float32)
    bias = np.zeros(n_targets, dtype=np.float32)
    if not encoded or n_targets == 0:
        return weights, bias
    vectors = [feature_vector(ids, idf) for ids in encoded]
    rng = np.random.default_rng(SEED)
    rate = LEARNING_RATE
    # Small knowledge bases train in milliseconds, so they get more passes over their examples.
    epochs = max(EPOCHS, min(MAX_EPOCHS, EPOCH_BUDGET // len(encoded)))
    decay = LEARNING_DECAY ** (EPOCHS / epochs)
    for _ in range(epochs):
        order = rng.permutation(len(encoded))
        for start in range(0, len(order), BATCH_SIZE):
            batch = order[start : start + BATCH_SIZE]
            ids = np.concatenate([encoded[i] for i in batch])
            values = np.concatenate([vectors[i] for i in batch])
            lengths = [len(encoded[i]) for i in batch]
            rows = np.repeat(np.arange(len(batch)), lengths)
            contributions = weights[ids] * values[:, None]
            logits = np.add.reduceat(contributions, np.cumsum([0, *lengths[:-1]]), axis=0)
            logits += bias
            logits -= logits.max(axis=1, keepdims=True)
            probabilities = np.exp(logits)
            probabilities /= probabilities.sum(axis=1, keepdims=True)
            probabilities[np.arange(len(batch)), labels[batch]] -= 1
            updates = values[:, None] * probabilities[rows]
            order_by_id = np.argsort(ids, kind="stable")
            unique_ids, starts = np.unique(ids[order_by_id], return_index=True)
            weights[unique_ids] -= rate * np.add.reduceat(updates[order_by_id], starts, axis=0)
            bias -= rate * 0.1 * probabilities.sum(axis=0)
        rate *= decay
    return weights, bias
