"""Who is answering: asked by grammar or by the entry's own phrases, not by the word "bot"."""

from __future__ import annotations

import pytest

from consultbot.matching.evidence import MatchContext
from consultbot.matching.index import MatcherIndex
from consultbot.matching.matcher import determine_intent

ON_PAGE = MatchContext("django-vs-fastapi")


@pytest.mark.parametrize(
    "text",
    ["are you a bot?", "ur a bot right", "u a bot?", "is this automated?",
     "am I talking to a human?"],
)  # fmt: skip
def test_asking_who_answers(index: MatcherIndex, text: str) -> None:
    assert determine_intent(index, text, ON_PAGE).intent == "bot-identity"


@pytest.mark.parametrize("text", ["you're a useless bot lol", "you stupid bot", "useless bot"])
def test_naming_the_bot_without_asking_gets_no_introduction(index: MatcherIndex, text: str) -> None:
    read = determine_intent(index, text, ON_PAGE)
    assert read.intent is None


@pytest.mark.parametrize(
    "text", ["human or machine??", "so: chatbot or real person", "ai or human"]
)
def test_two_kinds_of_answerer_set_against_each_other_ask_who_answers(
    index: MatcherIndex, text: str
) -> None:
    assert determine_intent(index, text, ON_PAGE).intent == "bot-identity"


def test_or_between_other_words_asks_nothing_about_us(index: MatcherIndex) -> None:
    read = determine_intent(index, "should a human or a cron job run the ml model nightly", ON_PAGE)
    assert read.intent != "bot-identity"


@pytest.mark.parametrize(
    "text",
    [
        "are you basically a gpt wrapper bot?",
        "who am i chatting with, is it some sort of ai?",
        "is a human answering this or a machine",
    ],
)
def test_who_answers_asked_with_hedges_or_words_between(index: MatcherIndex, text: str) -> None:
    assert determine_intent(index, text, ON_PAGE).intent == "bot-identity"


def test_calling_it_a_bot_asks_nothing(index: MatcherIndex) -> None:
    assert determine_intent(index, "you are a pointless bot", ON_PAGE).intent != "bot-identity"


@pytest.mark.parametrize("text", ["bot or an actual human?", "is it a bot or a human typing?"])
def test_two_answerers_joined_inside_an_entry_phrase_still_ask_who_answers(
    index: MatcherIndex, text: str
) -> None:
    # "machine or" / "or a human": one of the two words is inside the entry's own phrase, the
    # other is the consultation's cue "human"; together they ask what is answering.
    assert determine_intent(index, text, ON_PAGE).intent == "bot-identity"


def test_what_the_assistant_is_and_what_it_is_for(index: MatcherIndex) -> None:
    assert determine_intent(index, "hi there, what is this assistant? a bot?", ON_PAGE).intent == (
        "bot-identity"
    )
    assert determine_intent(index, "what is this assistant for?", ON_PAGE).intent == (
        "capabilities"
    )


def test_who_is_writing_asked_is_who_answers(index: MatcherIndex) -> None:
    assert determine_intent(index, "is a person answering me right now", ON_PAGE).intent == (
        "bot-identity"
    )
    read = determine_intent(index, "is a person writing these comparison pages?", ON_PAGE)
    assert read.intent != "bot-identity"
