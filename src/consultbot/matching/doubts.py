"""Doubts about a message: words the knowledge never uses, unknown comparisons, how-tos.

Each doubt takes points off, with a reason, so the explanation shows why an answer was held back.
"""

from __future__ import annotations

from collections.abc import Mapping

from consultbot.knowledge.faq import CONSULTATION_INTENT
from consultbot.knowledge.faq import QuestionKind as Q
from consultbot.matching.analysis import Analysis
from consultbot.matching.english import English
from consultbot.matching.evidence import CUE_POINTS, FIT, Board, K, Reason
from consultbot.matching.phrases import Role, Spot

OUTSIDE_PAGE = 2.5

UNKNOWN_COMPARAND = 3.0

FOREIGN_WITH_SUBJECT = 0.75

FOREIGN_WITHOUT = 1.0

FOREIGN_COUNTED = 4
FOREIGN_NAME = 1.5
FOREIGN_ENGLISH = 1.0
# A verb, adjective or adverb we never use ("arrive", "typically") names nothing.
FOREIGN_MANNER = 0.25

FUNCTION_WORDS_SKIP = frozenset(
    {"i", "a", "an", "the", "is", "are", "am", "be", "to", "of", "and", "or", "it", "in", "on",
     "for", "with", "what", "which", "how", "do", "does", "you", "we", "my", "our", "me", "that",
     "this", "at", "about", "can", "should", "would", "will", "so", "if", "but"}
)  # fmt: skip

FOREIGN_ANCHORED = 0.5

FOREIGN_DAMPING_FROM = 5

SMALL_TALK_AROUND = 1.0

ASKS_ABOUT_OTHER = 3.0

HOWTO = 1.5
OTHER_COMPARISON = 5.0
HOW_TO_VERBS = frozenset({"do", "can", "should", "would"})
COMPARAND_REACH = 3
MARK_MAX = 10
COMPARATIVES = frozenset(
    {"quicker", "slower", "faster", "better", "worse", "easier", "harder", "cheaper", "simpler",
     "lighter", "heavier", "bigger", "smaller", "safer", "newer", "older", "more", "less"}
)  # fmt: skip
FOREIGN_COUNTED_WITH_SUBJECT = 3

VERSUS = frozenset({"vs", "versus"})
POLITE = frozenset(
    {"can", "could", "would", "will", "you", "please", "pls", "kindly", "just", "ok", "okay",
     "now", "and", "also", "then", "so", "u", "ya", "help", "me", "us", "to"}
)  # fmt: skip
# "can you help me write…": the asking words after which a request may follow.
ASKING = frozenset({"can", "could", "would"})
YOU = frozenset({("you",), ("u",), ("ya",)})
PLEASE = frozenset({"pls", "please", "plz"})
CODE_VERBS = frozenset(
    {"write", "code", "generate", "draft", "implement", "debug", "fix", "translate", "refactor",
     "review", "proofread"}
)  # fmt: skip
CODE_OBJECTS = frozenset({"a", "an", "the", "this", "that", "it", "my", "our", "some"})
# Asked to write something ("write me a model"): the pages never do, whatever it is about.
CODE_REQUEST = 3.0

COMPARE_WORDS = frozenset({"vs", "versus", "than", "compared", "compare", "against"})

# "compare Django and Rails", "between Rails and FastAPI".
COMPARING = frozenset({"compare", "comparing", "compared", "between", "difference", "differences"})
AND_REACH = 4
COMPARAND_SKIP = frozenset({"to", "with", "the", "a", "an", "on", "like", "faster", "better"})


def unknown_comparands(analysis: Analysis, known: frozenset[str]) -> tuple[str, ...]:
    """Return foreign words or numbers compared with ours ("django vs rails", "3.12 than 3.11").

    Right beside "vs" any word the knowledge never uses is a comparand ("flask vs bottle")."""
    tokens = analysis.tokens
    foreign = set(analysis.foreign)
    found: list[str] = []
    frameworks = {
        i
        for spot in analysis.spots
        if any(sense.role is Role.FRAMEWORK for sense in spot.senses)
        for i in range(spot.start, spot.end)
    }
    for position, token in enumerate(tokens):
        if token not in COMPARE_WORDS and token != "or":
            continue
        # "rather than assembling it" compares nothing: a framework must be part of it.
        near = range(max(0, position - COMPARAND_REACH), position + COMPARAND_REACH + 1)
        if not frameworks.intersection(near) and not _both_sides_unknown(tokens, position, foreign):
            continue
        # "or" joins many things ("a sentence or two"): only two things both named or foreign.
        if token == "or" and not _or_joins_things(analysis, position):
            continue
        limit = 1 if token == "or" else 2
        for step in (-1, 1):
            reach, cursor = 0, position + step
            while 0 <= cursor < len(tokens) and reach < limit:
                word = tokens[cursor]
                # "genuinely quicker than": adverbs and comparatives describe, they compare nothing.
                describes = word in COMPARAND_SKIP or word in COMPARATIVES or word.endswith("ly")
                # A word further off counts only when written as a name ("Spring Boot").
                named = reach == 0 or word in analysis.capitalised
                beside_vs = token in VERSUS and reach == 0 and cursor not in analysis.covered
                # A number inside a phrase ("7 out of 10") is part of it, not a version.
                unknown = (
                    word in foreign
                    or (
                        word.isdigit()
                        and cursor not in analysis.covered
                        and not _lone_mark(tokens, cursor)
                    )
                    or (beside_vs and word.isalpha() and word not in known)
                )
                if unknown and named and word not in found and not describes:
                    found.append(word)
                    break
                if not describes:
                    reach += 1
                cursor += step
    found.extend(w for w in _joined_by_and(tokens, frameworks, foreign) if w not in found)
    return tuple(found)


def _joined_by_and(tokens: tuple[str, ...], frameworks: set[int], foreign: set[str]) -> list[str]:
    """ "Compare Django and Rails", "the difference between Rails and FastAPI": a foreign word
    joined by "and" to one of our frameworks, after a word of comparing."""
    found = []
    for position in range(1, len(tokens) - 1):
        opening = tokens[max(0, position - AND_REACH) : position]
        if tokens[position] != "and" or not COMPARING.intersection(opening):
            continue
        for ours, other in ((position - 1, position + 1), (position + 1, position - 1)):
            if ours in frameworks and tokens[other] in foreign:
                found.append(tokens[other])
    return found


def _lone_mark(tokens: tuple[str, ...], at: int) -> bool:
    """ "DX at 8 vs 9": a lone number up to 10 is a mark; "3.12 than 3.11" are versions."""
    beside = [tokens[i] for i in (at - 1, at + 1) if 0 <= i < len(tokens)]
    return int(tokens[at]) <= MARK_MAX and not any(word.isdigit() for word in beside)


def _both_sides_unknown(tokens: tuple[str, ...], position: int, foreign: set[str]) -> bool:
    """Return True for "laravel or symfony", "3.12 than 3.11": neither side is ours."""

    def unknown(step: int) -> bool:
        at = position + step
        while 0 <= at < len(tokens) and tokens[at] in COMPARAND_SKIP:
            at += step
        return 0 <= at < len(tokens) and (tokens[at] in foreign or tokens[at].isdigit())

    return unknown(-1) and unknown(1)


def how_to_request(analysis: Analysis) -> str | None:
    """Read "how do I set up JWT?" as a how-to request by its grammar, not by a stored phrase.

    "How do I choose?" is not one: when the verb is a cue or a name the knowledge has, the
    question is about that instead.
    """
    tokens, covered = analysis.tokens, analysis.covered
    howto_verbs = {
        spot.start
        for spot in analysis.spots
        if any(sense.target == Q.HOWTO for sense in spot.senses)
    }
    for position in range(len(tokens) - 3):
        how, aux, person = tokens[position : position + 3]
        if how == "how" and aux in HOW_TO_VERBS and person in ("i", "we"):
            verb = position + 3
            if verb not in covered or verb in howto_verbs:
                return " ".join(tokens[position : position + 4])
    return None


def code_request(analysis: Analysis) -> str | None:
    """Read "write me a SQLAlchemy model", "can you debug this" as a request for work done.

    The request may open the message or follow an asking word anywhere in it ("thanks, one
    more thing: can you help me write a job ad?"). The pages compare; they do not write code.
    ("Build" and "make" are left out: "can you build our backend?" is a visitor wanting to
    hire us.)
    """
    tokens = analysis.tokens
    openings = [0] + [
        p + 1
        for p, token in enumerate(tokens)
        if token in PLEASE or (token in ASKING and tokens[p + 1 : p + 2] in YOU)
    ]
    for opening in openings:
        start = opening
        while start < len(tokens) and tokens[start] in POLITE:
            start += 1
        if start < len(tokens) - 1 and tokens[start] in CODE_VERBS:
            following = tokens[start + 1]
            if following in CODE_OBJECTS or following in ("me", "us"):
                return " ".join(tokens[start : start + 2])
    return None


def lower_how_to(
    board: Board, kinds: Mapping[Q, tuple[float, str]], anchored: bool, faq_too: bool
) -> None:
    """Lower everything for how-to requests ("walk me through JWT"): the pages do not teach.

    Migrating between the page's frameworks stays: "how do we port it" is what the tiers answer.
    """
    points, words = kinds[Q.HOWTO]
    for intent_id, item in board.items.items():
        # Asking us to do the work ("can you fix our app") is hiring us; a bare "how do I …"
        # may be an FAQ entry's own question.
        faq_kept = not faq_too or item.id == CONSULTATION_INTENT
        if (item.kind is K.FAQ and faq_kept) or (
            anchored and Q.MIGRATE in kinds and FIT[Q.MIGRATE].get(item.kind)
        ):
            continue
        penalty = HOWTO * max(1.0, points / CUE_POINTS)
        board.reasons[intent_id].append(Reason("a how-to request", words, -penalty))


def lower_other_comparisons(board: Board, analysis: Analysis) -> None:
    """ "Postgres or MySQL?", "React vs Vue", "between Docker and Kubernetes": other things."""
    tokens = analysis.tokens
    by_start = {spot.start: spot for spot in analysis.spots}
    by_end = {spot.end: spot for spot in analysis.spots}
    foreign = set(analysis.foreign)

    def other_thing(spot: Spot | None, at: int) -> str | None:
        if spot is not None:
            # "7/10 vs 10/10", "cost or time": cue words ask something, they are not things.
            asks = all(sense.role in (Role.CUE, Role.HINT) for sense in spot.senses)
            return None if asks or _framework_or_name(spot) else spot.words
        return tokens[at] if 0 <= at < len(tokens) and tokens[at] in foreign else None

    for position, token in enumerate(tokens):
        between = token == "and" and "between" in tokens[max(0, position - 3) : position]
        if token not in COMPARE_WORDS and token != "or" and not between:
            continue
        left = other_thing(by_end.get(position), position - 1)
        right = other_thing(by_start.get(position + 1), position + 1)
        # Two things, at least one of them a word the knowledge has (else unknown_comparands).
        known = by_end.get(position) is not None or by_start.get(position + 1) is not None
        if left is None or right is None or left == right or not known:
            continue
        # "v1 or v2" of one item (Pydantic's versions) asks about that item.
        if _same_item(by_end.get(position), by_start.get(position + 1)):
            continue
        for intent_id, item in board.items.items():
            if item.suggest:
                board.reasons[intent_id].append(
                    Reason(
                        "compares two things that are not frameworks",
                        f"{left} {token} {right}",
                        -OTHER_COMPARISON,
                    )  # fmt: skip
                )
        return


def _same_item(left: Spot | None, right: Spot | None) -> bool:
    """Two versions ("v1", "v2") of one item's name; "React or Vue" are two things."""
    if left is None or right is None:
        return False
    versions = any(c.isdigit() for c in left.words) and any(c.isdigit() for c in right.words)
    return versions and bool({s.target for s in left.senses} & {s.target for s in right.senses})


def _framework_or_name(spot: Spot) -> bool:
    return any(sense.role in (Role.FRAMEWORK, Role.NAME) for sense in spot.senses)


def _or_joins_things(analysis: Analysis, position: int) -> bool:
    tokens = analysis.tokens
    if position == 0 or position + 1 >= len(tokens):
        return False
    covered = analysis.covered
    foreign = set(analysis.foreign)

    def thing(at: int) -> bool:
        return at in covered or tokens[at] in foreign

    return thing(position - 1) and thing(position + 1)


def add_penalties(
    board: Board,
    analysis: Analysis,
    unknown: tuple[str, ...],
    anchored: bool,
    english: English,
    pleasantries: frozenset[str] = frozenset(),
) -> None:
    """Take points off for words the knowledge never uses, and for unknown comparisons.

    ``pleasantries`` (hello, thanks, bye) are said in any words around them: "gracias, muy
    útil", "bye for now, I'll think it over with my cofounder".

    A message that names the page's frameworks is about our topic even with words of its own
    ("I'm a junior dev and..."), and in a long message each such word weighs less.
    """
    covered = analysis.covered
    uncovered = [
        token
        for position, token in enumerate(analysis.tokens)
        if position not in covered and token not in FUNCTION_WORDS_SKIP
    ]
    # A word no English dictionary has ("granian", "hipaa") names something we do not cover;
    # an everyday word we never use ("helpful", "testing") is only the visitor's own wording,
    # and one that cannot even be a noun ("arrive", "typically") names nothing at all.
    count = sum(_foreign_weight(word, english) for word in analysis.foreign[:FOREIGN_COUNTED])
    damping = min(1.0, FOREIGN_DAMPING_FROM / max(1, len(uncovered)))
    words = ", ".join(analysis.foreign[:FOREIGN_COUNTED])
    for intent_id in board.items:
        if unknown:
            board.reasons[intent_id].append(
                Reason(
                    "compared with something we have no page on",
                    ", ".join(unknown),
                    -UNKNOWN_COMPARAND,
                )  # fmt: skip
            )
        if count and intent_id not in pleasantries:
            rate = FOREIGN_ANCHORED if anchored else FOREIGN_WITHOUT
            if intent_id in board.subject:
                capped = FOREIGN_WITH_SUBJECT * min(count, FOREIGN_COUNTED_WITH_SUBJECT) / count
                rate = min(rate, capped)
            board.reasons[intent_id].append(
                Reason("words the knowledge never uses", words, -rate * count * damping)
            )


def _foreign_weight(word: str, english: English) -> float:
    if not english.is_word(word):
        return FOREIGN_NAME
    return FOREIGN_MANNER if english.names_nothing(word) else FOREIGN_ENGLISH


def _worded(reasons: list[Reason]) -> bool:
    return any(r.points > 0 and not r.rule.startswith("learned") for r in reasons)


def lower_small_talk(board: Board) -> None:
    """ "Thanks, and what about async?" is a question: small talk yields to a real topic."""
    # A question to one of the FAQ entries ("good morning, who's behind this site?") counts
    # when a word of the message, not the learned scorer alone, points at it.
    topical = any(
        board.total(intent_id) > 0
        and (item.kind is not K.FAQ or (item.suggest and _worded(board.reasons[intent_id])))
        for intent_id, item in board.items.items()
    )
    if not topical:
        return
    for intent_id, item in board.items.items():
        if item.kind is K.FAQ and not item.suggest:
            board.reasons[intent_id].append(
                Reason("small talk around a question", "", -SMALL_TALK_AROUND)
            )
