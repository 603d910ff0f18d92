"""Letters are told apart by alphabet, so a look-alike letter from another one is caught."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from consultbot.dialogue.scripts import MixedLetter, find_mixed_letter, script_of


@pytest.mark.parametrize(
    ("char", "script"),
    [
        ("a", "Latin"),
        ("é", "Latin"),
        ("Ａ", "Latin"),  # fullwidth
        ("а", "Cyrillic"),  # U+0430, looks like "a"
        ("α", "Greek"),
        ("田", "Han"),
        ("ひ", "Hiragana"),
        ("カ", "Katakana"),
        ("ｶ", "Katakana"),  # halfwidth
        ("한", "Hangul"),
        ("ㄅ", "Bopomofo"),
        ("ก", "Thai"),
        ("ا", "Arabic"),
    ],
)
def test_a_letter_has_its_script(char: str, script: str) -> None:
    assert script_of(char) == script


@pytest.mark.parametrize("char", ["1", "@", ".", "-", " ", "_", "ʰ", "\u0301", "€"])
def test_digits_signs_and_modifiers_have_no_script(char: str) -> None:
    assert script_of(char) is None


@pytest.mark.parametrize(
    "text",
    [
        "ada.lovelace",
        "ада",  # Cyrillic throughout
        "山田太郎たろう",  # Japanese: Han with kana
        "ada田中たなか",  # ...and with Latin
        "王小明ㄅ",  # Chinese with Bopomofo
        "김민수金",  # Korean: Hangul with Han
        "ada-123_x",
        "",
    ],
)
def test_one_alphabet_or_a_mix_people_write_is_not_mixed(text: str) -> None:
    assert find_mixed_letter(text) is None


def test_a_cyrillic_look_alike_in_a_latin_word_is_caught() -> None:
    assert find_mixed_letter("pаypal") == MixedLetter("а", "Cyrillic", "pаypal")


def test_the_minority_letter_is_named_whichever_word_it_is_in() -> None:
    # Mostly Cyrillic: the one Latin "a" is the odd letter.
    assert find_mixed_letter("пример.рф x") == MixedLetter("x", "Latin", "x")
    assert find_mixed_letter("ex.ample.gr αβ") == MixedLetter("α", "Greek", "αβ")


def test_latin_with_greek_or_hangul_with_kana_is_mixed() -> None:
    assert find_mixed_letter("adaα") == MixedLetter("α", "Greek", "adaα")
    mixed = find_mixed_letter("한국어한국어カ")
    assert mixed is not None and mixed.script == "Katakana"


@given(st.text(max_size=100))
def test_a_mixed_letter_is_always_of_another_script_than_most(text: str) -> None:
    mixed = find_mixed_letter(text)
    if mixed is not None:
        assert mixed.letter in mixed.word and mixed.letter in text
        assert script_of(mixed.letter) == mixed.script
        scripts = Counter(s for s in map(script_of, text) if s is not None)
        assert mixed.script != scripts.most_common(1)[0][0]
