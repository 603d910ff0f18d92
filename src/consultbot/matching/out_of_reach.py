"""Questions a page's words name but its facts cannot answer.

"How many GitHub stars does Flask have?" names a metric of the page, but the page gives that
figure only for its own two frameworks. "What would moving from Flask to FastAPI cost?" names the
migration, but its tiers are for the page's own move. "TechEmpower Round 23?" names the benchmark
of Round 22. Answering any of them with the item would be confidently wrong; each lowers every
answer with a reason that says what the page does not have.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from consultbot.knowledge.faq import QuestionKind as Q
from consultbot.matching.analysis import Analysis
from consultbot.matching.catalogue import Page
from consultbot.matching.described import TEAM_LANGUAGE
from consultbot.matching.doubts import OUTSIDE_PAGE
from consultbot.matching.evidence import Board, K, Reason
from consultbot.matching.phrases import Role

OUT_OF_REACH = 5.0
KEPT_BESIDE_OTHERS = frozenset({"cue what_is", TEAM_LANGUAGE})
FIGURE = "a figure the page gives only for its own frameworks"
MOVE = "a move the page's migration figures are not for"
EDITION = "another edition than the page quotes"
PRICE = "a price the page does not give"
LANGUAGE_FIGURE = "a figure of the language, not of the frameworks"
# "What Python version do I need?": a metric of the language itself, which the page lacks.
LANGUAGE_NAMES = frozenset({"python", "python3", "py"})
# How far a framework's name may stand from the cost word: "how much does FastAPI cost".
PRICE_REACH = 3
# Words that say where a move goes: "from Flask", "to Go", "Flask to FastAPI".
MOVE_ENDS = frozenset({"from", "to", "into", "onto", "off"})
# How far a number may stand from a word of the source's name ("Round 23", "the 2025 survey").
EDITION_REACH = 2
YEARS = range(1990, 2100)


def lower_out_of_reach(
    board: Board,
    analysis: Analysis,
    page: Page,
    outside: Sequence[str],
    kinds: Mapping[Q, tuple[float, str]],
    names: Mapping[str, str],
) -> tuple[str, str] | None:
    """Lower every answer when the question asks for a fact the page's item does not hold.

    ``names`` gives each framework id its display name ("flask" → "Flask").

    Return what is out of reach, as (rule, words), for the explanation and the fallback.
    """
    why = (
        _figure_of_another(board, page, [names.get(f, f) for f in outside])
        or _move_between_others(board, analysis, page, outside, kinds)
        or _another_edition(board, analysis)
        or _price_of_a_framework(board, analysis, page, kinds)
        or _figure_of_a_language(board, analysis)
    )
    if why is None:
        return None
    rule, words = why
    for intent_id, item in board.items.items():
        if item.suggest:
            board.reasons[intent_id].append(Reason(rule, words, -OUT_OF_REACH))
    return why


def _figure_of_another(board: Board, page: Page, outside: Sequence[str]) -> tuple[str, str] | None:
    """ "Flask's GitHub stars": the page's figures are for its own frameworks only.

    A feature row ("a built-in ORM?") is not a figure: "does Go have an ORM" is for Go's row.
    """
    if not outside:
        return None
    figures = [board.items[i] for i in board.subject if board.items[i].key in page.figures]
    if not figures:
        return None
    return FIGURE, f"{figures[0].title} for {', '.join(outside)}"


def _move_between_others(
    board: Board,
    analysis: Analysis,
    page: Page,
    outside: Sequence[str],
    kinds: Mapping[Q, tuple[float, str]],
) -> tuple[str, str] | None:
    """ "Migrate from Flask to FastAPI", "move our FastAPI app to Go": not the page's move."""
    moving = Q.MIGRATE in kinds or any(
        board.items[i].kind in (K.MIGRATION, K.TIER) for i in board.subject
    )
    if not moving:
        return None
    tokens = analysis.tokens
    for spot in analysis.spots:
        framework = next((s.target for s in spot.senses if s.role is Role.FRAMEWORK), None)
        if framework is None or framework in page.frameworks:
            continue
        before = tokens[spot.start - 1] if spot.start > 0 else ""
        after = tokens[spot.end] if spot.end < len(tokens) else ""
        # "…move our FastAPI app to go": a weak name ("go") is a name where a move ends.
        last_word = before in MOVE_ENDS and spot.end == len(tokens)
        if framework not in outside and not last_word:
            continue
        if before in MOVE_ENDS or after in MOVE_ENDS:
            return (
                MOVE,
                f"{before} {spot.words}" if before in MOVE_ENDS else f"{spot.words} {after}",
            )
    return None


def _price_of_a_framework(
    board: Board, analysis: Analysis, page: Page, kinds: Mapping[Q, tuple[float, str]]
) -> tuple[str, str] | None:
    """ "How much does FastAPI cost?": the page prices migrations, not its frameworks.

    A move, a size or another priced topic named ("a new build") keeps its own answer; the
    alternatives' rows give their own pricing.
    """
    if Q.COST not in kinds or Q.MIGRATE in kinds:
        return None
    if any(board.items[i].kind is not K.FRAMEWORK for i in board.subject):
        return None
    if any(r.points > 0 and r.rule.startswith("cue") for i, item in board.items.items()
           if item.kind is K.FAQ and item.suggest for r in board.reasons[i]):  # fmt: skip
        return None
    costs = [
        spot
        for spot in analysis.spots
        if any(x.role is Role.CUE and x.target == Q.COST for x in spot.senses)
        or spot.words == "how much"
    ]
    named = [
        spot
        for spot in analysis.spots
        if any(s.role is Role.FRAMEWORK and s.target in page.frameworks for s in spot.senses)
    ]
    # "django -> fastapi cost": the page's own move, said without a migration word.
    tokens = analysis.tokens
    if any(tokens[a.end : b.start] in (("to",), ("into",)) for a in named for b in named):
        return None
    for spot in named:
        if any(abs(cost.start - spot.start) <= PRICE_REACH for cost in costs):
            return PRICE, f"the price of {spot.words}"
    return None


def _another_edition(board: Board, analysis: Analysis) -> tuple[str, str] | None:
    """ "TechEmpower Round 23", "the 2025 survey": the page quotes another round or year."""
    tokens = analysis.tokens
    for intent_id in board.subject:
        item = board.items[intent_id]
        if item.kind is not K.METRIC:
            continue
        title = item.title.casefold().split()
        editions = {word for word in title if word.isdigit()}
        if not editions:
            continue
        named = {word for word in title if not word.isdigit()}
        for position, token in enumerate(tokens):
            if not token.isdigit() or token in editions:
                continue
            near = tokens[max(0, position - EDITION_REACH) : position + EDITION_REACH + 1]
            if int(token) in YEARS or named.intersection(near):
                return EDITION, f"{token} (the page quotes {item.title})"
    return None


def lower_items_not_named(board: Board, outside: Sequence[str]) -> None:
    """A framework the page does not compare was named: the page's items are not about it.

    Not what a framework is ("what is FastAPI, for someone coming from Express?"), nor the case
    of a team that writes that language ("our devs only write TypeScript").
    """
    for intent_id, item in board.items.items():
        rules = {r.rule for r in board.reasons[intent_id]}
        if item.kind is K.FAQ or item.id in outside or rules & KEPT_BESIDE_OTHERS:
            continue
        board.reasons[intent_id].append(
            Reason("not about the framework named", ", ".join(outside), -OUTSIDE_PAGE)
        )


def _figure_of_a_language(board: Board, analysis: Analysis) -> tuple[str, str] | None:
    """ "What Python version do I need?": a metric's name right after the language's name
    asks the figure of the language, which the page gives for no language."""
    tokens = analysis.tokens
    for spot in analysis.spots:
        before = tokens[spot.start - 1] if spot.start > 0 else ""
        # "the Python version of TS types" is Python's counterpart of something.
        if before not in LANGUAGE_NAMES or tokens[spot.end : spot.end + 1] == ("of",):
            continue
        metric = any(
            sense.role is Role.NAME
            and board.items.get(_intent(board, sense.target)) is not None
            and board.items[_intent(board, sense.target)].kind is K.METRIC
            for sense in spot.senses
        )
        if metric:
            return LANGUAGE_FIGURE, f"{before} {spot.words}"
    return None


def _intent(board: Board, key: str) -> str:
    """The intent id on the board of a page key ("metric:stable-version"), or ""."""
    return next((i for i, item in board.items.items() if item.key == key), "")
