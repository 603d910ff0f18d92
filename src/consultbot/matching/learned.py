"""Learn per-feature weights for the plain FAQ intents from their examples, once.

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
from rapidfuzz import fuzz, process

from consultbot.matching.features import extract_features
from consultbot.matching.normalize import normalize, tokenize

EPOCHS = 6
MAX_EPOCHS = 30
EPOCH_BUDGET = 40_000
LEARNING_RATE = 1.0
LEARNING_DECAY = 0.75
BATCH_SIZE = 32
SEED = 7


@dataclass(frozen=True, slots=True)
class MatchTarget:
    """Something a message can be matched to: an intent id, its example phrases, its title."""

    intent_id: str
    examples: tuple[str, ...]
    title: str = ""


@dataclass(frozen=True, slots=True, eq=False)
class LearnedScorer:
    """Per-feature weights for every FAQ intent, and its examples' exact wordings."""

    targets: tuple[MatchTarget, ...]
    features: Mapping[str, int]
    idf: np.ndarray
    weights: np.ndarray
    bias: np.ndarray
    feature_names: tuple[str, ...]
    exact: Mapping[str, int] = field(default_factory=dict)
    wordings: tuple[tuple[str, ...], ...] = ()

    def nearest(
        self, tokens: Sequence[str], cutoff: float, labels: Sequence[int]
    ) -> tuple[int, float] | None:
        """Return the label and similarity (0-100) of the example worded most like the tokens.

        "what can you help me with" is worded like the example "what can you help with". Only
        the examples of ``labels`` (the learned scorer's likeliest) are compared, so the cost
        does not grow with the number of examples.
        """
        text = " ".join(tokens)
        best: tuple[int, float] | None = None
        for label in labels:
            if not text or label >= len(self.wordings):
                continue
            found = process.extractOne(
                text, self.wordings[label], scorer=fuzz.ratio, score_cutoff=cutoff
            )
            if found is not None and (best is None or found[1] > best[1]):
                best = (label, float(found[1]))
        return best

    def score(self, tokens: Sequence[str]) -> np.ndarray | None:
        """Return every intent's probability for these tokens, or None without a known feature."""
        if not self.targets:
            return None
        ids = np.fromiter(
            (self.features[f] for f in extract_features(list(tokens)) if f in self.features),
            dtype=np.intp,
        )
        if len(ids) == 0:
            return None
        logits = (feature_vector(ids, self.idf)[:, None] * self.weights[ids]).sum(axis=0)
        logits += self.bias
        probabilities: np.ndarray = np.exp(logits - logits.max())
        return probabilities / float(probabilities.sum())


def train_scorer(targets: Sequence[MatchTarget]) -> LearnedScorer:
    """Learn feature weights from the targets' examples and return the scorer."""
    labels: list[int] = []
    exact: dict[str, int] = {}
    vocabulary: dict[str, int] = {}
    encoded: list[np.ndarray] = []
    for label, target in enumerate(targets):
        for example in target.examples:
            tokens = tokenize(normalize(example))
            exact.setdefault(" ".join(tokens), label)
            # Encode at once: holding every example's feature strings would cost tens of MB.
            ids = [vocabulary.setdefault(f, len(vocabulary)) for f in extract_features(tokens)]
            encoded.append(np.array(sorted(ids), dtype=np.int32))
            labels.append(label)
        # The title is what the assistant's own quick replies say ("Consultation: free or
        # paid?"): typed or tapped, it is that entry, whatever the last answer was.
        if target.title:
            exact.setdefault(" ".join(tokenize(normalize(target.title))), label)
    document_frequency = np.zeros(len(vocabulary), dtype=np.float32)
    for example_ids in encoded:
        document_frequency[example_ids] += 1
    idf = (np.log((1 + len(encoded)) / (1 + document_frequency)) + 1).astype(np.float32)
    weights, bias = _train(encoded, np.array(labels), idf, len(vocabulary), len(targets))
    return LearnedScorer(
        targets=tuple(targets),
        features=vocabulary,
        idf=idf,
        weights=weights,
        feature_names=tuple(vocabulary),
        bias=bias,
        exact=exact,
        wordings=tuple(
            tuple(w for w, label in exact.items() if label == number)
            for number in range(len(targets))
        ),
    )


def feature_vector(ids: np.ndarray, idf: np.ndarray) -> np.ndarray:
    """Return the unit-length IDF vector of a set of feature ids."""
    values: np.ndarray = idf[ids]
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
