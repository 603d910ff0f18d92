"""How the kind of question weighs the items on the board.

A cue's kind adds points to the items it fits ("how much" → the migration tiers), offers the
kind's overview, and decides when an overview steps back: one of its items was named, another
kind's cue is more precise, or a topic of its own was named. A tier without any cost, time or
migration word is only the size of the visitor's project.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from consultbot.knowledge.faq import QuestionKind as Q
from consultbot.matching.analysis import Analysis
from consultbot.matching.catalogue import OVERVIEW_OF, Page
from consultbot.matching.evidence import (
    CUE_POINTS,
    FIT,
    OVERVIEW,
    SIZE_ONLY,
    SUPPRESSED,
    Board,
    K,
    MatchContext,
)
from consultbot.matching.phrases import Role, fold_all

TIER_WITHOUT_MIGRATION = 1.5
SIZE_ALONE = 6
COMPARE_DEFERS = 1.0
# The saving of the framework named, as much as a framework's name; the cue adds its fit.
SAVING_OF_NAMED = 1.0
# "Django really saves", "would FastAPI save": words between the framework and the saving.
SAVER_REACH = 1
# A project described by several parts gains this much; a part named alone steps back as much.
PART_POINTS = 1.0
CHOOSING = frozenset({Q.COMPARE, Q.RECOMMEND, Q.BEST_FOR})
TOPIC_NAMED = 1.0
TOPICAL = frozenset({K.CRITERION, K.METRIC, K.USE_CASE, K.ALTERNATIVE})
STEPS_BACK = (K.PITFALLS,)
QUALIFYING = frozenset({"overall", "generally", "in general", "on the whole", "all round"})


def kind_fits(board: Board, page: Page, kinds: Mapping[Q, tuple[float, str]]) -> None:
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


def migration_sizes_need_migration(
    board: Board, analysis: Analysis, kinds: Mapping[Q, tuple[float, str]], context: MatchContext
) -> None:
    """A tier is the size of a migration: "a large system" alone is not asking about one."""
    if {Q.COST, Q.DURATION, Q.MIGRATE} & set(kinds):
        return
    last = context.last or ""
    if last.startswith((f"{K.TIER}:", str(K.MIGRATION))):
        return
    named = [board.items[i] for i in board.subject]
    # "And a large one?" opening a chat: the size is the whole question. After an answer on
    # something else (the speed, a blog), "and for a big app?" asks about that, not a price.
    alone = len(named) == 1 and named[0].kind is K.TIER and len(analysis.tokens) <= SIZE_ALONE
    if alone and context.last is None:
        return
    for item in list(board.items.values()):
        if item.kind is K.TIER:
            board.add(item, SIZE_ONLY, "", -TIER_WITHOUT_MIGRATION)


def compare_defers(board: Board, page: Page, kinds: Mapping[Q, tuple[float, str]]) -> None:
    """ "Stats comparing them" asks for the stats: a clear cue of another kind is more precise."""
    verdict = page.items.get(str(K.VERDICT))
    if verdict is None or not board.has(verdict):
        return
    others = [
        k
        for k, (points, _) in kinds.items()
        if points >= CUE_POINTS and k in OVERVIEW and OVERVIEW[k] is not K.VERDICT
    ]
    if others:
        board.add(verdict, f"cue {others[0]} is more precise", "", -COMPARE_DEFERS)


def suppress_overviews(board: Board, page: Page, kinds: Mapping[Q, tuple[float, str]]) -> None:
    """Lower an overview when one of its specific items was named.

    Not the verdict when the question clearly asks for the whole ("overall", "bottom line").
    """
    named_kinds = {board.items[i].kind for i in board.subject}
    # "Which has the better docs overall?": "overall" alone qualifies the docs, not the whole.
    points, words = kinds.get(Q.OVERALL, (0.0, ""))
    whole = points >= CUE_POINTS and not set(words.split(", ")) <= QUALIFYING
    for kind in named_kinds:
        overview = OVERVIEW_OF.get(kind)
        if overview is K.VERDICT and whole:
            continue
        item = page.items.get(str(overview)) if overview else None
        # Several of its items named at once ask for the overview itself.
        if item is not None and board.has(item) and item.intent_id not in board.subject:
            board.add(item, f"a specific {kind} was named", "", -SUPPRESSED)
    # "The risk of FastAPI being abandoned? it seems young": the maturity row answers the risk.
    topics = [i for i in board.subject if board.items[i].kind in TOPICAL]
    for overview_kind in STEPS_BACK:
        general = page.items.get(str(overview_kind))
        if topics and general is not None and board.has(general):
            if general.intent_id not in board.subject:
                title = board.items[topics[0]].title
                board.add(general, "a topic of its own was named", title, -TOPIC_NAMED)


def saving_of_the_named(
    board: Board,
    page: Page,
    analysis: Analysis,
    kinds: Mapping[Q, tuple[float, str]],
    named: Sequence[str],
) -> None:
    """ "How much time would Django save us?": the time saving the page gives that framework.

    Only when one of the page's frameworks is what saves ("does Django save", "FastAPI really
    saves"; not "an admin in Django would save me time"), the page has one saving for it, and
    no saving was named already.
    """
    points, words = kinds.get(Q.SAVING, (0.0, ""))
    if points < CUE_POINTS or any(board.items[i].kind is K.SAVING for i in board.subject):
        return
    saves = [
        spot.start
        for spot in analysis.spots
        if any(s.role is Role.CUE and s.target == Q.SAVING for s in spot.senses)
    ]
    # "How much faster would Django get us there?" (grammar, no saving word): any one of the
    # page's frameworks named is the one that saves.
    anywhere = not saves
    on_page = [
        sense.target
        for spot in analysis.spots
        for sense in spot.senses
        if sense.role is Role.FRAMEWORK
        and sense.target in page.frameworks
        and sense.target in named
        and (anywhere or any(0 <= start - spot.end <= SAVER_REACH for start in saves))
    ]
    keys = page.savings_of.get(on_page[0], ()) if len(set(on_page)) == 1 else ()
    item = page.items.get(keys[0]) if len(keys) == 1 else None
    if item is not None:
        board.add(item, f"the time {on_page[0]} saves", words, SAVING_OF_NAMED)
        board.subject.add(item.intent_id)


def project_by_its_parts(board: Board, page: Page, kinds: Mapping[Q, tuple[float, str]]) -> None:
    """ "A habit tracker with user accounts and an admin page: Django or FastAPI?": a kind of
    project described by its parts, one of which a metric names ("admin").

    When the visitor asks which to choose and a project item (a saving, a use case) is named by
    words of its own, a metric named by a word of that item's title is a part of the project:
    the project gains, the metric steps back. "Does Django have an admin?" asks no choice.
    """
    if not CHOOSING & kinds.keys():
        return
    subject = sorted(board.subject)  # the same order in every process
    projects = [board.items[i] for i in subject if board.items[i].kind in (K.SAVING, K.USE_CASE)]
    metrics = [board.items[i] for i in subject if board.items[i].kind is K.METRIC]
    for project in projects:
        title = set(fold_all(tuple(project.title.casefold().split())))
        parts = [
            metric
            for metric in metrics
            if any(
                title & set(fold_all(tuple(r.words.split())))
                for r in board.reasons[metric.intent_id]
                if r.rule == "name"
            )
        ]
        if not parts:
            continue
        words = ", ".join(p.title for p in parts)
        board.add(project, "a project described by its parts", words, PART_POINTS)
        for part in parts:
            board.add(part, f"a part of {project.title}", "", -PART_POINTS)
        return
