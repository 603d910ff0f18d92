"""Frameworks in a message: which are named, which page a question is about, "what is X"."""

from __future__ import annotations

from collections.abc import Mapping

from consultbot.knowledge.faq import QuestionKind as Q
from consultbot.matching.analysis import Analysis
from consultbot.matching.catalogue import Page, framework_item
from consultbot.matching.evidence import CUE_POINTS, NAME_POINTS, Board, K, MatchContext
from consultbot.matching.index import MatcherIndex
from consultbot.matching.phrases import Role, Spot, fold_all

FRAMEWORK_FOLLOW_UP = 2.0
LOOSE_WHAT_IS = 0.8
LOOSE_WHAT_IS_WORDS = 6
POINTERS = frozenset({"it", "that", "they", "those", "them", "these", "to", "me", "us"})
POSSESSIVE_WHAT_IS = 0.5
# The token normalising leaves after a name's "'s" ("django's admin" → "django s admin").
POSSESSIVE = "s"
OTHER_ONE_WORDS = 6
OTHER_ONE_POINTS = 3.0
ARTICLES = frozenset({"a", "an", "the"})
# "tell me about X", "what exactly is X": words between the cue and what it asks about.
WHAT_IS_FILLERS = frozenset(
    {"a", "an", "the", "even", "exactly", "actually", "really", "this", "about"}
)
# "what does Airflow do exactly?": words that may end such a question.
DOES_ENDINGS = frozenset({"exactly", "actually", "really", "then", "again", "anyway"})
# Words around a weak name ("go", "express") that make it read as a framework's name.
NAME_NEIGHBOURS = frozenset(
    {"vs", "versus", "or", "and", "about", "than", "use", "using", "like", "between", "choose",
     "pick", "learn", "try", "with", "in", "over", "compare", "is", "plus", "be", "on", "from",
     "not", "instead", "all", "only"}
)  # fmt: skip

BEFORE_ONLY = frozenset({"with", "in", "over", "use", "using", "about", "like", "on", "from"})


# "Is Django a library?": the kinds of thing a framework may be taken for.
THING_KINDS = frozenset(
    {"library", "framework", "language", "program", "server", "tool", "package", "database",
     "engine", "product", "cms", "app", "application", "platform", "service"}
)  # fmt: skip
JUDGING = frozenset(
    {"good", "great", "bad", "better", "best", "right", "solid", "decent", "viable", "safe",
     "sensible", "reasonable", "poor", "wise", "smart", "fine"}
)  # fmt: skip
KIND_REACH = 6
# "FastAPI: is that a server?", "is Django just a library": what may stand between.
LINKING = frozenset({"is", "that", "it", "just", "really", "actually", "even", "basically"})


def frameworks_named(index: MatcherIndex, analysis: Analysis, context: MatchContext) -> list[str]:
    """Return the frameworks named, reading a weak name ("go") only where it is one.

    A weak name written with a capital inside a sentence ("Explain Airflow to me") is a name.
    """
    tokens = analysis.tokens
    named: list[str] = []
    spots = analysis.spots
    for position, spot in enumerate(spots):
        ids = [s.target for s in spot.senses if s.role is Role.FRAMEWORK]
        if not ids:
            continue
        phrase = fold_all(tokens[spot.start : spot.end])
        written_as_name = spot.start > 0 and tokens[spot.start] in analysis.capitalised
        if (
            phrase in index.weak_names
            and not written_as_name
            and not _reads_as_name(spots, position, tokens, context)
        ):
            continue
        named.extend(i for i in ids if i not in named)
    return named


def _reads_as_name(
    spots: tuple[Spot, ...], position: int, tokens: tuple[str, ...], context: MatchContext
) -> bool:
    spot = spots[position]
    before = tokens[spot.start - 1] if spot.start > 0 else ""
    after = tokens[spot.end] if spot.end < len(tokens) else ""
    if before in NAME_NEIGHBOURS or (after in NAME_NEIGHBOURS and after not in BEFORE_ONLY):
        return True
    # "the Gin framework", "Express library"; "what does gin do?".
    if after in THING_KINDS or (before == "does" and after == "do"):
        return True
    # "Airflow, what is it in a nutshell?": the message opens with the name it asks about.
    if spot.start == 0 and after == "what":
        return True
    own = {sense.target for sense in spot.senses if sense.role is Role.FRAMEWORK}
    neighbours = [spots[i] for i in (position - 1, position + 1) if 0 <= i < len(spots)]
    # "go gin", "node express": two names of one framework; "go Django" chooses Django.
    adjacent = any(
        s.end == spot.start or s.start == spot.end
        for s in neighbours
        if any(sense.role is Role.FRAMEWORK and sense.target in own for sense in s.senses)
    )
    alone = len(tokens) == spot.end - spot.start
    # After the list of alternatives, "the JavaScript one" names one of them.
    listed = (context.last or "").startswith(("alternative", "framework"))
    return adjacent or alone or listed


def scope_of(index: MatcherIndex, named: list[str], context: MatchContext) -> Page | None:
    """Choose the page a question is about: the conversation's, unless it names another pair."""
    current = index.page(context.comparison_id)
    compared = [f for f in named if f in index.frameworks and index.frameworks[f].pages]
    if current is not None and all(
        f in current.frameworks or f"{K.ALTERNATIVE}:{f}" in current.items for f in named
    ):
        return current
    if compared:
        pages = [set(index.frameworks[f].pages) for f in compared]
        common = set.intersection(*pages)
        if current is not None:
            keep = [f for f in current.frameworks if f not in compared]
            both = [p for p in common if any(f in index.pages[p].frameworks for f in keep)]
            common = set(both) or common
        if common:
            return index.pages[min(common)]
    if current is not None:
        return current
    return next(iter(index.pages.values())) if len(index.pages) == 1 else None


def add_framework_items(
    index: MatcherIndex,
    board: Board,
    analysis: Analysis,
    named: list[str],
    page: Page | None,
    context: MatchContext,
) -> None:
    """Offer "what is X" for frameworks and tools, strongest right after "what is".

    An alternative the page lists is answered by its row ("what about Flask?", "is Flask an
    option?"), which says more; only a plain "what is Flask?" asks for Flask itself.
    """
    spots = analysis.spots
    asked = after_what_is(analysis)
    for framework_id in named:
        info = index.frameworks.get(framework_id)
        if info is None:
            continue
        spot = next(s for s in spots if any(x.target == framework_id for x in s.senses))
        listed = page is not None and f"{K.ALTERNATIVE}:{framework_id}" in page.items
        last = context.last or ""
        direct = (
            asked is spot
            or _what_is_before(analysis.tokens, spot.start, spot.end)
            or _what_does_it_do(analysis.tokens, spot.start, spot.end)
        )
        # "Explain Airflow", "FastAPI is what exactly?", or the name alone ("fastapi?"; a
        # listed alternative's name alone asks for its row).
        only_name = spot.start == 0 and spot.end == len(analysis.tokens) and not listed
        # "fastapi?" right after a page answer (Django's survey usage) asks the same of it.
        if only_name and page is not None and framework_id in page.frameworks:
            only_name = not last or last.startswith(f"{K.FRAMEWORK}:")
        loose = (
            not direct and asked is None and len(named) == 1 and (_asks_what(analysis) or only_name)
        )
        # "What is Litestar?", then "what about Litestar?": its row says more than again
        # ("and Fastify?" after Express asks the same of another name).
        again = last == f"{K.FRAMEWORK}:{framework_id}" and "about" in analysis.tokens
        if listed and (again or not last.startswith(f"{K.FRAMEWORK}:")):
            if not ((direct or loose) and _only_what_is(analysis)):
                continue
        item = framework_item(info.id, info.name)
        covered = page is not None and framework_id in page.frameworks
        board.add(item, "framework", spot.words, 1.0 if covered else NAME_POINTS)
        board.subject.add(item.intent_id)
        # "and Fastify?" after Express asks the same of another name; "do we need Django or
        # FastAPI at all?" after Airflow names the page's pair, not a next framework to explain.
        next_name = len(named) == 1 and last != f"{K.FRAMEWORK}:{framework_id}"
        if next_name and last.startswith(f"{K.FRAMEWORK}:"):
            board.add(item, "follow-up to the last answer", last, FRAMEWORK_FOLLOW_UP)
        # "what's Django's TechEmpower score": the question is about the named figure.
        share = POSSESSIVE_WHAT_IS if _names_page_items(board) else 1.0
        if direct:
            board.add(item, "cue what_is", "what is", CUE_POINTS * share)
        elif loose:
            # "I keep hearing the name FastAPI. What is it?", "Explain Airflow briefly."
            board.add(item, "cue what_is", "what is", CUE_POINTS * LOOSE_WHAT_IS * share)


def _what_is_before(tokens: tuple[str, ...], start: int, end: int) -> bool:
    """Read "what exactly is FastAPI", "what even is a Litestar": what (filler) is (a) NAME."""
    if end < len(tokens) and tokens[end] == POSSESSIVE:
        return False
    cursor = start - 1
    while cursor >= 0 and tokens[cursor] in ARTICLES:
        cursor -= 1
    if cursor < 0 or tokens[cursor] not in ("is", "are"):
        return False
    cursor -= 1
    while cursor >= 0 and tokens[cursor] in WHAT_IS_FILLERS:
        cursor -= 1
    return cursor >= 0 and tokens[cursor] == "what"


def _what_does_it_do(tokens: tuple[str, ...], start: int, end: int) -> bool:
    """Read "what does Apache Airflow do (exactly)?", "what does gin do": what (a) NAME does.

    Not "what does Django do better": the question goes on to something else.
    """
    cursor = start - 1
    while cursor >= 0 and tokens[cursor] in ARTICLES:
        cursor -= 1
    asked = cursor >= 1 and tokens[cursor - 1 : cursor + 1] in (("what", "does"), ("what", "do"))
    rest = tokens[end:]
    return asked and rest[:1] == ("do",) and set(rest[1:]) <= DOES_ENDINGS


def _names_page_items(board: Board) -> bool:
    """Return True if a page item is named by its own name (not a related word)."""
    return any(
        board.items[i].kind not in (K.FRAMEWORK, K.ALTERNATIVE, K.NEITHER)
        and any(reason.rule == "name" for reason in board.reasons[i])
        for i in board.subject
    )


def _only_what_is(analysis: Analysis) -> bool:
    """Return True when "what is" is the only kind asked (not "…and how does it compare").

    "In a nutshell" and "tl;dr" ask for it briefly: they shape the answer, not its topic.
    """
    return all(
        x.target in (Q.WHAT_IS, Q.MORE, Q.OVERALL, Q.BRIEF)
        for spot in analysis.spots
        for x in spot.senses
        if x.role in (Role.CUE, Role.HINT) and not x.target.startswith("intent:")
    )


def _asks_what(analysis: Analysis) -> bool:
    """ "Explain Airflow", "FastAPI is what exactly?", "Django: what even is it?".

    Not "what is new in Django": there "what is" asks about something else.
    """
    if _taken_for_a_kind_of_thing(analysis):
        return True
    tokens = analysis.tokens
    for spot in analysis.spots:
        if any(x.role is Role.CUE and x.target == Q.WHAT_IS for x in spot.senses):
            cursor = spot.end
            while cursor < len(tokens) and tokens[cursor] in WHAT_IS_FILLERS | {"what"}:
                cursor += 1
            if cursor >= len(tokens) or tokens[cursor] in POINTERS:
                return True
            if cursor in analysis.covered and not _owner_at(analysis, cursor):
                return True
    words = set(analysis.tokens)
    short = len(analysis.tokens) <= LOOSE_WHAT_IS_WORDS
    owned = any(_owner_at(analysis, spot.start) for spot in analysis.spots)
    asks = "what" in words and bool(words & {"is", "are"}) and not owned
    return short and asks and _only_what_is(analysis)


def _taken_for_a_kind_of_thing(analysis: Analysis) -> bool:
    """ "Is Django a library or a framework?", "FastAPI: is that a server?", "Django is what?".

    A framework asked to be one kind of thing ("a library", "a game engine") or followed by
    "is what" asks what it is; "is Django a good fit" judges it instead.
    """
    tokens = analysis.tokens
    for spot in analysis.spots:
        if not any(sense.role is Role.FRAMEWORK for sense in spot.senses):
            continue
        after = tokens[spot.end : spot.end + KIND_REACH]
        if after[:2] == ("is", "what"):
            return True
        for at, word in enumerate(after[:-1]):
            noun = after[at + 1 : at + 3]
            linked = set(after[:at]) <= LINKING
            if word in ("a", "an") and linked and noun[0] not in JUDGING:
                if THING_KINDS.intersection(noun):
                    return True
    return False


def _owner_at(analysis: Analysis, start: int) -> bool:
    """Return True if the phrase starting at ``start`` is followed by "'s" (its owner)."""
    spot = next((s for s in analysis.spots if s.start == start), None)
    end = spot.end if spot is not None else start + 1
    return end < len(analysis.tokens) and analysis.tokens[end] == POSSESSIVE


def after_what_is(analysis: Analysis) -> Spot | None:
    """Return the spot "what is" asks about ("what even is FastAPI"), if it follows at once."""
    tokens = analysis.tokens
    for number, spot in enumerate(analysis.spots):
        if not any(x.role is Role.CUE and x.target == Q.WHAT_IS for x in spot.senses):
            continue
        cursor = spot.end
        while cursor < len(tokens) and tokens[cursor] in WHAT_IS_FILLERS:
            cursor += 1
        following = next((s for s in analysis.spots[number + 1 :] if s.start == cursor), None)
        if following is not None:
            # "what is Django's market share" asks about the share, not about Django.
            owner = following.end < len(tokens) and tokens[following.end] == POSSESSIVE
            return None if owner else following
        if cursor < len(tokens):
            return None
    return None


def the_other_one(
    index: MatcherIndex,
    board: Board,
    analysis: Analysis,
    named: list[str],
    page: Page | None,
    context: MatchContext,
) -> None:
    """ "What is FastAPI?", then "and the other one?": the page's other framework."""
    last = context.last or ""
    if page is None or named or not last.startswith(f"{K.FRAMEWORK}:"):
        return
    if "other" not in analysis.tokens or len(analysis.tokens) > OTHER_ONE_WORDS:
        return
    asked = last.split(":", 1)[1]
    others = [f for f in page.frameworks if f != asked]
    if asked not in page.frameworks or len(others) != 1:
        return
    info = index.frameworks.get(others[0])
    if info is not None:
        item = framework_item(info.id, info.name)
        board.add(item, "the other one of the page's pair", info.name, OTHER_ONE_POINTS)
        board.subject.add(item.intent_id)


def more_about_it(
    index: MatcherIndex,
    board: Board,
    analysis: Analysis,
    named: list[str],
    page: Page | None,
    context: MatchContext,
    kinds: Mapping[Q, tuple[float, str]],
) -> None:
    """ "What is Flask?", then "tell me more": the page's row on it says more, else it again."""
    last = context.last or ""
    if named or not last.startswith(f"{K.FRAMEWORK}:"):
        return
    # "fastapi", then "what is it?": the pronoun is the framework just named.
    pointed = Q.WHAT_IS in kinds and bool(POINTERS & set(analysis.tokens))
    if (Q.MORE not in kinds and not pointed) or set(kinds) - {Q.MORE, Q.WHAT_IS, Q.WHY}:
        return
    framework_id = last.split(":", 1)[1]
    # "Tell me more" after what Flask is: its row on the page says more; "explain it simply"
    # asks what it is again.
    row = None
    if Q.MORE in kinds and page is not None:
        row = page.items.get(f"{K.ALTERNATIVE}:{framework_id}")
    info = index.frameworks.get(framework_id)
    item = row or (framework_item(info.id, info.name) if info is not None else None)
    if item is None:
        return
    points, words = kinds[Q.MORE] if Q.MORE in kinds else kinds[Q.WHAT_IS]
    board.add(item, "follow-up to the last answer", last, FRAMEWORK_FOLLOW_UP)
    board.add(item, "cue more" if Q.MORE in kinds else "cue what_is", words, points)
    board.subject.add(item.intent_id)
