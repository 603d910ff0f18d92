"""Constructions read as one of the knowledge's own phrases, whatever entry an editor gives it.

"What would building a new web app cost?" reads as "new build", "the stuff I type here" as
"what i write", "what does Django give me that FastAPI doesn't?" as "features"; asking to book
a call or for someone of ours is the consultation. The knowledge decides which entry answers:
a rule adds nothing where no entry has the phrase.
"""

from __future__ import annotations

from collections.abc import Mapping

from consultbot.knowledge.faq import CONSULTATION_INTENT
from consultbot.knowledge.faq import QuestionKind as Q
from consultbot.matching.analysis import Analysis
from consultbot.matching.catalogue import Item, Page
from consultbot.matching.evidence import CUE_POINTS, NAME_POINTS, Board, K
from consultbot.matching.grammar import MOVING
from consultbot.matching.index import MatcherIndex
from consultbot.matching.phrases import Role, fold_all

# "book a consultation", "book me in", "schedule one": a verb of booking and what is booked.
BOOKING = frozenset({"book", "schedule", "arrange"})
BOOKED = frozenset({"a", "an", "the", "me", "us", "it", "one", "in", "my", "our"})
# "sign me up" (not "sign in", "sign the form").
US = frozenset({"me", "us"})
# "what would building a new web app cost": a verb of making, then what is new, reads as the
# knowledge's phrase "new build" (whatever entry an editor gives that phrase).
BUILDING = frozenset(
    {"build", "building", "develop", "developing", "create", "creating", "make", "making"}
)
NEW = frozenset({"new", "scratch", "fresh", "greenfield", "zero"})
BUILDING_REACH = 4
NEW_BUILD = ("new", "build")
HINT_PRICED = 1.0
BUILD_RULE = "asks to build something new"
# "is it free?", "do I have to pay": the price of something, in words of its own.
TALKS = frozenset({"consultation", "consult", "call", "session", "chat", "meeting", "quote"})
PRICE_WORDS = frozenset({"free", "pay", "paid", "charge", "charged", "cost", "costs", "fee"})
# "to build a site", "to build it": what is built, right after the verb.
BUILT_THINGS = frozenset({"a", "an", "it", "one", "our", "my", "this", "that", "the", "us", "me"})
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
CAPABILITIES = ("capabilities",)
YOU_DO = ("you", "do")
# "what are you good for (then)?", "what is this assistant for?".
FOR_ENDINGS = frozenset({"then", "exactly", "anyway", "really", "here"})
US_OR_THIS = frozenset({"you", "this"})
FOR_OPENINGS = frozenset({"ok", "okay", "so", "and", "well", "alright", "fine"})
# "someone from your team", "anybody on your side", "one of you".
SOMEONE = frozenset({"someone", "somebody", "anyone", "anybody", "one"})
SOMEONE_REACH = 3
CONTACTING = frozenset({"call", "ring", "phone", "contact", "email", "text", "reach", "help"})
# The verbs these rules and grammar.py read are understood, whether or not the knowledge uses
# them.
GRAMMAR_WORDS = MOVING | BOOKING | BUILDING


def _faq_entries(index: MatcherIndex, phrase: tuple[str, ...]) -> list[Item]:
    """The FAQ entries the phrase is a clear cue of."""
    targets = (
        s.target.removeprefix("intent:")
        for s in index.phrases.get(fold_all(phrase), ())
        if s.role is Role.CUE
    )
    return [index.faq_items[t] for t in targets if t in index.faq_items]


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
    """ "How can you help me?" and nothing more, "what are you good for?", "what is this
    assistant for?": what the assistant can help with, read as the knowledge's word
    "capabilities"."""
    tokens = analysis.tokens
    # "What do you do with my messages?" asks what happens to something, not what we do.
    for position in range(len(tokens) - 2):
        if tokens[position : position + 2] == YOU_DO and tokens[position + 2] == "with":
            for item in _faq_entries(index, YOU_DO):
                board.add(item, "asks what we do with something", "you do with", -CUE_POINTS)
            return
    purpose = _what_for(tokens)
    if purpose is not None:
        for item in _faq_entries(index, CAPABILITIES):
            board.add(item, "asks what we are for", purpose, CUE_POINTS)
        return
    helped = _what_can_help_with(tokens)
    if helped is not None:
        for item in _faq_entries(index, CAPABILITIES):
            board.add(item, "asks what we can help with", helped, CUE_POINTS)
        return
    for position in range(len(tokens) - 3):
        asked = tokens[position] == "how" and tokens[position + 1] in HOW_AUXILIARIES
        if not asked or tokens[position + 2 : position + 4] != ("you", "help"):
            continue
        if set(tokens[position + 4 :]) <= HELP_ENDINGS:
            for item in _faq_entries(index, CAPABILITIES):
                words = " ".join(tokens[position : position + 4])
                board.add(item, "asks how we can help", words, CUE_POINTS)
        return


def _what_can_help_with(tokens: tuple[str, ...]) -> str | None:
    """ "What can you help me with?", "what can this assistant help us with today?"."""
    if tokens[:2] not in (("what", "can"), ("what", "could")):
        return None
    # "what can I ask (you here)?": what the visitor may ask, asked of us.
    if tokens[2:4] == ("i", "ask") and set(tokens[4:]) <= HELP_ENDINGS | {"you", "about"}:
        return " ".join(tokens[:4])
    if "help" not in tokens:
        return None
    at = tokens.index("help")
    helper = tokens[2:at]
    asked_of_us = helper in (("you",), ("it",)) or (len(helper) == 2 and helper[0] == "this")
    rest = tokens[at + 1 :]
    if asked_of_us and "with" in rest and set(rest) <= HELP_ENDINGS | {"with"}:
        return " ".join(tokens[: at + 1])
    return None


def _what_for(tokens: tuple[str, ...]) -> str | None:
    """ "What are you good for?", "what's this assistant for, then?": asked of us, ending "for"."""
    while tokens and tokens[-1] in FOR_ENDINGS:
        tokens = tokens[:-1]
    while tokens and tokens[0] in FOR_OPENINGS:
        tokens = tokens[1:]
    if len(tokens) < 3 or tokens[0] != "what" or tokens[-1] != "for":
        return None
    return " ".join(tokens) if US_OR_THIS.intersection(tokens[1:-1]) else None


def asks_for_someone(analysis: Analysis) -> str | None:
    """ "Can someone from your team call me?", "somebody on your side", "can someone call me
    back?": one of ours, for them."""
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
        # "can someone call me back?": someone asked to get in touch with the visitor.
        if ahead[:1] and ahead[0] in CONTACTING and ahead[1:2] in (("me",), ("us",)):
            return " ".join(tokens[position : position + 3])
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
    building = _builds_new(analysis, priced=Q.COST in kinds)
    if building is None:
        return
    for item in _faq_entries(index, NEW_BUILD):
        if not index.faq_with_kinds.get(item.intent_id, frozenset()) & kinds.keys():
            continue
        board.add(item, BUILD_RULE, building, CUE_POINTS)
        for intent_id, other in board.items.items():
            if other.kind in (K.MIGRATION, K.TIER):
                board.add(other, "building new is no migration", building, -CUE_POINTS)
            # "What would you charge to build it?": the build is priced, not another entry
            # that only a price word pointed at ("charge" is also a word of the consultation).
            weak = [r for r in board.reasons[intent_id] if r.points > 0]
            if other is not item and other.kind is K.FAQ and weak:
                if all(r.points < CUE_POINTS for r in weak):
                    board.add(other, "the build is what is priced", building, -HINT_PRICED)


def what_i_wrote(index: MatcherIndex, board: Board, analysis: Analysis) -> None:
    """ "What happens to the stuff I type here?": the visitor's own messages, read as the
    knowledge's phrase "what i write" (whatever entry an editor gives that phrase)."""
    tokens = analysis.tokens
    for position in range(1, len(tokens) - 1):
        said = tokens[position] in ("i", "we") and tokens[position + 1] in SAYING
        before = tokens[max(0, position - SAID_REACH) : position]
        if not said or not SAID_THINGS.intersection(before):
            continue
        for item in _faq_entries(index, WHAT_I_WRITE):
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


def _builds_new(analysis: Analysis, priced: bool = False) -> str | None:
    """ "Building a new web app", "develop it from scratch": making what is not there yet.

    ``priced``: the message asks a price ("what would you charge to build a small site?"):
    building something, with no word of moving one, is building it new.
    """
    tokens = analysis.tokens
    for position, token in enumerate(tokens):
        if token not in BUILDING:
            continue
        for at in range(position + 1, min(len(tokens), position + BUILDING_REACH + 1)):
            if tokens[at] in NEW:
                return f"{token} … {tokens[at]}"
        built = tokens[position + 1 : position + 2]
        if priced and built and built[0] in BUILT_THINGS and position > 0:
            if tokens[position - 1] == "to":
                return f"to {token} {built[0]}"
    return None


def price_of_talking_to_us(
    index: MatcherIndex, board: Board, analysis: Analysis, kinds: Mapping[Q, tuple[float, str]]
) -> None:
    """ "Do I have to pay to talk to an engineer?", "is talking to one of you free?": the price
    of the consultation, the entry of its topic a price word points at, not a booking."""
    consultation = index.faq_items.get(CONSULTATION_INTENT)
    topic = index.faq_topics.get(CONSULTATION_INTENT)
    tokens = analysis.tokens
    # "book a free consultation" books one; "is it free", "do I have to pay" ask its price.
    said = [
        word
        for at, word in enumerate(tokens)
        if word in PRICE_WORDS
        and not (word == "free" and tokens[at + 1 : at + 2] and tokens[at + 1] in TALKS)
    ]
    priced = Q.COST in kinds or bool(said)
    if consultation is None or topic is None or not priced:
        return
    # Talking to us was said in words ("talk to an engineer", "one of your engineers").
    asked_for = [
        r
        for r in board.reasons.get(CONSULTATION_INTENT, ())
        if r.points >= CUE_POINTS and r.rule != "learned from examples"
    ]
    # "What would you charge to build it?" prices a build, not a talk.
    building = any(r.rule == BUILD_RULE for reasons in board.reasons.values() for r in reasons)
    if not asked_for or building:
        return
    for intent_id, item in board.items.items():
        same_topic = intent_id != CONSULTATION_INTENT and index.faq_topics.get(intent_id) == topic
        cued = any(r.rule == "cue" and r.points > 0 for r in board.reasons[intent_id])
        if same_topic and cued:
            words = ", ".join(said) or "price"
            board.add(item, "asks the price of talking to us", words, CUE_POINTS)
            board.add(consultation, "asked about, not asked for", words, -CUE_POINTS)
            return
