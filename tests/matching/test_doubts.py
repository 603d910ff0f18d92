"""What takes points off: things compared that no page covers, how-to and work requests."""

from __future__ import annotations

import pytest

from consultbot.matching.analysis import Analysis, analyse
from consultbot.matching.doubts import code_request, how_to_request, unknown_comparands
from consultbot.matching.evidence import MatchContext
from consultbot.matching.index import MatcherIndex
from consultbot.matching.matcher import determine_intent


def read(index: MatcherIndex, text: str) -> Analysis:
    return analyse(
        text, index.phrases, index.corrector, index.shorthand, index.known, index.english,
        index.elsewhere,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "unknown"),
    [
        ("django vs laravel", ("laravel",)),
        ("is python 3.12 faster than 3.11", ("12",)),
        ("compare fastapi and rails", ("rails",)),
        ("the difference between rails and django", ("rails",)),
    ],
)
def test_things_compared_with_ours_that_no_page_covers(
    index: MatcherIndex, text: str, unknown: tuple[str, ...]
) -> None:
    assert set(unknown) <= set(unknown_comparands(read(index, text), index.known))


@pytest.mark.parametrize(
    "text",
    [
        "django vs fastapi",
        "compare django and fastapi",
        "django scores 8 vs 9 for fastapi",
        "we chose it rather than assembling it ourselves",
        "a sentence or two on async please",
    ],
)
def test_our_own_comparisons_compare_nothing_unknown(index: MatcherIndex, text: str) -> None:
    assert unknown_comparands(read(index, text), index.known) == ()


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("how do i configure cors in fastapi", "how do i configure"),
        ("how can we deploy it on kubernetes", "how can we deploy"),
    ],
)
def test_how_do_i_with_a_verb_of_its_own_is_a_how_to_request(
    index: MatcherIndex, text: str, asked: str
) -> None:
    assert how_to_request(read(index, text)) == asked


@pytest.mark.parametrize("text", ["how do i choose between them", "how long would it take"])
def test_how_do_i_with_one_of_our_words_is_not_a_how_to_request(
    index: MatcherIndex, text: str
) -> None:
    assert how_to_request(read(index, text)) is None


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("write me a sqlalchemy model", "write me"),
        ("please fix my code", "fix my"),
        ("thanks! could you help me draft a job ad", "draft a"),
        ("ok one more thing, can u review our repo", "review our"),
    ],
)
def test_a_request_for_work_at_the_start_or_after_an_asking_word(
    index: MatcherIndex, text: str, asked: str
) -> None:
    assert code_request(read(index, text)) == asked


@pytest.mark.parametrize(
    "text", ["does fastapi generate docs so i can share them", "which one writes less code"]
)
def test_no_request_for_work_without_one_put_to_us(index: MatcherIndex, text: str) -> None:
    assert code_request(read(index, text)) is None


def test_a_greeting_yields_to_a_question_to_an_faq_entry(index: MatcherIndex) -> None:
    read = determine_intent(index, "good evening! who runs this website?", MatchContext())
    assert read.intent == "about-us"
    assert determine_intent(index, "good evening!", MatchContext()).intent == "greeting"
