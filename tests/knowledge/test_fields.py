"""The field types entries are built from: text, web addresses, ids, scores, ranges, Entry."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ValidationError

from consultbot.knowledge.comparison import Money
from consultbot.knowledge.faq import Intent
from consultbot.knowledge.fields import RULE_ERROR, Entry, Id, Score, Text, WebAddress, rule_error
from consultbot.knowledge.schema import Site


class Sample(Entry):
    """An entry with one field of each type."""

    id: Id = "x"
    text: Text = "t"
    address: WebAddress = "https://example.com"
    score: Score = 5


def problem(**fields: object) -> str:
    """Return the message of the one error building a Sample from ``fields`` gives."""
    with pytest.raises(ValidationError) as caught:
        Sample.model_validate(fields)
    [error] = caught.value.errors()
    return str(error["msg"])


def test_entries_are_frozen_and_refuse_unknown_fields() -> None:
    intent = Intent(id="hi", examples=("hi",), answer="Hello.")

    with pytest.raises(ValidationError):
        intent.answer = "changed"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        Intent.model_validate({"id": "hi", "examples": ["hi"], "answer": "x", "anwser": "y"})


def test_text_is_stripped_and_must_not_be_blank() -> None:
    assert Site(company="  Acme  ").company == "Acme"
    with pytest.raises(ValidationError):
        Site(company="   ")


def test_text_may_link_to_web_addresses_only() -> None:
    assert (
        Sample(text="[book](https://example.com/book)").text == "[book](https://example.com/book)"
    )
    assert "javascript:alert(1)" in problem(text="[book](javascript:alert(1))")


@pytest.mark.parametrize("address", [" https://example.com/book ", "http://example.com"])
def test_a_web_address_is_kept_stripped(address: str) -> None:
    assert Sample(address=address).address == address.strip()


@pytest.mark.parametrize(
    "address", ["example.com/book", "/book", "ftp://example.com", "javascript:x"]
)
def test_anything_else_is_refused_with_an_example(address: str) -> None:
    assert problem(address=address) == (
        "must be a full web address starting with https:// or http://, such as "
        f"https://www.example.com/book (got {address!r})"
    )


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("django-vs-fastapi", True),
        ("tier_2", True),
        ("Django", False),
        ("-x", False),
        ("a b", False),
    ],
)
def test_ids_are_lower_case_words_with_dashes_and_underscores(value: str, ok: bool) -> None:
    if ok:
        assert Sample(id=value).id == value
    else:
        assert "should match pattern" in problem(id=value)


@pytest.mark.parametrize(("score", "ok"), [(1, True), (10, True), (0, False), (11, False)])
def test_scores_run_from_1_to_10(score: int, ok: bool) -> None:
    if ok:
        assert Sample(score=score).score == score
    else:
        problem(score=score)


def test_a_range_may_be_one_value_but_not_upside_down() -> None:
    assert Money(min=5, max=5).max == 5
    with pytest.raises(ValidationError, match=r"max must not be below min \(got min 5, max 1\)"):
        Money(min=5, max=1)


def test_rule_errors_are_shown_as_written() -> None:
    class Checked(BaseModel):
        value: int

        def model_post_init(self, context: object) -> None:
            raise rule_error("keep it {under} ten")

    with pytest.raises(ValidationError) as caught:
        Checked(value=1)
    [error] = caught.value.errors()
    assert error["type"] == RULE_ERROR and error["msg"] == "keep it {under} ten"
