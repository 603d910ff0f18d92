"""Finding the knowledge's phrases in a message: folded plurals, longest phrase first."""

from __future__ import annotations

import pytest

from consultbot.matching.phrases import NUMBER, Role, Sense, find_spots, fold, fold_all


@pytest.mark.parametrize(
    ("token", "folded"),
    [
        ("downloads", "download"),
        ("libraries", "library"),
        ("news", "news"),
        ("postgres", "postgres"),
        ("class", "class"),
        ("status", "status"),
        ("42", NUMBER),
        ("as", "as"),
    ],
)
def test_fold_makes_plurals_singular_and_numbers_one_key(token: str, folded: str) -> None:
    assert fold(token) == folded


def test_fold_all_folds_every_token() -> None:
    # Words of three letters stay as they are ("ins", "bus").
    assert fold_all(("plugins", "ins", "7")) == ("plugin", "ins", NUMBER)


CUE = (Sense(Role.CUE, "compare"),)
NAME = (Sense(Role.NAME, "criterion:docs"),)
TABLE = {
    ("out", "of", "the", "box"): (Sense(Role.RELATED, "criterion:features"),),
    ("come", "out"): CUE,
    ("doc",): NAME,
    ("vs",): CUE,
}


def test_the_longest_phrase_wins_wherever_it_starts() -> None:
    spots = find_spots(("what", "comes", "out", "of", "the", "box"), TABLE)
    assert [(s.words, s.start, s.end) for s in spots] == [("out of the box", 2, 6)]


def test_spots_keep_the_visitors_words_and_do_not_overlap() -> None:
    spots = find_spots(("docs", "vs", "doc"), TABLE)
    assert [s.words for s in spots] == ["docs", "vs", "doc"]
    assert [s.senses for s in spots] == [NAME, CUE, NAME]


@pytest.mark.parametrize("tokens", [(), ("nothing", "known", "here")])
def test_a_message_without_known_phrases_has_no_spots(tokens: tuple[str, ...]) -> None:
    assert find_spots(tokens, TABLE) == ()
