"""What visitors type is shown to staff as typed, minus what could disguise it."""

from __future__ import annotations

# Bidirectional embeddings, overrides and isolates (U+202A-202E, U+2066-2069): typed into a
# name they make "Eve <RLO>moc.knab@ecnanif" read as a bank's address in an email subject.
# Invisible zero-width spaces and joiners (U+200B, U+200C, U+2060, U+FEFF) hide inside a word:
# "ad\u200bmin" looks like "admin" to sales and in a CSV. The emoji joiner U+200D is kept.
BIDI_CONTROLS = dict.fromkeys(
    [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200B, 0x200C, 0x2060, 0xFEFF]
)


def without_bidi_controls(text: str) -> str:
    """Remove the characters that reorder the text around them or hide inside it."""
    return text.translate(BIDI_CONTROLS)


def on_one_line(text: str) -> str:
    """Fold every line break and run of white space into one space, as the form does to answers.

    ``str.split`` breaks at every kind of line separator (LF, CR, VT, FF, U+001C-001E, NEL,
    U+2028, U+2029), so a visitor's message cannot start a line of its own in a plain-text
    email and pass for an assistant's line or a header.
    """
    return " ".join(text.split())
