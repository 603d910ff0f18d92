"""Decide what a message asks about: kind of question x subjects named x conversation context.

Every piece of evidence is a rule with points, kept as a reason so the answer explains itself:
a name found ("async" → the async-support criterion), a cue word ("how much" → cost) that fits
the kind of item, what the conversation was about, the learned FAQ scorer, and penalties (words
the knowledge never uses, a framework this page does not compare).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from consultbot.knowledge.schema import QuestionKind as Q
from consultbot.matching.analysis import Analysis
from consultbot.matching.catalogue import OVERVIEW_OF, Item, ItemKind, Page, framework_item
from consultbot.matching.index import MatcherIndex
from consultbot.matching.phrases import Role, Spot, fold_all

K = ItemKind
CUE_POINTS = 2.5
HINT_POINTS = 1.0
NAME_POINTS = 3.0
WORD_NAME_POINTS = 2.5
RELATED_POINTS = 2.0
SUBJECT_CAP = 4.5
CONTEXT_POINTS = 2.0
SIBLING_POINTS = 0.75
LEARNED_POINTS = 4.0
TIE_BREAK_POINTS = 0.5
EXACT_POINTS = 3.0
SUPPRESSED = 1.5
OUTSIDE_PAGE = 2.5
UNKNOWN_COMPARAND = 3.0
FOREIGN_WITH_SUBJECT = 0.75
FOREIGN_WITHOUT = 1.0
FOREIGN_COUNTED = 4
FUNCTION_WORDS_SKIP = frozenset(
    {"i", "a", "an", "the", "is", "are", "am", "be", "to", "of", "and", "or", "it", "in", "on",
     "for", "with", "what", "which", "how", "do", "does", "you", "we", "my", "our", "me", "that",
     "this", "at", "about", "can", "should", "would", "will", "so", "if", "but"}
)  # fmt: skip
LEARNED_FLOOR = 0.05
MORE_CUES = 0.5
SHORT = 3
SELECTORS = frozenset({"which", "what"})
MORE_CUES_CAP = 1.0
PAIR_NAMED = 1.0
SMALL_TALK_AROUND = 1.0
ASKS_ABOUT_OTHER = 1.5
FOREIGN_ANCHORED = 0.5
FOREIGN_DAMPING_FROM = 5
WHAT_IS_FILLERS = frozenset({"a", "an", "the", "even", "exactly", "actually", "really", "this"})
TEXT_POINTS = 0.75
TEXT_CAP = 1.5
NO_SHARED_WORD = 0.3
HOWTO = 1.5

# How well a kind of question fits a kind of item (1 = this is what the kind asks about).
FIT: Mapping[Q, Mapping[ItemKind, float]] = {
    Q.COMPARE: {K.VERDICT: 1.0, K.CRITERION: 0.5, K.METRIC: 0.3, K.ALTERNATIVE: 0.5,
                K.USE_CASE: 0.3, K.SAVING: 0.3},
    Q.OVERALL: {K.VERDICT: 1.5},
    Q.RECOMMEND: {K.USE_CASE: 0.8, K.NEITHER: 0.8, K.SAVING: 0.5, K.ALTERNATIVE: 0.3},
    Q.BEST_FOR: {K.USE_CASE: 1.0, K.SAVING: 0.5, K.ALTERNATIVE: 0.5, K.NEITHER: 0.5,
                 K.FRAMEWORK: 0.3},
    Q.COST: {K.MIGRATION: 1.0, K.TIER: 1.0},
    Q.DURATION: {K.MIGRATION: 1.0, K.TIER: 1.0, K.SAVING: 0.5},
    Q.MIGRATE: {K.MIGRATION: 0.8, K.TIER: 0.8, K.PITFALLS: 0.4, K.PITFALL: 0.4},
    Q.PITFALLS: {K.PITFALLS: 1.0, K.PITFALL: 1.0, K.ALTERNATIVE: 0.5},
    Q.ALTERNATIVES: {K.ALTERNATIVES: 1.0, K.ALTERNATIVE: 0.6, K.NEITHER: 0.3},
    Q.METRICS: {K.METRICS: 1.0, K.METRIC: 0.5},
    Q.SCORING: {K.SCORING: 1.0, K.CRITERION: 0.3},
    Q.WHAT_IS: {},
    Q.WHY: {},
    Q.MORE: {},
    Q.HOWTO: {},
}  # fmt: skip
# Kinds whose general answer is a page overview (the others only qualify named items).
OVERVIEW: Mapping[Q, ItemKind] = {
    Q.COMPARE: K.VERDICT,
    Q.OVERALL: K.VERDICT,
    Q.COST: K.MIGRATION,
    Q.DURATION: K.MIGRATION,
    Q.MIGRATE: K.MIGRATION,
    Q.PITFALLS: K.PITFALLS,
    Q.ALTERNATIVES: K.ALTERNATIVES,
    Q.METRICS: K.METRICS,
    Q.SCORING: K.SCORING,
}
FOLLOW_UP_KINDS = frozenset({Q.WHY, Q.MORE})
FOLLOW_UP_OPENERS = (("and",), ("what", "about"), ("how", "about"), ("also",), ("so",))
FOLLOW_UP_WORDS = frozenset({"that", "it", "this", "those", "these", "them", "one", "other"})
# Words around a weak name ("go", "express") that make it read as a framework's name.
NAME_NEIGHBOURS = frozenset(
    {"vs", "versus", "or", "and", "about", "than", "use", "using", "like", "between", "choose",
     "pick", "learn", "try", "with", "in", "over", "compare", "is"}
)  # fmt: skip
BEFORE_ONLY = frozenset({"with", "in", "over", "use", "using", "about", "like"})
COMPARE_WORDS = frozenset({"vs", "versus", "than", "compared", "compare", "against"})
COMPARAND_SKIP = frozenset({"to", "with", "the", "a", "an", "on", "like", "faster", "better"})


@dataclass(frozen=True, slots=True)
class MatchContext:
    """What the conversation established: its page and the last item answered."""

    comparison_id: str | None = None
    last: str | None = None


@dataclass(frozen=True, slots=True)
class Reason:
    """One rule that moved a candidate: which rule, on which words, by how many points."""

    rule: str
    words: str
    points: float

    def __str__(self) -> str:
        words = f" '{self.words}'" if self.words else ""
        return f"{self.rule}{words} ({self.points:+.2f})"


@dataclass(frozen=True, slots=True)
class Scored:
    """A candidate answer with its points and the reasons for them."""

    item: Item
    points: float
    reasons: tuple[Reason, ...]
    subject: bool = False


@dataclass(frozen=True, slots=True)
class Resolution:
    """Every candidate, best first, and what the rules noticed on the way."""

    candidates: tuple[Scored, ...]
    page: Page | None
    outside: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()


@dataclass(slots=True)
class _Board:
    """Points gathered per candidate while the rules run."""

    items: dict[str, Item] = field(default_factory=dict)
    reasons: dict[str, list[Reason]] = field(default_factory=dict)
    subject: set[str] = field(default_factory=set)

    def add(self, item: Item, rule: str, words: str, points: float) -> None:
        self.items.setdefault(item.intent_id, item)
        self.reasons.setdefault(item.intent_id, []).append(Reason(rule, words, round(points, 3)))

    def has(self, item: Item) -> bool:
        return item.intent_id in self.items

    def total(self, intent_id: str) -> float:
        return sum(r.points for r in self.reasons[intent_id])


def resolve(
    index: MatcherIndex, analysis: Analysis, context: MatchContext, learned: Mapping[str, float]
) -> Resolution:
    """Score every candidate item for the analysed message, best first."""
    kinds = _kinds(analysis.spots)
    named = _frameworks(index, analysis, context)
    page = _scope(index, named, context)
    board = _Board()
    outside: tuple[str, ...] = ()
    if page is not None:
        outside = tuple(f for f in named if f not in page.frameworks)
        _subjects(index, board, analysis.spots, page, kinds)
        _text_overlap(index, board, analysis, page)
        _context(board, analysis, page, context, kinds)
        _kind_fits(board, page, kinds)
        _suppress_overviews(board, page)
    if page is not None and len(set(named) & set(page.frameworks)) >= 2 and Q.COMPARE in kinds:
        verdict = page.items.get(str(K.VERDICT))
        if verdict is not None and board.has(verdict):
            board.add(verdict, "the page's own pair named", "", PAIR_NAMED)
    _framework_items(index, board, analysis, named, page)
    _faq(index, board, analysis, kinds, learned)
    if outside and page is not None:
        for intent_id, item in board.items.items():
            if item.kind is not K.FAQ and item.id not in outside:
                board.reasons[intent_id].append(
                    Reason("not about the framework named", ", ".join(outside), -OUTSIDE_PAGE)
                )
    unknown = _unknown_comparands(analysis)
    anchored = page is not None and bool(set(named) & set(page.frameworks))
    _penalties(board, analysis, unknown, anchored)
    _small_talk_around_a_question(board)
    other = _asks_about_something_else(analysis)
    if other is not None:
        for intent_id, item in board.items.items():
            if item.suggest:
                board.reasons[intent_id].append(
                    Reason(
                        "asks about something the knowledge does not name", other, -ASKS_ABOUT_OTHER
                    )  # fmt: skip
                )
    if Q.HOWTO in kinds:
        _how_to(board, kinds)
    ranked = sorted(
        (
            Scored(
                item,
                round(board.total(i), 3),
                tuple(board.reasons[i]),
                i in board.subject,
            )
            for i, item in board.items.items()
        ),
        key=lambda s: (-s.points, s.item.intent_id),
    )
    return Resolution(tuple(ranked), page, outside, unknown)


def _kinds(spots: Iterable[Spot]) -> dict[Q, tuple[float, str]]:
    """Return each question kind the cue words point at, with its strongest weight."""
    seen: dict[Q, list[tuple[float, str]]] = {}
    for spot in spots:
        for sense in spot.senses:
            if sense.role not in (Role.CUE, Role.HINT) or sense.target.startswith("intent:"):
                continue
            points = CUE_POINTS if sense.role is Role.CUE else HINT_POINTS
            seen.setdefault(Q(sense.target), []).append((points, spot.words))
    found: dict[Q, tuple[float, str]] = {}
    for kind, hits in seen.items():
        hits.sort(key=lambda hit: -hit[0])
        # A second cue of the same kind ("scores ... out of 10") makes the kind a little surer.
        extra = min(MORE_CUES_CAP, MORE_CUES * (len(hits) - 1))
        found[kind] = (hits[0][0] + extra, ", ".join(dict.fromkeys(w for _, w in hits)))
    return found


def _frameworks(index: MatcherIndex, analysis: Analysis, context: MatchContext) -> list[str]:
    """Return the frameworks named, reading a weak name ("go") only where it is one."""
    tokens = analysis.tokens
    named: list[str] = []
    spots = analysis.spots
    for position, spot in enumerate(spots):
        ids = [s.target for s in spot.senses if s.role is Role.FRAMEWORK]
        if not ids:
            continue
        phrase = fold_all(tokens[spot.start : spot.end])
        if phrase in index.weak_names and not _reads_as_name(spots, position, tokens, context):
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
    neighbours = [spots[i] for i in (position - 1, position + 1) if 0 <= i < len(spots)]
    adjacent = any(
        s.end == spot.start or s.start == spot.end
        for s in neighbours
        if any(sense.role is Role.FRAMEWORK for sense in s.senses)
    )
    alone = len(tokens) == spot.end - spot.start
    return adjacent or alone


def _scope(index: MatcherIndex, named: list[str], context: MatchContext) -> Page | None:
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


def _subjects(
    index: MatcherIndex, board: _Board, spots: Iterable[Spot], page: Page, kinds: Mapping
) -> None:
    """Give points to the page's items whose names or related words appear."""
    gained: dict[str, float] = {}
    for spot in spots:
        for sense in spot.senses:
            key = sense.target
            if sense.role is Role.FRAMEWORK:
                key = f"{K.ALTERNATIVE}:{sense.target}"
            elif sense.role not in (Role.NAME, Role.RELATED):
                continue
            item = page.items.get(key)
            if item is None:
                continue
            if sense.role is Role.RELATED:
                rule, points = "related word", RELATED_POINTS
            elif " " not in spot.words and spot.words in index.english.words:
                rule, points = "name", WORD_NAME_POINTS
            else:
                rule, points = "name", NAME_POINTS
            if sense.role is Role.FRAMEWORK:
                rule = "framework"
            room = SUBJECT_CAP - gained.get(item.intent_id, 0.0)
            if room <= 0:
                continue
            points = min(points, room)
            gained[item.intent_id] = gained.get(item.intent_id, 0.0) + points
            board.add(item, rule, spot.words, points)
            board.subject.add(item.intent_id)


def _text_overlap(index: MatcherIndex, board: _Board, analysis: Analysis, page: Page) -> None:
    """Give a little to items whose own prose shares rare words with the message."""
    words = index.texts.get(page.comparison_id, {})
    if not words:
        return
    covered = analysis.covered()
    gained: dict[str, tuple[float, list[str]]] = {}
    for position, token in enumerate(fold_all(analysis.tokens)):
        if position in covered:
            continue
        for key, weight in words.get(token, ()):
            points, found = gained.get(key, (0.0, []))
            if token not in found:
                gained[key] = (points + weight, [*found, token])
    for key, (points, found) in gained.items():
        item = page.items.get(key)
        if item is not None:
            board.add(
                item, "words of its text", ", ".join(found), min(TEXT_CAP, TEXT_POINTS * points)
            )


def _context(
    board: _Board, analysis: Analysis, page: Page, context: MatchContext, kinds: Mapping
) -> None:
    """Lean on the last item answered when the message is a follow-up to it."""
    if context.last is None or context.comparison_id != page.comparison_id:
        return
    last = page.items.get(context.last)
    if last is None:
        return
    named_items = [board.items[i] for i in board.subject]
    if named_items:
        for item in named_items:
            if item.kind is last.kind and item is not last:
                board.add(item, "same kind as the last answer", last.title, SIBLING_POINTS)
        return
    tokens = analysis.tokens
    opener = any(tuple(tokens[: len(o)]) == o for o in FOLLOW_UP_OPENERS)
    pointing = bool(FOLLOW_UP_WORDS.intersection(tokens))
    fits = any(FIT[k].get(last.kind, 0) > 0 for k in kinds) or bool(FOLLOW_UP_KINDS & set(kinds))
    small_talk = any(
        x.role in (Role.CUE, Role.HINT) and x.target.startswith("intent:")
        for spot in analysis.spots
        for x in spot.senses
    )
    if not (opener or pointing or fits or (len(tokens) <= SHORT and not small_talk)):
        return
    board.add(last, "follow-up to the last answer", last.title, CONTEXT_POINTS)
    board.subject.add(last.intent_id)
    for kind in FOLLOW_UP_KINDS & set(kinds):
        board.add(last, f"cue {kind}", kinds[kind][1], kinds[kind][0])


def _kind_fits(board: _Board, page: Page, kinds: Mapping[Q, tuple[float, str]]) -> None:
    """Add what the kind of question says about named items, and offer the kinds' overviews."""
    for kind, (_, words) in kinds.items():
        overview = OVERVIEW.get(kind)
        if overview is not None:
            item = page.items.get(str(overview))
            if item is not None and not board.has(item):
                board.add(item, f"cue {kind}", words, 0.0)
    overviews = set(OVERVIEW.values())
    for intent_id, item in list(board.items.items()):
        # An item only hinted at by words of its text gets half: the kind is not about it alone.
        share = 1.0 if intent_id in board.subject or item.kind in overviews else 0.5
        for kind, (points, words) in kinds.items():
            fit = FIT[kind].get(item.kind, 0.0)
            if fit:
                board.add(item, f"cue {kind}", words, points * fit * share)


def _suppress_overviews(board: _Board, page: Page) -> None:
    """Lower an overview when one of its specific items was named."""
    named_kinds = {board.items[i].kind for i in board.subject}
    for kind in named_kinds:
        overview = OVERVIEW_OF.get(kind)
        item = page.items.get(str(overview)) if overview else None
        if item is not None and board.has(item):
            board.add(item, f"a specific {kind} was named", "", -SUPPRESSED)


def _framework_items(
    index: MatcherIndex, board: _Board, analysis: Analysis, named: list[str], page: Page | None
) -> None:
    """Offer "what is X" for frameworks and tools, strongest right after "what is".

    An alternative the page lists is answered by its row, which says more than "what is".
    """
    spots = analysis.spots
    after_what_is = _after_what_is(analysis)
    for framework_id in named:
        info = index.frameworks.get(framework_id)
        if info is None or (page is not None and f"{K.ALTERNATIVE}:{framework_id}" in page.items):
            continue
        item = framework_item(info.id, info.name)
        covered = page is not None and framework_id in page.frameworks
        spot = next(s for s in spots if any(x.target == framework_id for x in s.senses))
        board.add(item, "framework", spot.words, 1.0 if covered else NAME_POINTS)
        board.subject.add(item.intent_id)
        if after_what_is is spot:
            board.add(item, "cue what_is", "what is", CUE_POINTS)


def _after_what_is(analysis: Analysis) -> Spot | None:
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
            return following
        if cursor < len(tokens):
            return None
    return None


def _asks_about_something_else(analysis: Analysis) -> str | None:
    """Return what "what is X" / "which X" asks about when the knowledge has no word for X."""
    tokens = analysis.tokens
    foreign = set(analysis.foreign)
    for position, token in enumerate(tokens[:-1]):
        if token in SELECTORS and tokens[position + 1] in foreign:
            return tokens[position + 1]
    for number, spot in enumerate(analysis.spots):
        if not any(x.role is Role.CUE and x.target == Q.WHAT_IS for x in spot.senses):
            continue
        cursor = spot.end
        while cursor < len(tokens) and tokens[cursor] in WHAT_IS_FILLERS:
            cursor += 1
        following = next((s for s in analysis.spots[number + 1 :] if s.start == cursor), None)
        if cursor < len(tokens) and (
            following is None or all(x.role is Role.RELATED for x in following.senses)
        ):
            word = tokens[cursor]
            if word in analysis.foreign or following is not None:
                return following.words if following is not None else word
    return None


def _faq(
    index: MatcherIndex,
    board: _Board,
    analysis: Analysis,
    kinds: Mapping[Q, tuple[float, str]],
    learned: Mapping[str, float],
) -> None:
    """Score the plain FAQ intents: their cue words, their kind, and the learned scorer."""
    structured = any(board.items[i].kind is not K.FRAMEWORK for i in board.subject)
    # A named topic or a clear cue for a page overview is a complete rule match: the learned
    # scorer then only breaks ties.
    ruled = structured or any(
        points >= CUE_POINTS and kind in OVERVIEW for kind, (points, _) in kinds.items()
    )
    weight = TIE_BREAK_POINTS if ruled else LEARNED_POINTS
    words = set(fold_all(analysis.tokens))
    # A message that shares no meaningful word with any example is not one of them, however
    # the softmax spreads its probability; within the FAQ the learned order stands.
    shared = {word for word in words if any(word in v for v in index.faq_words.values())}
    factor = 1.0 if shared else NO_SHARED_WORD
    ruled_points: dict[str, list[Reason]] = {}
    for spot in analysis.spots:
        for sense in spot.senses:
            if sense.role in (Role.CUE, Role.HINT) and sense.target.startswith("intent:"):
                intent_id = sense.target.removeprefix("intent:")
                if intent_id in index.faq_items:
                    points = CUE_POINTS if sense.role is Role.CUE else HINT_POINTS
                    ruled_points.setdefault(intent_id, []).append(Reason("cue", spot.words, points))
    for kind, (points, cue_words) in kinds.items():
        intent_id = index.faq_kinds.get(kind)
        if intent_id is not None:
            ruled_points.setdefault(intent_id, []).append(Reason(f"cue {kind}", cue_words, points))
    for intent_id in sorted(
        set(ruled_points) | {i for i, p in learned.items() if p >= LEARNED_FLOOR}
    ):
        item = index.faq_items[intent_id]
        cues = ruled_points.get(intent_id, [])
        cue_total = sum(r.points for r in cues)
        own = sorted(words & index.faq_words.get(intent_id, frozenset()))
        learned_points = weight * learned.get(intent_id, 0.0) * factor
        # Cues and the learned scorer see the same words: count the stronger, and a quarter
        # of the other, so one word is not counted twice.
        scale = 1.0 if cue_total >= learned_points else 0.25
        for reason in cues:
            board.add(item, reason.rule, reason.words, reason.points * scale)
        if learned_points > 0:
            rule = "learned from examples" + (f" ({', '.join(own)})" if own else "")
            board.add(item, rule, "", learned_points * (0.25 if scale == 1.0 else 1.0))
        if structured and index.faq_kinds.get(Q.RECOMMEND) == intent_id:
            board.add(item, "a specific topic was named", "", -SUPPRESSED)
    exact = index.faq.exact.get(" ".join(analysis.tokens))
    if exact is not None:
        board.add(index.faq_items[index.faq.targets[exact].intent_id], "same words as an example",
                  "", EXACT_POINTS)  # fmt: skip


def _unknown_comparands(analysis: Analysis) -> tuple[str, ...]:
    """Return foreign words compared with ours ("django vs rails"): no page covers them."""
    if not analysis.foreign:
        return ()
    tokens = analysis.tokens
    foreign = set(analysis.foreign)
    found: list[str] = []
    for position, token in enumerate(tokens):
        if token not in COMPARE_WORDS and token != "or":
            continue
        # "or" joins many things ("a sentence or two"): only two things both named or foreign.
        if token == "or" and not _or_joins_things(analysis, position):
            continue
        limit = 1 if token == "or" else 2
        for step in (-1, 1):
            reach, cursor = 0, position + step
            while 0 <= cursor < len(tokens) and reach < limit:
                word = tokens[cursor]
                if word in foreign and word not in found:
                    found.append(word)
                    break
                if word not in COMPARAND_SKIP:
                    reach += 1
                cursor += step
    return tuple(found)


def _how_to(board: _Board, kinds: Mapping[Q, tuple[float, str]]) -> None:
    """Lower everything for how-to requests ("walk me through JWT"): the pages do not teach.

    Migration questions stay: "how do we port it" is what the migration tiers answer.
    """
    words = kinds[Q.HOWTO][1]
    for intent_id, item in board.items.items():
        if item.kind is K.FAQ or (Q.MIGRATE in kinds and FIT[Q.MIGRATE].get(item.kind)):
            continue
        board.reasons[intent_id].append(Reason("a how-to request", words, -HOWTO))


def _or_joins_things(analysis: Analysis, position: int) -> bool:
    tokens = analysis.tokens
    if position == 0 or position + 1 >= len(tokens):
        return False
    covered = analysis.covered()
    foreign = set(analysis.foreign)

    def thing(at: int) -> bool:
        return at in covered or tokens[at] in foreign

    return thing(position - 1) and thing(position + 1)


def _penalties(board: _Board, analysis: Analysis, unknown: tuple[str, ...], anchored: bool) -> None:
    """Take points off for words the knowledge never uses, and for unknown comparisons.

    A message that names the page's frameworks is about our topic even with words of its own
    ("I'm a junior dev and..."), and in a long message each such word weighs less.
    """
    covered = analysis.covered()
    uncovered = [
        token
        for position, token in enumerate(analysis.tokens)
        if position not in covered and token not in FUNCTION_WORDS_SKIP
    ]
    count = min(len(analysis.foreign), FOREIGN_COUNTED)
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
        if count:
            if intent_id in board.subject:
                rate = FOREIGN_WITH_SUBJECT
            else:
                rate = FOREIGN_ANCHORED if anchored else FOREIGN_WITHOUT
            board.reasons[intent_id].append(
                Reason("words the knowledge never uses", words, -rate * count * damping)
            )


def _small_talk_around_a_question(board: _Board) -> None:
    """ "Thanks, and what about async?" is a question: small talk yields to a real topic."""
    topical = any(
        item.kind is not K.FAQ and board.total(intent_id) > 0
        for intent_id, item in board.items.items()
    )
    if not topical:
        return
    for intent_id, item in board.items.items():
        if item.kind is K.FAQ and not item.suggest:
            board.reasons[intent_id].append(
                Reason("small talk around a question", "", -SMALL_TALK_AROUND)
            )
