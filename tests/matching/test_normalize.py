"""Normalising visitor text."""

from __future__ import annotations

import pytest

from consultbot.matching.normalize import MAX_CHARS, normalize, tokenize


def test_case_accents_and_unicode_forms_are_folded() -> None:
    assert normalize("Ｄjángo ÉXPORT") == "django export"


def test_contractions_are_expanded() -> None:
    assert tokenize(normalize("What's Django's ORM? I don't know")) == [
        "what", "is", "django", "s", "orm", "i", "do", "not", "know",
    ]  # fmt: skip


def test_repeated_letters_are_squeezed() -> None:
    assert normalize("sooooo fassssst") == "soo fasst"


def test_markup_is_dropped_but_words_kept() -> None:
    assert tokenize(normalize("<b>docs</b> <script>alert(1)</script>")) == ["docs", "alert", "1"]


def test_long_text_is_cut() -> None:
    assert len(normalize("a" * 10 * MAX_CHARS)) <= MAX_CHARS


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("what's Django's market share", "what is django s market share"),
        ("it's fast, FastAPI's docs", "it is fast, fastapi s docs"),
        ("there's a catch", "there is a catch"),
        ("let's talk", "let us talk"),
        ("who's behind this", "who is behind this"),
    ],
)
def test_an_apostrophe_s_after_a_name_marks_its_owner(text: str, expected: str) -> None:
    assert normalize(text) == expected
