"""Questions about something the knowledge has no word for: "which cloud is cheapest",
"recommend a good course", "how much does AWS hosting cost".

Each returns the word for the other thing, so the explanation can name it.
"""

from __future__ import annotations

from consultbot.knowledge.faq import QuestionKind as Q
from consultbot.matching.analysis import Analysis
from consultbot.matching.english import English
from consultbot.matching.frameworks import WHAT_IS_FILLERS
from consultbot.matching.phrases import Role, fold

OF = frozenset({"of", "for"})
ARTICLES = frozenset({"a", "an", "the", "some", "my", "our", "your"})
AUXILIARIES = frozenset({"does", "do", "would", "will", "is", "are", "did"})
PRICED_REACH = 4
PRICE_ENDS = frozenset({"per", "each", "monthly", "yearly"})
SELECTORS = frozenset({"which", "what", "many", "much"})
SELECTOR_REACH = 2
SELECTOR_FILLERS = frozenset(
    {"is", "are", "the", "a", "an", "best", "cheapest", "good", "most", "top", "kind", "of"}
)
RECOMMENDS = frozenset({"recommend", "suggest"})
RECOMMEND_FILLERS = frozenset(
    {"me", "us", "a", "an", "the", "some", "any", "good", "great", "nice", "decent", "solid",
     "few", "couple", "of", "your", "favourite", "favorite"}
)  # fmt: skip
PHRASE_ENDS = frozenset(
    {"for", "to", "in", "on", "with", "about", "that", "which", "if", "when", "and", "or", "i",
     "we", "so", "because", "please", "instead", "then", "over", "than"}
)  # fmt: skip


def asks_about_something_else(
    analysis: Analysis, known: frozenset[str], english: English
) -> str | None:
    """Return what "what is X" / "which X" asks about when the knowledge has no word for X."""
    tokens = analysis.tokens
    foreign = set(analysis.foreign)
    wanted = recommended_thing(analysis, known) or priced_thing(analysis, english)
    if wanted is not None:
        return wanted
    for position, token in enumerate(tokens[:-1]):
        # Only the question's own selector ("which cloud…", "how much salary…"), not "by what".
        opening = position < SELECTOR_REACH or (position > 0 and tokens[position - 1] == "how")
        if token not in SELECTORS or not opening:
            continue
        if token in ("many", "much") and (position == 0 or tokens[position - 1] != "how"):
            continue
        cursor = position + 1
        while cursor < len(tokens) - 1 and tokens[cursor] in SELECTOR_FILLERS:
            cursor += 1
        word = tokens[cursor]
        # "what typically breaks": an adverb is not the thing asked about.
        if word in foreign and not word.endswith("ly"):
            return word
    for number, spot in enumerate(analysis.spots):
        if not any(x.role is Role.CUE and x.target == Q.WHAT_IS for x in spot.senses):
            continue
        cursor = spot.end
        while cursor < len(tokens) and tokens[cursor] in WHAT_IS_FILLERS:
            cursor += 1
        following = next((s for s in analysis.spots[number + 1 :] if s.start == cursor), None)
        if cursor < len(tokens) and following is None and tokens[cursor] in analysis.foreign:
            return tokens[cursor]
    return None


def recommended_thing(analysis: Analysis, known: frozenset[str]) -> str | None:
    """ "Recommend a good Python course for…": the thing wanted is a course, not ours.

    The thing is the last word of what follows "recommend" (up to a preposition); it is
    something else when the knowledge never uses the word.
    """
    tokens, covered = analysis.tokens, analysis.covered
    for position, token in enumerate(tokens):
        if fold(token) not in RECOMMENDS:
            continue
        cursor = position + 1
        while cursor < len(tokens) and tokens[cursor] in RECOMMEND_FILLERS:
            cursor += 1
        head = None
        while cursor < len(tokens) and tokens[cursor] not in PHRASE_ENDS:
            head = cursor
            cursor += 1
        word = tokens[head] if head is not None else ""
        if head is not None and head not in covered and word.isalpha() and word not in known:
            return word
    return None


def priced_thing(analysis: Analysis, english: English) -> str | None:
    """ "How much does AWS hosting cost", "the price of a pizza": the cost of another thing.

    The thing is the head (last word) of what stands between "how much does" and the cost
    word, or of the phrase after "cost of" / "price for"; it is another thing when the
    knowledge never uses that word ("the initial consultation" is the consultation).
    """
    tokens = analysis.tokens
    costs = [
        spot
        for spot in analysis.spots
        if any(x.target == Q.COST and x.role in (Role.CUE, Role.HINT) for x in spot.senses)
    ]
    cost_starts = {spot.start for spot in costs}
    for spot in costs:
        cursor = spot.end
        if cursor < len(tokens) and tokens[cursor] in OF:
            head = _head(tokens, cursor + 1, cost_starts, english)
        elif spot.words == "how much" and cursor < len(tokens) and tokens[cursor] in AUXILIARIES:
            head = _head(tokens, cursor + 1, cost_starts, english)
        else:
            continue
        if head is not None and tokens[head] in analysis.foreign:
            return tokens[head]
    return None


def _head(tokens: tuple[str, ...], start: int, stops: set[int], english: English) -> int | None:
    """Return the last naming word from ``start`` up to a phrase end or a cost word."""
    head = None
    cursor = start
    while cursor < len(tokens) and cursor - start < PRICED_REACH:
        token = tokens[cursor]
        if cursor in stops or token in PHRASE_ENDS or token in PRICE_ENDS:
            break
        if token not in ARTICLES and not english.names_nothing(token):
            head = cursor
        cursor += 1
    return head
