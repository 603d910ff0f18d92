"""The learned scorer for plain FAQ entries: probabilities from examples, nearest wordings."""

from __future__ import annotations

import numpy as np
import pytest

from consultbot.matching.learned import LearnedScorer, MatchTarget, train_scorer

TARGETS = (
    MatchTarget("hours", ("when are you open", "opening hours", "what time do you close")),
    MatchTarget("office", ("where is your office", "office address", "how do i find you")),
)


@pytest.fixture(scope="module")
def scorer() -> LearnedScorer:
    return train_scorer(TARGETS)


def test_a_message_gets_a_probability_per_entry_summing_to_one(scorer: LearnedScorer) -> None:
    probabilities = scorer.score(["when", "do", "you", "close"])
    assert probabilities is not None and probabilities.shape == (2,)
    assert float(np.sum(probabilities)) == pytest.approx(1.0)
    assert int(np.argmax(probabilities)) == 0
    office = scorer.score(["office", "address", "please"])
    assert office is not None and int(np.argmax(office)) == 1


@pytest.mark.parametrize("tokens", [[], ["zzz", "qqq"]])
def test_a_message_with_no_known_feature_gets_no_scores(
    scorer: LearnedScorer, tokens: list[str]
) -> None:
    assert scorer.score(tokens) is None


def test_examples_are_kept_as_exact_wordings(scorer: LearnedScorer) -> None:
    assert scorer.targets[scorer.exact["opening hours"]].intent_id == "hours"


def test_the_nearest_wording_among_the_given_entries(scorer: LearnedScorer) -> None:
    nearest = scorer.nearest(["where", "is", "the", "office"], 80.0, [0, 1])
    assert nearest is not None
    label, similarity = nearest
    assert scorer.targets[label].intent_id == "office" and similarity >= 80.0
    assert scorer.nearest(["where", "is", "the", "office"], 80.0, [0]) is None
    assert scorer.nearest([], 80.0, [0, 1]) is None


def test_no_entries_score_nothing() -> None:
    assert train_scorer(()).score(["anything"]) is None
