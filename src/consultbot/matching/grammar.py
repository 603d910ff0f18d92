"""Kinds of question read from grammar rather than from a stored phrase.

"How long has Django been around?" asks how old, not how long a piece of work takes; "we
move a huge app to FastAPI" asks about a migration although no migration word is next to another.
"""

from __future__ import annotations

from collections.abc import Mapping

from consultbot.knowledge.faq import QuestionKind as Q
from consultbot.matching.analysis import Analysis
from consultbot.matching.doubts import COMPARATIVES
from consultbot.matching.evidence import CUE_POINTS, Board, Reason
from consultbot.matching.phrases import Role

PERFECT = frozenset({"has", "have", "did"})
EVERY = frozenset({"each", "every", "per"})
MAX_MARK = 10
MEANING = frozenset({"mean", "means", "meaning", "meant"})
SHOULD = frozenset({("should", "i"), ("should", "we"), ("shall", "i"), ("shall", "we")})
SHOULD_REACH = 4
MINE = frozenset({"my", "our", "me", "us"})
PRICE_COMPARATIVES = frozenset({"cheaper", "more", "less"})
# Verbs of moving a project, and how far ahead "to/from <framework>" may follow them.
MOVING = frozenset(
    {"move", "moving", "moved", "shift", "shifting", "jump", "jumping", "go", "going", "change",
     "changing", "bring", "bringing"}
)  # fmt: skip
TOWARDS = frozenset({"to", "from", "onto", "into", "over"})
INSIDE = frozenset({"in", "with", "using", "within"})
MOVING_REACH = 6
MENTIONS = frozenset({"related word", "words of its text"})
MENTION_ASKED = 1.5
# "how much faster would Django get us there", "how much quicker to ship v1": delivery.
DELIVERING = frozenset(
    {"there", "ship", "shipping", "deliver", "delivering", "launch", "launching", "v1", "market",
     "done", "finished", "live", "mvp", "build", "building"}
)  # fmt: skip
DELIVERY_REACH = 6
PRODUCTION = "production"
PRODUCTION_REACH = 5
TROUBLE_WORDS = frozenset({"error", "errors", "failure", "failures", "bug", "bugs"})


def read_kinds_by_grammar(kinds: dict[Q, tuple[float, str]], analysis: Analysis) -> None:
    """Correct the kinds the cue words gave by what the grammar of the message says."""
    how_long_ago(kinds, analysis)
    how_much_more(kinds, analysis)
    how_often(kinds, analysis)
    either_for_me(kinds, analysis)
    what_a_mark_means(kinds, analysis)
    moving_between(kinds, analysis)
    trouble_in_production(kinds, analysis)
    faster_to_deliver(kinds, analysis)


def how_long_ago(kinds: dict[Q, tuple[float, str]], analysis: Analysis) -> None:
    """ "How long has Django been around?" asks how old, not how long a piece of work takes."""
    if Q.DURATION not in kinds:
        return
    tokens = analysis.tokens
    for spot in analysis.spots:
        asks = any(s.target == Q.DURATION for s in spot.senses)
        if asks and spot.end < len(tokens) and tokens[spot.end] in PERFECT:
            del kinds[Q.DURATION]
            return


def how_often(kinds: dict[Q, tuple[float, str]], analysis: Analysis) -> None:
    """ "Each week", "every month", "twice per week": how often, not how long work takes."""
    if Q.DURATION not in kinds:
        return
    tokens = analysis.tokens
    asking = [s for s in analysis.spots if any(x.target == Q.DURATION for x in s.senses)]
    if asking and all(s.start > 0 and tokens[s.start - 1] in EVERY for s in asking):
        del kinds[Q.DURATION]


def either_for_me(kinds: dict[Q, tuple[float, str]], analysis: Analysis) -> None:
    """ "Should I go Django or FastAPI?", "django or fastapi for my bot": pick one for me.

    Two frameworks joined by "or", with "should I/we" before them or "for my/our/me/us" after.
    """
    if Q.RECOMMEND in kinds and kinds[Q.RECOMMEND][0] >= CUE_POINTS:
        return
    tokens = analysis.tokens
    frameworks = [
        spot
        for spot in analysis.spots
        if any(sense.role is Role.FRAMEWORK for sense in spot.senses)
    ]
    for first, second in zip(frameworks, frameworks[1:], strict=False):
        if tokens[first.end : second.start] != ("or",):
            continue
        before = tokens[max(0, first.start - SHOULD_REACH) : first.start]
        asked = any(pair in SHOULD for pair in zip(before, before[1:], strict=False))
        after = tokens[second.end : second.end + 2]
        mine = len(after) == 2 and after[0] == "for" and after[1] in MINE
        if asked or mine:
            kinds[Q.RECOMMEND] = (CUE_POINTS, f"{first.words} or {second.words}")
            return


def what_a_mark_means(kinds: dict[Q, tuple[float, str]], analysis: Analysis) -> None:
    """ "What does a 7 mean?", "is a 6 bad?": what a mark out of ten says, the scoring.

    A number from 0 to 10 with "a" before it, or with "mean" in the message; not a tally
    ("4 to 2").
    """
    if kinds.get(Q.SCORING, (0.0, ""))[0] >= CUE_POINTS:
        return
    tokens = analysis.tokens
    for position, token in enumerate(tokens):
        if not token.isdigit() or int(token) > MAX_MARK:
            continue
        # "4 to 2" is a tally of criteria, not a mark.
        tally = "to" in (
            tokens[position - 1] if position else "",
            *tokens[position + 1 : position + 2],
        )
        marked = position > 0 and tokens[position - 1] in ("a", "an")
        if not tally and (marked or MEANING.intersection(tokens)):
            kinds[Q.SCORING] = (CUE_POINTS, " ".join(tokens[max(0, position - 1) : position + 1]))
            return


def how_much_more(kinds: dict[Q, tuple[float, str]], analysis: Analysis) -> None:
    """ "By how much?", "how much faster?", "by how many points?": the size of a difference,
    not a price.

    Only when "how much" is the whole of the cost question: "how much more does it cost"
    still asks a price.
    """
    tokens = analysis.tokens
    # "by how many points?": the size of a difference in a count.
    for position in range(1, len(tokens) - 1):
        if tokens[position - 1 : position + 2] == ("by", "how", "many"):
            kinds[Q.MORE] = (CUE_POINTS, "by how many")
            return
    if kinds.get(Q.COST, (0.0, ""))[1] != "how much":
        return
    for position in range(len(tokens) - 1):
        if tokens[position : position + 2] != ("how", "much"):
            continue
        by = position > 0 and tokens[position - 1] == "by"
        after = tokens[position + 2] if position + 2 < len(tokens) else ""
        if by or (after in COMPARATIVES and after not in PRICE_COMPARATIVES):
            del kinds[Q.COST]
            kinds[Q.MORE] = (CUE_POINTS, "by how much" if by else f"how much {after}")
            return


def moving_between(kinds: dict[Q, tuple[float, str]], analysis: Analysis) -> None:
    """ "If we move a huge app to FastAPI": a verb of moving, then "to/from" a framework."""
    if Q.MIGRATE in kinds:
        return
    tokens = analysis.tokens
    frameworks = {
        spot.start
        for spot in analysis.spots
        if any(sense.role is Role.FRAMEWORK for sense in spot.senses)
    }
    for position, token in enumerate(tokens):
        if token not in MOVING:
            continue
        ahead = range(position + 1, min(len(tokens), position + MOVING_REACH + 1))
        for at in ahead:
            if tokens[at] in TOWARDS and at + 1 in frameworks:
                kinds[Q.MIGRATE] = (CUE_POINTS, f"{token} … {tokens[at]} {tokens[at + 1]}")
                return


def lower_what_is_of_a_mention(
    board: Board, kinds: Mapping[Q, tuple[float, str]], asked: str | None
) -> None:
    """ "Explain Kubernetes": what a word only mentioned by an item is, the item does not say.

    ``asked`` holds the words right after "what is" ("what's the catch" asks about a catch).
    """
    if kinds.get(Q.WHAT_IS, (0.0, ""))[0] < CUE_POINTS or asked is None:
        return
    for intent_id in list(board.subject):
        rules = {r.rule for r in board.reasons[intent_id] if r.points > 0}
        mentioned = {r.words for r in board.reasons[intent_id] if r.rule in MENTIONS}
        if rules and rules <= MENTIONS and asked in mentioned:
            words = ", ".join(r.words for r in board.reasons[intent_id] if r.rule in MENTIONS)
            board.reasons[intent_id].append(
                Reason("asks what a word it only mentions is", words, -MENTION_ASKED)
            )


def inside_one_framework(analysis: Analysis) -> bool:
    """ "How do I roll back a migration in Django?": work inside one framework, not a move."""
    places = [
        spot.start
        for spot in analysis.spots
        if any(sense.role is Role.FRAMEWORK for sense in spot.senses)
    ]
    tokens = analysis.tokens
    return len(places) == 1 and places[0] > 0 and tokens[places[0] - 1] in INSIDE


def trouble_in_production(kinds: dict[Q, tuple[float, str]], analysis: Analysis) -> None:
    """ "Production problems", "errors that happen in production": the pitfalls, asked clearly.

    A weak word of trouble ("problems", "errors") beside "production" is what goes wrong in
    production, not a bug to debug.
    """
    tokens = analysis.tokens
    if PRODUCTION not in tokens or kinds.get(Q.PITFALLS, (0.0, ""))[0] >= CUE_POINTS:
        return
    places = [at for at, token in enumerate(tokens) if token == PRODUCTION]
    for spot in analysis.spots:
        trouble = any(
            s.role in (Role.CUE, Role.HINT)
            and s.target == Q.PITFALLS
            or (s.target == Q.HOWTO and spot.words in TROUBLE_WORDS)
            for s in spot.senses
        )
        near = any(abs(spot.start - at) <= PRODUCTION_REACH for at in places)
        if trouble and near:
            kinds[Q.PITFALLS] = (CUE_POINTS, f"{spot.words} … {PRODUCTION}")
            if kinds.get(Q.HOWTO, (0.0, ""))[1] in TROUBLE_WORDS:
                del kinds[Q.HOWTO]
            return


def faster_to_deliver(kinds: dict[Q, tuple[float, str]], analysis: Analysis) -> None:
    """ "How much faster would Django get us there?", "how much quicker to v1 with FastAPI?":
    the time a framework saves on the way to a first version, not its speed."""
    words = kinds.get(Q.MORE, (0.0, ""))[1]
    if Q.SAVING in kinds or not words.startswith("how much "):
        return
    tokens = analysis.tokens
    at = next((i for i in range(len(tokens) - 1) if tokens[i : i + 2] == ("how", "much")), None)
    if at is None:
        return
    ahead = tokens[at + 3 : at + 3 + DELIVERY_REACH]
    reached = next((w for w in ahead if w in DELIVERING), None)
    if reached is not None:
        kinds[Q.SAVING] = (CUE_POINTS, f"{words} … {reached}")
