"""The small markup of answers and site texts: links, bold, lists; nothing else, ever."""

from __future__ import annotations

import time

from hypothesis import given
from hypothesis import strategies as st

from consultbot.knowledge.markup import (
    Block,
    Span,
    escape,
    is_web_address,
    link_problems,
    parse,
    parse_inline,
    to_json,
    to_plain,
)


def test_link_becomes_a_span_with_its_address_and_reads_as_words_then_address() -> None:
    text = "Read [our guide](https://example.com/guide?a=1#top) first."

    assert parse_inline(text) == (
        Span("Read "),
        Span("our guide", href="https://example.com/guide?a=1#top"),
        Span(" first."),
    )
    assert to_plain(text) == "Read our guide (https://example.com/guide?a=1#top) first."


def test_bold_and_a_link_inside_bold() -> None:
    assert parse_inline("**Plan [a week](http://e.com/w)** for tests") == (
        Span("Plan ", bold=True),
        Span("a week", bold=True, href="http://e.com/w"),
        Span(" for tests"),
    )


def test_bare_address_becomes_a_link_without_its_closing_punctuation() -> None:
    assert parse_inline("See https://example.com/a.") == (
        Span("See "),
        Span("https://example.com/a", href="https://example.com/a"),
        Span("."),
    )
    assert to_plain("See https://example.com/a.") == "See https://example.com/a."


def test_lines_starting_with_a_dash_make_a_list_between_paragraphs() -> None:
    text = "Three steps:\n- measure\n- **move** the hot paths\n\nThen review."

    assert parse(text) == (
        Block("paragraph", ((Span("Three steps:"),),)),
        Block("list", ((Span("measure"),), (Span("move", bold=True), Span(" the hot paths")))),
        Block("paragraph", ((Span("Then review."),),)),
    )
    assert to_json(text)[1] == {
        "type": "list",
        "items": [
            [{"text": "measure"}],
            [{"text": "move", "bold": True}, {"text": " the hot paths"}],
        ],
    }
    assert to_plain(text) == "Three steps:\n- measure\n- move the hot paths\n\nThen review."


def test_text_without_marks_is_unchanged() -> None:
    text = "Django 9/10, FastAPI 7/10 — a 2-6 weeks job; costs $5K–$15K (roughly)."

    assert to_plain(text) == text
    assert to_json(text) == [{"type": "paragraph", "lines": [[{"text": text}]]}]


def test_links_to_anything_but_a_web_address_stay_plain_text() -> None:
    for target in (
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "/relative/page",
        "//evil.example/x",
        "vbscript:msgbox",
        "https://",
        "https:///no-host",
        "ftp://files.example.com",
    ):
        text = f"click [here]({target}) now"
        spans = parse_inline(text)
        assert all(span.href is None for span in spans), target
        assert "".join(span.text for span in spans) == text


def test_html_stays_literal_text() -> None:
    text = '<img src=x onerror="alert(1)"><script>alert(1)</script> **<b>x</b>**'

    spans = parse_inline(text)

    assert "".join(span.text for span in spans) == (
        '<img src=x onerror="alert(1)"><script>alert(1)</script> <b>x</b>'
    )
    assert all(span.href is None for span in spans)


def test_an_address_cannot_break_out_of_its_attribute() -> None:
    spans = parse_inline('[x](https://e.com/"onmouseover="alert(1))')

    assert all(span.href is None or '"' not in span.href for span in spans)


def test_nested_brackets_make_no_link_around_them() -> None:
    spans = parse_inline("[a [b] c](https://e.com) and [[x]](https://e.com/2)")

    linked = [span for span in spans if span.href]
    assert [span.text for span in linked] == ["https://e.com", "https://e.com/2"]
    assert "".join(s.text for s in spans).startswith("[a [b] c](https://e.com)")


def test_unclosed_marks_stay_as_written() -> None:
    for text in ("**not closed", "[not closed](https://e.com", "** spaced **", "*one*"):
        assert to_plain(text) == text


def test_escaped_marks_are_literal() -> None:
    assert to_plain(r"\*\*not bold\*\* and \[not](https://a.b) a link") == (
        "**not bold** and [not](https://a.b) a link"
    )


def test_escape_keeps_a_visitors_words_literal() -> None:
    words = "[win](https://evil.example) **now**\n- item https://x.example \\*"

    escaped = escape(words)

    assert all(span.href is None for b in parse(escaped) for line in b.lines for span in line)
    assert all(not span.bold for b in parse(escaped) for line in b.lines for span in line)
    assert [b.kind for b in parse(escaped)] == ["paragraph"]
    assert to_plain(escaped) == words


@given(st.text(max_size=300))
def test_escaped_text_reads_back_as_typed(words: str) -> None:
    escaped = escape(words)
    spans = [span for block in parse(escaped) for line in block.lines for span in line]

    assert not any(span.href or span.bold for span in spans)
    assert to_plain(escaped) == words.replace("\r\n", "\n").replace("\r", "\n").strip("\n")


@given(st.text(alphabet="[]()*-\\ \nhtps:/ax.", max_size=200))
def test_every_link_made_goes_to_a_web_address(text: str) -> None:
    for block in parse(text):
        for line in block.lines:
            for span in line:
                assert span.text
                assert span.href is None or is_web_address(span.href)


def test_huge_hostile_input_is_read_in_linear_time() -> None:
    for text in (
        "**" * 100_000,
        "[" * 200_000,
        "[a](" * 50_000,
        "https://" + "a" * 200_000,
        ("x" * 999 + "**") * 200,
        "- " * 100_000,
        "\\" * 200_000,
    ):
        started = time.perf_counter()
        blocks = parse(text)
        # Backtracking gone wrong takes minutes on these; linear work takes milliseconds.
        assert time.perf_counter() - started < 5, text[:20]
        kept = "".join(span.text for b in blocks for line in b.lines for span in line)
        assert len(kept) >= len(text.replace("- ", "").replace("\\", "")) // 2


def test_link_problems_name_the_bad_link_and_say_what_to_write() -> None:
    problems = link_problems(
        "see [docs](javascript:alert(1)) and [page](/pricing) and [ok](https://ok.example)"
    )

    assert problems == [
        "the link [docs](javascript:alert(1) does not go to a web address; a link must start "
        "with https:// or http:// and name a site",
        "the link [page](/pricing) does not go to a web address; a link must start with "
        "https:// or http:// and name a site",
    ]
    assert link_problems("[ok](https://ok.example) and \\[not a link](nothing)") == []
