"""Normalise visitor text and split it into word tokens."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

MAX_CHARS = 1000
# The knowledge repeats its phrases on every page: compiling 200 pages normalises the same few
# thousand strings 400,000 times. Visitors' messages rarely repeat; the cache is bounded.
NORMALIZED_KEPT = 32768
_CONTRACTIONS = {
    "let's": "let us", "won't": "will not", "can't": "can not", "cannot": "can not", "n't": " not",
    "'re": " are", "'s": " is", "'d": " would", "'ll": " will", "'ve": " have", "'m": " am",
}  # fmt: skip
_CONTRACTION = re.compile("|".join(re.escape(key) for key in _CONTRACTIONS))
# "what's", "it's", "there's" are "… is"; after a name "'s" is its owner: "Django's admin" reads
# "django s admin", so "what's Django's market share" does not ask what Django is.
_IS_BEFORE = (
    "what|that|it|there|here|he|she|who|where|how|when|why|this|everything|something|nothing|let"
)
_POSSESSIVE = re.compile(rf"\b(?!(?:{_IS_BEFORE})')(\w+)'s\b")
_REPEATS = re.compile(r"(\w)\1{2,}")
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_MARKUP = re.compile(r"<[^>]{0,200}>")
# A mark written as a fraction of ten or a hundred: "7/10" reads "7 out of 10".
_MARK = re.compile(r"\b(\d{1,3})\s*/\s*(10|100)\b")
# An email address or a web address is not words ("bob@example.com" is not about examples).
_ADDRESS = re.compile(r"\S+@\S+\.\w+|\bhttps?://\S+|\bwww\.\S+")
_SPECIAL = {
    "c#": "csharp", "c++": "cplusplus", ".net": "dotnet", "node.js": "nodejs",
    # "Flask → FastAPI", "django->fastapi": an arrow says where a move goes.
    "→": " to ", "->": " to ", "=>": " to ",
}  # fmt: skip


@lru_cache(maxsize=NORMALIZED_KEPT)
def normalize(text: str) -> str:
    """Fold case, unicode forms and accents; drop markup; expand contractions; squeeze repeats."""
    text = unicodedata.normalize("NFKC", text[:MAX_CHARS]).casefold()
    # Pasted HTML tags are markup, not words ("<script>" is not a question about scripts).
    text = _MARKUP.sub(" ", text)
    if "@" in text or "//" in text or "www." in text:
        text = _ADDRESS.sub(" ", text)
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    text = text.replace("’", "'").replace("‘", "'")
    for special, word in _SPECIAL.items():
        text = text.replace(special, word)
    if "'s" in text:
        text = _POSSESSIVE.sub(r"\1 s", text)
    text = _CONTRACTION.sub(lambda match: _CONTRACTIONS[match.group(0)], text)
    text = _MARK.sub(r"\1 out of \2", text)
    return _REPEATS.sub(r"\1\1", text)


def tokenize(text: str) -> list[str]:
    """Return the word tokens of already normalised text."""
    return _TOKEN.findall(text)
