"""The English word list and word classes: what is a word, and what can name a thing."""

from __future__ import annotations

import pytest

from consultbot.matching.english import english
from consultbot.matching.evidence import MatchContext
from consultbot.matching.index import MatcherIndex
from consultbot.matching.matcher import determine_intent

ON_PAGE = MatchContext("django-vs-fastapi")


@pytest.mark.parametrize("word", ["arrive", "rely", "typically", "mentioning", "cite"])
def test_a_verb_or_adverb_names_nothing(word: str) -> None:
    assert english().is_word(word)
    assert english().names_nothing(word)


@pytest.mark.parametrize(
    "word",
    # Nouns (also nouns that are verbs too), adjectives, and words no dictionary has.
    ["pizza", "opinions", "route", "map", "useless", "ongoing", "granian", "brazil", ""],
)
def test_a_noun_an_adjective_or_an_unknown_word_can_name_something(word: str) -> None:
    assert not english().names_nothing(word)


def test_a_verb_we_never_use_costs_less_than_a_noun_we_never_use(index: MatcherIndex) -> None:
    # The same question about the scores, with one word the knowledge never uses.
    verb = determine_intent(index, "how did you arrive at the scores", ON_PAGE)
    noun = determine_intent(index, "how did you pizza at the scores", ON_PAGE)
    assert verb.best is not None and noun.best is not None
    assert verb.best.intent_id == noun.best.intent_id == "django-vs-fastapi/scoring"
    assert verb.confidence > noun.confidence
    assert verb.intent == "django-vs-fastapi/scoring"
    # ...and still counts: the same question without it is surer still.
    plain = determine_intent(index, "how did you do the scores", ON_PAGE)
    assert plain.confidence > verb.confidence


def test_a_noun_the_question_is_about_still_sends_it_to_a_fallback(index: MatcherIndex) -> None:
    assert determine_intent(index, "what's the price of a pizza", ON_PAGE).intent is None
