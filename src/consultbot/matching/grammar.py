"""Kinds of question read from grammar rather than from a stored phrase.

"How long has Django been around?" asks how old, not how long a piece of work takes; "we
move a huge app to FastAPI" asks about a migration although no migration word is next to another.
"""

from __future__ import annotations

from collections.abc import Mapping

from consultbot.knowledge.faq import CONSULTATION_INTENT
from consultbot.knowledge.faq import QuestionKind as Q
from consultbot.matching.analysis import Analysis
from consultbot.matching.catalogue import Page
from consultbot.matching.doubts import COMPARATIVES
from consultbot.matching.evidence import CUE_POINTS, NAME_POINTS, Board, K, Reason
from consultbot.matching.index import MatcherIndex
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
# "book a consultation", "book me in", "schedule one": a verb of booking and what is booked.
BOOKING = frozenset({"book", "schedule", "arrange"})
BOOKED = frozenset({"a", "an", "the", "me", "us", "it", "one", "in", "my", "our"})
# "sign me up" (not "sign in", "sign the form").
US = frozenset({"me", "us"})
MENTION_ASKED = 1.5
# "what would building a new web app cost": a verb of making, then what is new, reads as the
# knowledge's phrase "new build" (whatever entry an editor gives that phrase).
BUILDING = frozenset(
    {"build", "building", "develop", "developing", "create", "creating", "make", "making"}
)
NEW = frozenset({"new", "scratch", "fresh", "greenfield", "zero"})
BUILDING_REACH = 4
NEW_BUILD = ("new", "build")
# "the stuff I type here", "everything we enter": the visitor's own messages.
SAYING = frozenset(
    {"type", "typed", "write", "wrote", "say", "said", "enter", "entered", "send", "sent",
     "share", "shared", "put", "tell", "told"}
)  # fmt: skip
SAID_THINGS = frozenset(
    {"what", "stuff", "things", "everything", "anything", "whatever", "info", "information"}
)
SAID_REACH = 2
WHAT_I_WRITE = ("what", "i", "write")
# "What does Django give me that FastAPI doesn't?": a verb of having, a "not" after one of two
# frameworks; read as the knowledge's word "features".
HAVING = frozenset(
    {"give", "gives", "have", "has", "include", "includes", "offer", "offers", "provide",
     "provides", "come", "comes", "ship", "ships", "bring", "brings", "get"}
)  # fmt: skip
LACKING = frozenset({"not", "lack", "lacks", "missing", "without"})
LACKING_REACH = 3
FEATURES = ("feature",)
# "how can you help me?" (and nothing more).
HOW_AUXILIARIES = frozenset({"can", "could", "do", "will", "would", "might"})
HELP_ENDINGS = frozenset({"me", "us", "here", "exactly", "today", "out", "please", "then", "now"})
YOU_HELP_WITH = ("you", "help", "with")
# "someone from your team", "anybody on your side", "one of you".
SOMEONE = frozenset({"someone", "somebody", "anyone", "anybody", "one"})
SOMEONE_REACH = 3
# The verbs these rules read are understood, whether or not the knowledge uses them.
GRAMMAR_WORDS = MOVING | BOOKING | BUILDING


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
    """ "By how much?", "how much faster?": the size of a difference, not a price.

    Only when "how much" is the whole of the cost question: "how much more does it cost"
    still asks a price.
    """
    if kinds.get(Q.COST, (0.0, ""))[1] != "how much":
        return
    tokens = analysis.tokens
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


def asks_of_us(index: MatcherIndex, board: Board, analysis: Analysis) -> None:
    """Asking how we help; asking to book a call, or for someone of ours: the consultation."""
    how_you_help(index, board, analysis)
    item = index.faq_items.get(CONSULTATION_INTENT)
    if item is None:
        return
    booking = asks_to_book(analysis)
    if booking is not None:
        board.add(item, "asks to book", booking, CUE_POINTS)
    someone = asks_for_someone(analysis)
    if someone is not None:
        board.add(item, "asks for someone of ours", someone, CUE_POINTS)


def how_you_help(index: MatcherIndex, board: Board, analysis: Analysis) -> None:
    """ "How can you help me?" and nothing more: what the assistant can help with, read as
    the knowledge's phrase "you help with"."""
    tokens = analysis.tokens
    for position in range(len(tokens) - 3):
        asked = tokens[position] == "how" and tokens[position + 1] in HOW_AUXILIARIES
        if not asked or tokens[position + 2 : position + 4] != ("you", "help"):
            continue
        if set(tokens[position + 4 :]) <= HELP_ENDINGS:
            for sense in index.phrases.get(YOU_HELP_WITH, ()):
                item = index.faq_items.get(sense.target.removeprefix("intent:"))
                if sense.role is Role.CUE and item is not None:
                    words = " ".join(tokens[position : position + 4])
                    board.add(item, "asks how we can help", words, CUE_POINTS)
        return


def asks_for_someone(analysis: Analysis) -> str | None:
    """ "Can someone from your team call me?", "somebody on your side": one of ours, for them."""
    tokens = analysis.tokens
    for position, token in enumerate(tokens):
        # "one of your engineers", not "each one gives you".
        if token not in SOMEONE or (
            token == "one" and tokens[position + 1 : position + 2] != ("of",)
        ):
            continue
        ahead = tokens[position + 1 : position + 1 + SOMEONE_REACH]
        if "your" in ahead or "you" in ahead:
            end = position + 1 + max(ahead.index(w) for w in ("your", "you") if w in ahead)
            return " ".join(tokens[position : end + 1])
    return None


def asks_to_book(analysis: Analysis) -> str | None:
    """ "Book a consultation", "book me in", "ok book it": asking to book a call with us.

    Not "a good book on Django": the noun is followed by what it is about, not by what is booked.
    """
    tokens = analysis.tokens
    for position, token in enumerate(tokens[:-1]):
        following = tokens[position + 1]
        if (token in BOOKING and following in BOOKED) or (token == "sign" and following in US):
            return f"{token} {following}"
    return None


def building_new(
    index: MatcherIndex, board: Board, analysis: Analysis, kinds: Mapping[Q, tuple[float, str]]
) -> None:
    """ "What would building a new web app cost?": the entry the phrase "new build" names.

    Building something new is no migration: the page's migration answers step back.
    """
    building = _builds_new(analysis)
    if building is None:
        return
    for sense in index.phrases.get(NEW_BUILD, ()):
        intent_id = sense.target.removeprefix("intent:")
        item = index.faq_items.get(intent_id)
        asked = index.faq_with_kinds.get(intent_id, frozenset()) & kinds.keys()
        if sense.role is not Role.CUE or item is None or not asked:
            continue
        board.add(item, "asks to build something new", building, CUE_POINTS)
        for other in board.items.values():
            if other.kind in (K.MIGRATION, K.TIER):
                board.add(other, "building new is no migration", building, -CUE_POINTS)


def what_i_wrote(index: MatcherIndex, board: Board, analysis: Analysis) -> None:
    """ "What happens to the stuff I type here?": the visitor's own messages, read as the
    knowledge's phrase "what i write" (whatever entry an editor gives that phrase)."""
    tokens = analysis.tokens
    for position in range(1, len(tokens) - 1):
        said = tokens[position] in ("i", "we") and tokens[position + 1] in SAYING
        before = tokens[max(0, position - SAID_REACH) : position]
        if not said or not SAID_THINGS.intersection(before):
            continue
        for sense in index.phrases.get(WHAT_I_WRITE, ()):
            item = index.faq_items.get(sense.target.removeprefix("intent:"))
            if sense.role is Role.CUE and item is not None:
                words = " ".join(tokens[position - 1 : position + 2])
                board.add(item, "asks about what the visitor writes", words, CUE_POINTS)
        return


def lacking_features(index: MatcherIndex, board: Board, analysis: Analysis, page: Page) -> None:
    """ "What does Django give me that FastAPI doesn't?" names the page's item for features."""
    words = one_has_what_the_other_lacks(analysis)
    if words is None:
        return
    for sense in index.phrases.get(FEATURES, ()):
        item = page.items.get(sense.target)
        if sense.role is Role.NAME and item is not None:
            board.add(item, "what one has and the other lacks", words, NAME_POINTS)
            board.subject.add(item.intent_id)


def one_has_what_the_other_lacks(analysis: Analysis) -> str | None:
    """ "What does Django give me that FastAPI doesn't?": what comes with one and not the other.

    Two frameworks, a verb of having, and a "not" (or "lacks") right after one of them.
    """
    tokens = analysis.tokens
    places = [
        spot.end
        for spot in analysis.spots
        if any(sense.role is Role.FRAMEWORK for sense in spot.senses)
    ]
    if len(places) < 2 or not HAVING.intersection(tokens):
        return None
    for end in places:
        lacking = next((w for w in tokens[end : end + LACKING_REACH] if w in LACKING), None)
        if lacking is not None:
            return f"{tokens[end - 1]} … {lacking}"
    return None


def _builds_new(analysis: Analysis) -> str | None:
    """ "Building a new web app", "develop it from scratch": making what is not there yet."""
    tokens = analysis.tokens
    for position, token in enumerate(tokens):
        if token not in BUILDING:
            continue
        for at in range(position + 1, min(len(tokens), position + BUILDING_REACH + 1)):
            if tokens[at] in NEW:
                return f"{token} … {tokens[at]}"
    return None
