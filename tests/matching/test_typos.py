"""Typos: only a word that is neither English nor the knowledge's own is corrected."""

from __future__ import annotations

from consultbot.matching.typos import TypoCorrector


def test_a_non_word_close_to_a_knowledge_word_is_corrected() -> None:
    corrector = TypoCorrector(["starlite", "django"], english=["the"])
    assert corrector.correct("starlitte") == "starlite"
    assert corrector.correct("djnago") == "django"


def test_a_word_the_knowledges_texts_use_is_kept() -> None:
    corrector = TypoCorrector(["starlite"], english=["the"], kept=["starlette"])
    assert corrector.correct("starlette") is None
    # Without the texts' words the same word would be read as the alias.
    assert TypoCorrector(["starlite"], english=["the"]).correct("starlette") == "starlite"


def test_an_english_word_is_never_corrected() -> None:
    assert TypoCorrector(["different"], english=["difference"]).correct("difference") is None
