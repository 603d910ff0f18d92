"""What visitors type is shown to staff as typed, minus what could disguise it."""

from __future__ import annotations

# Bidirectional embeddings, overrides and isolates (U+202A-202E, U+2066-2069): typed into a
# name they make "Eve <RLO>moc.knab@ecnanif" read as a bank's address in an email subject.
BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def without_bidi_controls(text: str) -> str:
    """Remove the characters that reorder how the text around them is displayed."""
    return text.translate(BIDI_CONTROLS)
