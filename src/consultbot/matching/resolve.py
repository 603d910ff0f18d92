"""Decide what a message asks about: kind of question x subjects named x conversation context.

Every piece of evidence is a rule with points, kept as a reason so the answer explains itself:
a name found ("async" → the async-support criterion), a cue word ("how much" → cost) that fits
the kind of item, what the conversation was about, the learned FAQ scorer, and penalties (words
the knowledge never uses, a framework this page does not compare).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from consultbot.knowledge.faq import QuestionKind as Q
from consultbot.matching.analysis import Analysis
from consultbot.matching.catalogue import OVERVIEW_OF, Page
from consultbot.matching.described import read_described
from consultbot.matching.doubts import (
    ASKS_ABOUT_OTHER,
    CODE_REQUEST,
    add_penalties,
    code_request,
    how_to_request,
    lower_how_to,
    lower_other_comparisons,
    lower_small_talk,
    unknown_comparands,
)
from consultbot.matching.evidence import (
    CUE_POINTS,
    NAME_POINTS,
    RELATED_POINTS,
    SUBJECT_CAP,
    WORD_NAME_POINTS,
    Board,
    K,
    MatchContext,
    Reason,
    Scored,
    kinds_of,
)
from consultbot.matching.faq_rules import lower_overviews_for_faq_topic, score_faq
from consultbot.matching.followups import (
    FOLLOW_UP_RULE,
    FOLLOW_UP_WORDS,
    follow_up,
    size_said_before,
)
from consultbot.matching.frameworks import (
    add_framework_items,
    after_what_is,
    frameworks_named,
    more_about_it,
    scope_of,
    the_other_one,
)
from consultbot.matching.grammar import (
    inside_one_framework,
    lower_what_is_of_a_mention,
    read_kinds_by_grammar,
)
from consultbot.matching.identity import lower_all_but, lower_unasked_identity, read_identity
from consultbot.matching.index import MatcherIndex
from consultbot.matching.kind_fits import (
    compare_defers,
    kind_fits,
    migration_sizes_need_migration,
    project_by_its_parts,
    saving_of_the_named,
    suppress_overviews,
)
from consultbot.matching.other_things import asks_about_something_else
from consultbot.matching.out_of_reach import lower_items_not_named, lower_out_of_reach
from consultbot.matching.phrase_readings import (
    GRAMMAR_WORDS,
    asks_of_us,
    building_new,
    lacking_features,
    price_of_talking_to_us,
    what_i_wrote,
)
from consultbot.matching.phrases import Role, Spot, fold_all

# Points of the rules (see evidence.py for names and cues).
FURTHER_WORDS = 0.5
SIZE_RULES = frozenset({"name", "related word", "the words of its name"})
SEVERAL = 2
SEVERAL_POINTS = 1.5
TITLE_WORDS_MIN = 3
TITLE_SHARE = 0.75
NAME_GAP = 2
TEXT_POINTS = 0.75
TEXT_CAP = 1.5
PAIR_NAMED = 0.5


@dataclass(frozen=True, slots=True)
class Resolution:
    """Every candidate, best first, and what the rules noticed on the way."""

    candidates: tuple[Scored, ...]
    page: Page | None
    sizes: tuple[str, ...] = ()
    outside: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    paired: tuple[str, ...] = ()
    needs_page: bool = False
    beyond: tuple[str, str] | None = None
    # The kinds of question the message asks, as its cue words and grammar read them.
    kinds: frozenset[Q] = frozenset()


def resolve(
    index: MatcherIndex, analysis: Analysis, context: MatchContext, learned: Mapping[str, float]
) -> Resolution:
    """Score every candidate item for the analysed message, best first."""
    if GRAMMAR_WORDS.intersection(analysis.foreign):
        foreign = tuple(w for w in analysis.foreign if w not in GRAMMAR_WORDS)
        analysis = replace(analysis, foreign=foreign)
    kinds = kinds_of(analysis.spots)
    identity = read_identity(kinds, analysis, index.phrases)
    read_kinds_by_grammar(kinds, analysis)
    # A how-to word ("tutorial", "homework") or a request for work is not ours even for the
    # FAQ entries; "how do I <verb>" alone may be one of them ("how do I book a call").
    said_how = Q.HOWTO in kinds
    asked_how = how_to_request(analysis)
    if asked_how is not None:
        # "How do I install…": the grammar and a how-to word at once.
        sure = Q.HOWTO in kinds
        kinds[Q.HOWTO] = (CUE_POINTS * (CODE_REQUEST if sure else 1.0), asked_how)
    wants_code = code_request(analysis)
    if wants_code is not None:
        kinds[Q.HOWTO] = (CUE_POINTS * CODE_REQUEST, wants_code)
        said_how = True
    named = frameworks_named(index, analysis, context)
    page = scope_of(index, named, context)
    board = Board()
    outside: tuple[str, ...] = ()
    if page is not None:
        outside = tuple(f for f in named if f not in page.frameworks)
        _subjects(index, board, analysis.spots, page, named)
        lacking_features(index, board, analysis, page)
        read_described(index, board, analysis, page, kinds)
        _title_words(index, board, analysis, page)
        _text_overlap(index, board, analysis, page)
        follow_up(board, analysis, page, context, kinds, index.chatter)
        size_said_before(board, page, context, kinds)
        saving_of_the_named(board, page, analysis, kinds, named)
        kind_fits(board, page, kinds)
        project_by_its_parts(board, page, kinds)
        suppress_overviews(board, page, kinds)
        migration_sizes_need_migration(board, analysis, kinds, context)
        compare_defers(board, page, kinds)
        asked = after_what_is(analysis)
        lower_what_is_of_a_mention(board, kinds, asked.words if asked else None)
    if page is not None and len(set(named) & set(page.frameworks)) >= 2 and Q.COMPARE in kinds:
        verdict = page.items.get(str(K.VERDICT))
        if verdict is not None and board.has(verdict):
            board.add(verdict, "the page's own pair named", "", PAIR_NAMED)
    add_framework_items(index, board, analysis, named, page, context)
    the_other_one(index, board, analysis, named, page, context)
    more_about_it(index, board, analysis, named, page, context, kinds)
    score_faq(index, board, analysis, kinds, learned)
    asks_of_us(index, board, analysis)
    what_i_wrote(index, board, analysis)
    if Q.MIGRATE not in kinds:
        building_new(index, board, analysis, kinds)
    price_of_talking_to_us(index, board, analysis, kinds)
    if outside and page is not None:
        lower_items_not_named(board, outside)
    names = {f: index.frameworks[f].name for f in outside if f in index.frameworks}
    beyond = lower_out_of_reach(board, analysis, page, outside, kinds, names) if page else None
    unknown = unknown_comparands(analysis, index.known)
    # "Does that include testing?" right after an answer is about it, in words of its own.
    points_back = _points_back(board, analysis)
    # "Summarise this comparison for my board": the page itself is what it is about.
    on_page = bool(set(named) & set(page.frameworks)) if page else False
    anchored = page is not None and (on_page or points_back or analysis.about_page)
    add_penalties(board, analysis, unknown, anchored, index.english, index.pleasantries)
    lower_small_talk(board)
    other = asks_about_something_else(analysis, index.known, index.english)
    # "Does that include testing?" asks about the last answer; "compare them on security" does not.
    if other is not None and not (points_back and Q.COMPARE not in kinds):
        for intent_id, item in board.items.items():
            if item.suggest:
                board.reasons[intent_id].append(
                    Reason(
                        "asks about something the knowledge does not name", other, -ASKS_ABOUT_OTHER
                    )  # fmt: skip
                )
    lower_overviews_for_faq_topic(index, board, analysis)
    if identity is not None:
        lower_all_but(board, index.faq_kinds.get(Q.IDENTITY), identity)
    else:
        lower_unasked_identity(board, index.faq_kinds.get(Q.IDENTITY))
    if Q.HOWTO in kinds:
        lower_how_to(board, kinds, anchored and not inside_one_framework(analysis), said_how)
    lower_other_comparisons(board, analysis)
    if analysis.read_as is not None:
        pointer, topic = analysis.read_as
        for reasons in board.reasons.values():
            reasons.append(Reason("the last answer's topic", f"{pointer} → {topic}", 0.0))
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
    sizes = tuple(
        item.id
        for intent_id, item in board.items.items()
        if item.kind is K.TIER
        and item.id
        and intent_id in board.subject
        and any(r.rule in SIZE_RULES for r in board.reasons[intent_id])
    )
    paired = tuple(f for f in named if page is not None and f in page.frameworks)
    return Resolution(
        tuple(ranked),
        page,
        sizes=sizes,
        outside=outside,
        unknown=unknown,
        paired=paired,
        needs_page=page is None and len(index.pages) > 1 and _asks_about_a_page(analysis),
        beyond=beyond,
        kinds=frozenset(kinds),
    )


def _asks_about_a_page(analysis: Analysis) -> bool:
    """Return True if the message names what a comparison page answers ("which is faster?")."""
    return any(
        sense.role in (Role.NAME, Role.RELATED) and ":" in sense.target
        for spot in analysis.spots
        for sense in spot.senses
        if not sense.target.startswith("intent:")
    )


def _points_back(board: Board, analysis: Analysis) -> bool:
    """The message points at the last answer ("that", "it") and leans on it."""
    leans = any(
        reason.rule == FOLLOW_UP_RULE for reasons in board.reasons.values() for reason in reasons
    )
    return leans and bool(FOLLOW_UP_WORDS.intersection(analysis.tokens))


def _subjects(
    index: MatcherIndex, board: Board, spots: Iterable[Spot], page: Page, named: list[str]
) -> None:
    """Give points to the page's items whose names or related words appear.

    An item's strongest word counts in full and each further one for half: "content editors"
    is more than "content", but two hints do not outweigh a name.
    """
    found: dict[str, list[tuple[float, str, str]]] = {}
    for spot in spots:
        for sense in spot.senses:
            key = sense.target
            if sense.role is Role.FRAMEWORK:
                if sense.target not in named:
                    continue  # "go deeper": an English word that is not the name here
                key = f"{K.ALTERNATIVE}:{sense.target}"
            elif sense.role not in (Role.NAME, Role.RELATED):
                continue
            if key not in page.items:
                continue
            if sense.role is Role.RELATED:
                rule, points = "related word", RELATED_POINTS
            elif " " not in spot.words and spot.words in index.english.words:
                rule, points = "name", WORD_NAME_POINTS
            else:
                rule, points = "name", NAME_POINTS
            if sense.role is Role.FRAMEWORK:
                rule, points = "framework", NAME_POINTS
            found.setdefault(key, []).append((points, rule, spot.words))
    for key, found_hits in found.items():
        item = page.items[key]
        found_hits.sort(key=lambda hit: -hit[0])
        # One word counts once for an item, by its strongest sense ("version" is a name and a
        # related word of the same metric).
        hits = list(
            {words: (points, rule, words) for points, rule, words in reversed(found_hits)}.values()
        )
        hits.sort(key=lambda hit: -hit[0])
        total = 0.0
        for number, (points, rule, words) in enumerate(hits):
            share = points if number == 0 else points * FURTHER_WORDS
            share = min(share, SUBJECT_CAP - total)
            if share <= 0:
                break
            total += share
            board.add(item, rule, words, share)
        board.subject.add(item.intent_id)
    _several_of_a_kind(board, page)


def _several_of_a_kind(board: Board, page: Page) -> None:
    """Several items of one kind named at once ("stars, downloads, benchmarks") ask for all."""
    named: dict[str, list[str]] = {}
    for intent_id in board.subject:
        item = board.items[intent_id]
        named.setdefault(str(item.kind), []).append(intent_id)
    for kind, ids in named.items():
        overview_kind = OVERVIEW_OF.get(K(kind))
        overview = page.items.get(str(overview_kind)) if overview_kind else None
        if overview is None or len(ids) < SEVERAL:
            continue
        words = ", ".join(board.reasons[i][0].words for i in sorted(ids))
        board.add(overview, f"{len(ids)} {kind}s named", words, SEVERAL_POINTS * (len(ids) - 1))
        board.subject.add(overview.intent_id)


def _title_words(index: MatcherIndex, board: Board, analysis: Analysis, page: Page) -> None:
    """Give name points to an item when the message holds the words of one of its names.

    "Can I keep using the Django ORM inside a FastAPI app?" has the words of "Running the
    Django ORM inside FastAPI" in another order, with others between them; "a single Django
    service" has "single service" with a word inside it.
    """
    tokens = fold_all(analysis.tokens)
    positions: dict[str, list[int]] = {}
    for position, word in enumerate(tokens):
        positions.setdefault(word, []).append(position)
    for key, names in index.long_names.get(page.comparison_id, {}).items():
        item = page.items.get(key)
        if item is None:
            continue
        # Already named by other words: this counts as one more of them.
        points = NAME_POINTS * (FURTHER_WORDS if item.intent_id in board.subject else 1.0)
        spotted: set[str] | None = None  # read once a name shares words with the message
        for name in names:
            shared = name.intersection(positions)
            if not shared:
                continue
            if spotted is None:
                spotted = {
                    word
                    for reason in board.reasons.get(item.intent_id, ())
                    for word in fold_all(tuple(reason.words.split()))
                }
            if name <= spotted:
                continue
            scattered = (
                len(shared) >= TITLE_WORDS_MIN
                and len(shared) >= TITLE_SHARE * len(name)
                and any(word not in index.english.common for word in shared)
            )
            if scattered or (shared == name and _close_together(name, positions)):
                board.add(item, "the words of its name", " ".join(sorted(shared)), points)
                board.subject.add(item.intent_id)
                break


def _close_together(words: frozenset[str], positions: Mapping[str, list[int]]) -> bool:
    """Return True if the words occur within a few tokens of each other."""
    span = len(words) + NAME_GAP
    starts = [p for word in words for p in positions[word]]
    return any(
        all(any(start <= p < start + span for p in positions[word]) for word in words)
        for start in starts
    )


def _text_overlap(index: MatcherIndex, board: Board, analysis: Analysis, page: Page) -> None:
    """Give a little to items whose own prose shares rare words with the message."""
    words = index.texts.get(page.comparison_id, {})
    if not words:
        return
    covered = analysis.covered
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
