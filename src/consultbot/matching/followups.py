"""Follow-ups: what a message owes to the conversation before it.

"and for async?", "why?", "how long would that take?" after a tier, "the first one" after a
list, "its community" after an alternative, "what would migrating it cost?" after the visitor
described their project's size.
"""

from __future__ import annotations

from collections.abc import Mapping

from consultbot.knowledge.faq import QuestionKind as Q
from consultbot.matching.analysis import Analysis
from consultbot.matching.catalogue import OVERVIEW_OF, Item, Page
from consultbot.matching.evidence import CUE_POINTS, FIT, OVERVIEW, Board, K, MatchContext
from consultbot.matching.phrases import Role, fold_all

CONTEXT_POINTS = 2.0
SIBLING_POINTS = 0.75
POINTING_POINTS = 1.0
# A follow-up tied to the last answer by a pronoun alone counts for this share.
POINTER_ONLY = 0.5
# A pick from the list just given outweighs a name the message shares with another item.
PICKED = 1.5
CONTEXT_FIT = 0.5
SHORT = 3
HINT_FIT_WORDS = 6
LIST_KINDS = frozenset({Q.ALTERNATIVES, Q.METRICS, Q.PITFALLS})
STAND_IN_KINDS = frozenset({K.METRIC, K.CRITERION})
MIDDLE = "middle"
# Answers that state a size ("about 30% faster to v1") that "how much faster?" asks about.
SIZED_KINDS = frozenset({K.SAVING, K.TIER})
ORDINALS = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "last": -1}
GENERIC_TITLE_WORDS = frozenset({"the", "a", "an", "to", "of", "and", "or", "for", "with", "in"})
FOLLOW_UP_KINDS = frozenset({Q.WHY, Q.MORE})
FOLLOW_UP_OPENERS = (("and",), ("what", "about"), ("how", "about"), ("also",), ("so",), ("same",))
FOLLOW_UP_RULE = "follow-up to the last answer"
# Words that say nothing of their own beside a pointer ("is that so?", "really?").
EMPTY_WORDS = frozenset(
    {"is", "are", "was", "do", "does", "did", "can", "will", "so", "ok", "okay", "yes", "no",
     "right", "true", "really", "oh", "ah", "i", "see", "a", "the"}
)  # fmt: skip
OPENER_FILLERS = frozenset({"for", "with", "in", "on", "about", "the", "a", "an", "then", "now"})
FOLLOW_UP_WORDS = frozenset({"that", "it", "its", "this", "those", "these", "them", "one", "other"})
OTHERS = frozenset({"other", "others", "else", "more", "another"})


def follow_up(
    board: Board,
    analysis: Analysis,
    page: Page,
    context: MatchContext,
    kinds: Mapping[Q, tuple[float, str]],
    chatter: frozenset[str] = frozenset(),
) -> None:
    """Lean on the last item answered when the message is a follow-up to it.

    ``chatter`` holds the small-talk entries ("intent:thanks"): "thanks, that helps" asks
    nothing more about the last answer.
    """
    # A framework's own answer ("what is Flask?") belongs to no page: a page named later may
    # go on from it.
    if context.last is None or (
        context.comparison_id != page.comparison_id
        and not context.last.startswith(f"{K.FRAMEWORK}:")
    ):
        return
    last = page.items.get(context.last)
    asks_more = bool(set(kinds) - {Q.WHAT_IS, Q.MORE, Q.WHY})
    if last is None and asks_more and context.last.startswith(f"{K.FRAMEWORK}:"):
        # "What is Litestar?", then "what's the downside?": the page's row on it answers;
        # "What is Typer?", then "when would I use that instead?": the case it is named for.
        tool = context.last.split(":", 1)[1]
        last = page.items.get(f"{K.ALTERNATIVE}:{tool}") or page.items.get(
            page.used_instead.get(tool, "")
        )
    if last is None:
        return
    if _choose_from_list(board, analysis, page, last):
        return
    named_items = [board.items[i] for i in board.subject]
    # "How much faster?" after a saving asks how big that saving is: "faster" names no topic.
    comparative = _size_asked(kinds)
    if comparative is not None and last.kind in SIZED_KINDS:
        named_items = [
            item
            for item in named_items
            if item is last
            or any(r.words != comparative for r in board.reasons[item.intent_id] if r.points > 0)
        ]
    tokens = analysis.tokens
    pointing = _points_back(tokens)
    if named_items:
        for item in named_items:
            sibling = item.kind is last.kind or OVERVIEW_OF.get(item.kind) is last.kind
            if item is last:
                board.add(item, "the topic of the last answer again", last.title, SIBLING_POINTS)
            elif sibling:
                board.add(item, "same kind as the last answer", last.title, SIBLING_POINTS)
        # "How big is its community?" after Litestar: "its" is Litestar, whatever else is named.
        if not (pointing and last.kind in (K.ALTERNATIVE, K.FRAMEWORK)) or board.has(last):
            return
    # "how about security?" after the docs: the opener brings a subject of its own that the
    # knowledge does not know; it asks nothing more about the docs.
    opened = next((len(o) for o in FOLLOW_UP_OPENERS if tuple(tokens[: len(o)]) == o), None)
    opener = opened is not None and not _new_unknown_subject(analysis, opened)
    # A hint ("use", "problem") fits the last answer only in a short message or beside a pointer.
    hint_fits = pointing or len(tokens) <= HINT_FIT_WORDS
    fits = any(
        FIT[k].get(last.kind, 0) >= CONTEXT_FIT and (points >= CUE_POINTS or hint_fits)
        for k, (points, _) in kinds.items()
    ) or bool(FOLLOW_UP_KINDS & set(kinds))
    strong_fit = any(
        points >= CUE_POINTS and FIT[k].get(last.kind, 0) >= CONTEXT_FIT
        for k, (points, _) in kinds.items()
    ) or bool(FOLLOW_UP_KINDS & set(kinds))
    small_talk = any(
        x.role in (Role.CUE, Role.HINT) and x.target.startswith("intent:")
        for spot in analysis.spots
        for x in spot.senses
    )
    # A clear cue of a kind the last answer does not fit asks something new.
    new_question = any(
        points >= CUE_POINTS
        and not FIT[kind].get(last.kind)
        and kind not in FOLLOW_UP_KINDS
        and kind is not Q.WHAT_IS
        for kind, (points, _) in kinds.items()
    )
    # "Does FastAPI have an admin? …what would I use instead?": a stand-in for that feature,
    # which its row names, not the page's list of other frameworks.
    stand_in = (
        last.kind in STAND_IN_KINDS
        and kinds.get(Q.ALTERNATIVES, (0.0, ""))[1] == "instead"
        and all(
            points < CUE_POINTS for kind, (points, _) in kinds.items() if kind is not Q.ALTERNATIVES
        )
        and not named_items
    )
    if stand_in:
        strong_fit = fits = True
    if new_question and not strong_fit:
        return
    thanks = any(
        x.role in (Role.CUE, Role.HINT) and x.target in chatter
        for spot in analysis.spots
        for x in spot.senses
    )
    if thanks and not kinds and not named_items:
        return
    # "Other alternatives" after one alternative asks for the list, not that one again; "is it
    # a good option instead?" asks it of the one just answered.
    pointed_at_it = pointing and not OTHERS.intersection(tokens)
    for kind in LIST_KINDS & set(kinds):
        if kinds[kind][0] >= CUE_POINTS and OVERVIEW_OF.get(last.kind) is OVERVIEW[kind]:
            if not pointed_at_it:
                return
    if stand_in:
        board.add(last, "a stand-in for what the last answer was about", "instead", CUE_POINTS)
    # A short message leans on the last answer only when it asks something or names something
    # ("and async?", "why?"): "ok", "?", "yes" or an emoji ask nothing more about it.
    # "and django?" and "fastapi?" ask for the same about a framework; "is django dead" does not.
    only_names = all(
        sense.role is Role.FRAMEWORK for spot in analysis.spots for sense in spot.senses
    )
    says_something = bool(kinds) or (bool(analysis.spots) and (not only_names or len(tokens) <= 2))
    short = 0 < len(tokens) <= SHORT and not small_talk and says_something
    # "Is it free?" after the stable version is a new question put to the pronoun.
    faq_phrase = any(
        x.role is Role.CUE and x.target.startswith("intent:")
        for spot in analysis.spots
        for x in spot.senses
    )
    content = set(tokens) - FOLLOW_UP_WORDS - EMPTY_WORDS
    asks_kind = {k for k, (points, _) in kinds.items() if points >= CUE_POINTS} - {
        Q.WHAT_IS,
        Q.MORE,
        Q.WHY,
    }
    pointing = pointing and bool(content) and (fits or (not asks_kind and not faq_phrase))
    if not (opener or pointing or fits or short):
        return
    # "Does it support GraphQL?", "is it secure?": only "it" ties a question about something
    # the knowledge does not know to the last answer; leaning on it is a guess.
    # "That" points at the answer itself ("does that include testing?") and leans on it in full.
    thing = bool({"it", "its"} & set(tokens)) and not {"that", "this"} & set(tokens)
    unknown = bool(analysis.foreign) and thing
    guess = POINTER_ONLY if pointing and unknown and not (fits or opener or short) else 1.0
    board.add(last, FOLLOW_UP_RULE, last.title, CONTEXT_POINTS * guess)
    if pointing:
        words = " ".join(t for t in tokens if t in FOLLOW_UP_WORDS)
        board.add(last, "points at the last answer", words, POINTING_POINTS * guess)
    board.subject.add(last.intent_id)
    for kind in FOLLOW_UP_KINDS & set(kinds):
        board.add(last, f"cue {kind}", kinds[kind][1], kinds[kind][0])


def _size_asked(kinds: Mapping[Q, tuple[float, str]]) -> str | None:
    """The comparative of "how much faster?" (the size of a difference), if that is asked."""
    words = kinds.get(Q.MORE, (0.0, ""))[1].split()
    return words[-1] if words[:2] == ["how", "much"] and len(words) == 3 else None


def _new_unknown_subject(analysis: Analysis, opened: int) -> bool:
    """ "How about security?": after the opener a subject the matcher knows nothing of."""
    rest = [
        token
        for token in analysis.tokens[opened:]
        if token not in FOLLOW_UP_WORDS | EMPTY_WORDS | OPENER_FILLERS
    ]
    # "what about for a senior dev?", "and for a team of three?": the same question for
    # someone else, not a new subject.
    if analysis.tokens[opened : opened + 1] == ("for",):
        return False
    return bool(rest) and not any(spot.start >= opened for spot in analysis.spots)


def _points_back(tokens: tuple[str, ...]) -> bool:
    """ "is that so?", "its docs": a pointer; "which one" chooses between two, it points at none."""
    return any(
        token in FOLLOW_UP_WORDS and not (token == "one" and at > 0 and tokens[at - 1] == "which")
        for at, token in enumerate(tokens)
    )


def size_said_before(
    board: Board, page: Page, context: MatchContext, kinds: Mapping[Q, tuple[float, str]]
) -> None:
    """ "What would migrating it cost?" after "our product is mid-sized" is about that tier."""
    if context.size is None or not {Q.COST, Q.DURATION, Q.MIGRATE} & set(kinds):
        return
    if any(board.items[i].kind is K.TIER for i in board.subject):
        return
    tier = page.items.get(f"{K.TIER}:{context.size}")
    if tier is not None:
        board.add(tier, "the project's size, said earlier", tier.title, CONTEXT_POINTS)
        board.subject.add(tier.intent_id)


def _choose_from_list(board: Board, analysis: Analysis, page: Page, last: Item) -> bool:
    """After a list ("the pitfalls we see"), "the first one" or "the ORM one" picks from it."""
    kind = next((k for k, overview in OVERVIEW_OF.items() if overview is last.kind), None)
    if kind is None:
        return False
    listed = [item for item in page.items.values() if item.kind is kind]
    words = set(fold_all(analysis.tokens))
    chosen: Item | None = None
    # "in the first place", "at last" say nothing of a list.
    idioms = {t for t, n in zip(analysis.tokens, analysis.tokens[1:], strict=False) if n == "place"}
    for word, place in ORDINALS.items():
        if word in words - idioms and -len(listed) <= place < len(listed):
            chosen = listed[place]
    # "the middle one" of three (of an even count, no item is in the middle).
    if chosen is None and MIDDLE in words and len(listed) % 2:
        chosen = listed[len(listed) // 2]
    if chosen is None:
        # "and django?" after the pitfalls asks about Django, not for the pitfall whose title
        # names Django: the page's own frameworks pick nothing from its lists.
        named = words - set(page.frameworks)
        titled = [i for i in listed if named & _title_content(i.title) - GENERIC_TITLE_WORDS]
        chosen = titled[0] if len(titled) == 1 else None
    if chosen is None:
        return False
    board.add(chosen, "picked from the list just given", last.title, CONTEXT_POINTS + PICKED)
    board.subject.add(chosen.intent_id)
    return True


def _title_content(title: str) -> set[str]:
    return set(fold_all(tuple(title.casefold().replace("-", " ").split())))
