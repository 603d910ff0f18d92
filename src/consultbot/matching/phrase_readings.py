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
YOU_HELP_WITH = ("you", "help", "with")
YOU_DO = ("you", "do")
# "what are you good for (then)?", "what is this assistant for?".
FOR_ENDINGS = frozenset({"then", "exactly", "anyway", "really", "here"})
US_OR_THIS = frozenset({"you", "this"})
FOR_OPENINGS = frozenset({"ok", "okay", "so", "and", "well", "alright", "fine"})
# "someone from your team", "anybody on your side", "one of you".
SOMEONE = frozenset({"someone", "somebody", "anyone", "anybody", "one"})
SOMEONE_REACH = 3
CONTACTING = frozenset({"call", "ring", "phone", "contact", "email", "text", "reach", "help"})
# "Our team only writes JavaScript", "we're a Go shop", "nobody codes in Python": a team
# without Python, read as the knowledge's phrase "not python".
NOT_PYTHON = ("not", "python")
TEAM_LANGUAGE = "a team that writes another language"
LANGUAGE_NAMED = 1.5
PYTHON = "python"
NOBODY = frozenset({"nobody", "noone", "none", "not", "never", "no"})
WRITING = frozenset(
    {"know", "knows", "write", "writes", "code", "codes", "use", "uses", "speak", "speaks",
     "program", "programs", "work", "works", "do", "does", "touch", "touches", "written",
     "wrote", "coded", "used", "known", "touched", "programmed"}
)  # fmt: skip
LANGUAGES = frozenset(
    {"javascript", "typescript", "js", "ts", "go", "golang", "java", "kotlin", "php", "ruby",
     "rust", "csharp", "dotnet", "scala", "elixir", "swift", "cplusplus", "perl", "haskell",
     "clojure", "erlang", "dart", "node", "nodejs"}
)  # fmt: skip
# "we do not know if Python is fast enough" asks about Python; it does not rule it out.
CLAUSES = frozenset({"if", "whether", "how", "why", "what", "when", "which"})
SHOPS = frozenset({"shop", "house", "team", "company", "org", "outfit", "place"})
LANGUAGE_REACH = 7
# "Does FastAPI produce its own docs?", "endpoints documented automatically": documentation
# made by the framework, read as the knowledge's phrase "auto docs".
AUTO_DOCS = ("auto", "docs")
DOCS = frozenset({"docs", "doc", "documentation", "documented", "documenting", "documents"})
MAKING = frozenset(
    {"produce", "produces", "produced", "spit", "spits", "generate", "generates", "generated",
     "automatic", "automatically", "auto", "create", "creates", "makes", "built", "builds",
     "without"}
)  # fmt: skip
MAKING_REACH = 4
DOCS_RULES = frozenset({"name", "related word"})
DOCS_QUALITY = 1.5
# "our fraud-scoring model" (one model, after a determiner) against "Django models".
MODEL = "model"
DETERMINERS = frozenset({"a", "an", "the", "our", "my", "their", "this", "that", "your", "one"})
MODEL_REACH = 4
MODEL_SENSE = 1.0
# The verbs these rules and grammar.py read are understood, whether or not the knowledge uses
# them.
GRAMMAR_WORDS = MOVING | BOOKING | BUILDING


def _faq_entries(index: MatcherIndex, phrase: tuple[str, ...]) -> list[Item]:
    """The FAQ entries the phrase is a clear cue of."""
    targets = (
        s.target.removeprefix("intent:")
        for s in index.phrases.get(phrase, ())
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
    assistant for?": what the assistant can help with, read as the knowledge's phrase "you help
    with"."""
    tokens = analysis.tokens
    # "What do you do with my messages?" asks what happens to something, not what we do.
    for position in range(len(tokens) - 2):
        if tokens[position : position + 2] == YOU_DO and tokens[position + 2] == "with":
            for item in _faq_entries(index, YOU_DO):
                board.add(item, "asks what we do with something", "you do with", -CUE_POINTS)
            return
    purpose = _what_for(tokens)
    if purpose is not None:
        for item in _faq_entries(index, YOU_HELP_WITH):
            board.add(item, "asks what we are for", purpose, CUE_POINTS)
        return
    helped = _what_can_help_with(tokens)
    if helped is not None:
        for item in _faq_entries(index, YOU_HELP_WITH):
            board.add(item, "asks what we can help with", helped, CUE_POINTS)
        return
    for position in range(len(tokens) - 3):
        asked = tokens[position] == "how" and tokens[position + 1] in HOW_AUXILIARIES
        if not asked or tokens[position + 2 : position + 4] != ("you", "help"):
            continue
        if set(tokens[position + 4 :]) <= HELP_ENDINGS:
            for item in _faq_entries(index, YOU_HELP_WITH):
                words = " ".join(tokens[position : position + 4])
                board.add(item, "asks how we can help", words, CUE_POINTS)
        return


def _what_can_help_with(tokens: tuple[str, ...]) -> str | None:
    """ "What can you help me with?", "what can this assistant help us with today?"."""
    if "help" not in tokens or tokens[:2] not in (("what", "can"), ("what", "could")):
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
        board.add(item, "asks to build something new", building, CUE_POINTS)
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


def team_without_python(index: MatcherIndex, board: Board, analysis: Analysis, page: Page) -> None:
    """ "Our team only writes JavaScript", "we're a Go shop", "nobody here codes in Python":
    a team that does not write Python, read as the knowledge's phrase "not python"."""
    words = _writes_no_python(analysis.tokens)
    if words is None:
        return
    # The language the team writes is where they stand, not a framework they ask about.
    for intent_id, named in board.items.items():
        named_by = {r.words for r in board.reasons[intent_id] if r.rule == "framework"}
        if named.kind is K.ALTERNATIVE and named_by & set(words.split()):
            board.add(named, "the team's own language", words, -LANGUAGE_NAMED)
    for sense in index.phrases.get(NOT_PYTHON, ()):
        item = page.items.get(sense.target)
        if item is not None:
            board.add(item, TEAM_LANGUAGE, words, CUE_POINTS)
            board.subject.add(item.intent_id)
            return


def _writes_no_python(tokens: tuple[str, ...]) -> str | None:
    """The words that say the team writes no Python, if they do."""
    for position, token in enumerate(tokens):
        window = tokens[position + 1 : position + 1 + LANGUAGE_REACH]
        # "nobody on my team codes in python", "we do not really know python".
        if token in NOBODY and PYTHON in window:
            between = window[: window.index(PYTHON)]
            if WRITING.intersection(between) and not CLAUSES.intersection(between):
                return " ".join(tokens[position : position + 2 + window.index(PYTHON)])
        # "our team only knows javascript" (not "only uses python", not "…and python").
        if token == "only" and PYTHON not in tokens:
            language = next((w for w in window if w in LANGUAGES), None)
            if language is not None and WRITING.intersection(window[: window.index(language)]):
                return f"only … {language}"
        # "we're a go shop", "a java house".
        if token in LANGUAGES and PYTHON not in tokens and window[:1] and window[0] in SHOPS:
            if position > 0 and tokens[position - 1] in ("a", "an"):
                return f"{token} {window[0]}"
    return None


def docs_made_for_you(index: MatcherIndex, board: Board, analysis: Analysis, page: Page) -> None:
    """ "Does FastAPI produce its own documentation?", "can it spit out API docs?": docs the
    framework makes, the item the knowledge's phrase "auto docs" names."""
    tokens = analysis.tokens
    words = None
    for position, token in enumerate(tokens):
        if token not in DOCS:
            continue
        near = tokens[max(0, position - MAKING_REACH) : position + MAKING_REACH + 1]
        making = next((w for w in near if w in MAKING), None)
        # "its own documentation" (not "learn on my own").
        pairs = set(zip(near, near[1:], strict=False))
        if making is None and pairs & {("its", "own"), ("their", "own")}:
            making = "own"
        if making is not None:
            words = f"{making} … {token}"
            break
    if words is None:
        return
    for sense in index.phrases.get(fold_all(AUTO_DOCS), ()):
        item = page.items.get(sense.target)
        if sense.role is Role.NAME and item is not None:
            board.add(item, "docs the framework makes", words, NAME_POINTS)
            board.subject.add(item.intent_id)
            # The docs word named their quality too ("documentation"): that reading steps back.
            for other, named in board.items.items():
                said = {r.words for r in board.reasons[other] if r.rule in DOCS_RULES}
                if named is not item and said and said <= DOCS:
                    board.add(named, "docs made, not their quality", words, -DOCS_QUALITY)
            return


def a_model_to_run(board: Board, analysis: Analysis, kinds: Mapping[Q, tuple[float, str]]) -> None:
    """ "Our fraud-scoring model", "a model that flags results": one model to run, a
    machine-learning model, not the database models an ORM defines ("Django models").

    A how-to ("how do I load a model at startup") gains nothing: it is not ours either way.
    """
    tokens = analysis.tokens
    # Not "my model railway club": a word the knowledge does not know after it is the noun.
    one = any(
        token == MODEL
        and DETERMINERS.intersection(tokens[max(0, at - MODEL_REACH) : at])
        and tokens[at + 1 : at + 2] not in [(w,) for w in analysis.foreign]
        for at, token in enumerate(tokens)
    )
    if not one:
        return
    for intent_id, item in board.items.items():
        said = {r.rule for r in board.reasons[intent_id] if r.words == MODEL and r.points > 0}
        if item.kind is K.METRIC and "name" in said:
            board.add(item, "one model to run, not database models", MODEL, -MODEL_SENSE)
        elif item.kind is K.USE_CASE and said and Q.HOWTO not in kinds:
            board.add(item, "one model to run", MODEL, MODEL_SENSE)
