"""Read a message once: its words, typo fixes, the phrases it contains and its foreign words."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from consultbot.matching.english import English
from consultbot.matching.normalize import MAX_CHARS, normalize, tokenize
from consultbot.matching.phrases import PhraseTable, Role, Spot, find_spots
from consultbot.matching.typos import TypoCorrector

MIN_FOREIGN_LENGTH = 3
_WORD = re.compile(r"[^\W_]+[.?!]?")


@dataclass(frozen=True, slots=True)
class Analysis:
    """What one message holds, before any decision about what it asks."""

    text: str
    tokens: tuple[str, ...]
    corrections: tuple[tuple[str, str], ...]
    spots: tuple[Spot, ...]
    foreign: tuple[str, ...]
    capitalised: frozenset[str] = frozenset()
    covered: frozenset[int] = frozenset()
    # A pointer read as the last answer's topic ("it" → "consultation"), for the explanation.
    read_as: tuple[str, str] | None = None
    # The message refers to the page itself ("this comparison", "your article").
    about_page: bool = False


# "log in", "log into", "log on", "log out" are one word each.
# "A dev coming from Laravel", "our background is in Java": where the visitor comes from is
# their background, not what they ask about; the word after it is not foreign to the question.
BACKGROUND = frozenset(
    {("coming", "from"), ("come", "from"), ("came", "from"), ("background", "in"),
     ("experience", "in"), ("experience", "with"), ("used", "to")}
)  # fmt: skip
AUDIENCE_WORDS = 4
FOR_SOMEONE_ELSE = (
    ("what", "about", "for"), ("how", "about", "for"), ("and", "for"),
    ("and", "what", "about", "for"),
)  # fmt: skip
LOG_PARTICLES = {"in": "login", "into": "login", "on": "login", "out": "logout"}
POINTING = frozenset({"this", "these", "your", "ur"})
# "forget flask", "never mind Go", "not microservices": the visitor sets a name aside.
DISMISSING = (("forget",), ("forget", "about"), ("ignore",), ("never", "mind"), ("not",))
# ...but "why not flask?", "wouldn't Flask be simpler?" and "or not" propose or keep it.
NOT_DISMISSING_BEFORE = frozenset(
    {"why", "or", "if", "whether", "would", "could", "should", "will", "can", "is", "are", "was",
     "were", "do", "does", "did", "am", "has", "have"}
)  # fmt: skip
# "not a migration, a new build", "no porting involved": moving a project is ruled out.
NEGATIONS = (
    ("not",),
    ("not", "a"),
    ("not", "an"),
    ("not", "any"),
    ("no",),
    ("without",),
    ("without", "any"),
)
# ...but "why not migrate?", "or not porting?" keep it.
NOT_NEGATING_BEFORE = frozenset({"why", "or", "if", "whether"})
NEGATED_KINDS = frozenset({"migrate"})
PAGE_WORDS = frozenset(
    {"page", "pages", "comparison", "comparisons", "article", "articles", "site", "website"}
)


def analyse(
    text: str,
    table: PhraseTable,
    corrector: TypoCorrector,
    shorthand: Mapping[str, tuple[str, ...]],
    known: frozenset[str],
    english: English,
    elsewhere: frozenset[str] = frozenset(),
) -> Analysis:
    """Normalise, expand shorthand, fix typos, find phrases, and list the foreign words.

    A foreign word is one the knowledge never uses and that is not one of the most common
    English words: "pizza" in "how much does a pizza cost" tells the question is not ours.
    ``elsewhere`` holds common words that still name another topic ("security").
    """
    tokens: list[str] = []
    for token in tokenize(normalize(text)):
        tokens.extend(shorthand.get(token, (token,)))
    tokens = _joined_verbs(tokens)
    corrections: list[tuple[str, str]] = []
    for position, token in enumerate(tokens):
        fixed = corrector.correct(token)
        if fixed is not None:
            corrections.append((token, fixed))
            tokens[position] = fixed
    found = find_spots(tokens, table)
    without_page = _without_page_references(tuple(tokens), found)
    spots = _without_dismissed(tuple(tokens), without_page)
    covered = {i for spot in found for i in range(spot.start, spot.end)}
    # "What about for a junior?": the same question for someone else, who is no new subject.
    audience = next((len(o) for o in FOR_SOMEONE_ELSE if tuple(tokens[: len(o)]) == o), 0)
    if len(tokens) - audience > AUDIENCE_WORDS:
        audience = 0
    foreign = tuple(
        token
        for position, token in enumerate(tokens)
        if position not in covered
        and not (audience and position >= audience)
        and tuple(tokens[max(0, position - 2) : position]) not in BACKGROUND
        and token.isalpha()
        and len(token) >= MIN_FOREIGN_LENGTH
        and token not in known
        and (token not in english.common or token in elsewhere)
    )
    return Analysis(
        text,
        tuple(tokens),
        tuple(corrections),
        spots,
        foreign,
        _capitalised(text),
        frozenset(covered),
        about_page=len(without_page) < len(found),
    )


def _joined_verbs(tokens: list[str]) -> list[str]:
    """ "Log in to the admin" is a login, not a log of what was said ("is this chat logged")."""
    joined: list[str] = []
    for token in tokens:
        if joined and joined[-1] == "log" and token in LOG_PARTICLES:
            joined[-1] = LOG_PARTICLES[token]
            continue
        joined.append(token)
    return joined


def _capitalised(text: str) -> frozenset[str]:
    """Return the words written with a capital inside a sentence: likely names ("Spring Boot")."""
    words = _WORD.findall(text[:MAX_CHARS])
    return frozenset(
        word.rstrip(".?!").casefold()
        for previous, word in zip(["."] + words, words, strict=False)
        if word[:1].isupper() and not previous.endswith((".", "?", "!"))
    )


def _without_page_references(tokens: tuple[str, ...], spots: tuple[Spot, ...]) -> tuple[Spot, ...]:
    """ "Who wrote this comparison?", "your pages": the page itself, not a topic or a kind.

    A word for the page right after "this", "these" or "your" refers to what the visitor is
    reading; it asks for no comparison and names no item ("page" also names content sites).
    """
    return tuple(
        spot
        for spot in spots
        if not (
            spot.end - spot.start == 1
            and tokens[spot.start] in PAGE_WORDS
            and spot.start > 0
            and tokens[spot.start - 1] in POINTING
        )
    )


def _without_dismissed(tokens: tuple[str, ...], spots: tuple[Spot, ...]) -> tuple[Spot, ...]:
    """ "ok forget flask, which should I pick?": a name set aside is not what is asked about.

    Only names are set aside (frameworks, a page's items), and a migration ruled out ("not a
    migration, a new build"); "not" before another kind's cue or a related word ("not python",
    "not async") keeps its meaning.
    """
    return tuple(spot for spot in spots if not _dismissed(tokens, spot))


def _dismissed(tokens: tuple[str, ...], spot: Spot) -> bool:
    if all(s.role is Role.CUE and s.target in NEGATED_KINDS for s in spot.senses):
        return _follows(tokens, spot, NEGATIONS, NOT_NEGATING_BEFORE)
    if not all(sense.role in (Role.FRAMEWORK, Role.NAME) for sense in spot.senses):
        return False
    return _follows(tokens, spot, DISMISSING, NOT_DISMISSING_BEFORE)


def _follows(
    tokens: tuple[str, ...],
    spot: Spot,
    openings: tuple[tuple[str, ...], ...],
    turning: frozenset[str],
) -> bool:
    """Whether the spot follows one of ``openings`` that no word in ``turning`` precedes."""
    for before in sorted(openings, key=len, reverse=True):
        start = spot.start - len(before)
        if start >= 0 and tokens[start : spot.start] == before:
            return start == 0 or tokens[start - 1] not in turning
    return False
