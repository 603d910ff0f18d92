"""Score the plain FAQ entries: their cue words, the kinds they answer, the learned scorer.

Also: an example worded like the message, and an entry's topic named clearly enough that the
page's overviews step back ("how long is the consultation?").
"""

from __future__ import annotations

from collections.abc import Mapping

from consultbot.knowledge.faq import QuestionKind as Q
from consultbot.matching.analysis import Analysis
from consultbot.matching.evidence import (
    CUE_POINTS,
    HINT_POINTS,
    OVERVIEW,
    OVERVIEWS,
    SIZE_ONLY,
    SUPPRESSED,
    Board,
    K,
    Reason,
)
from consultbot.matching.index import MatcherIndex
from consultbot.matching.phrases import Role, fold_all

FAQ_TOPIC_NAMED = 1.0
LEARNED_POINTS = 4.0
TIE_BREAK_POINTS = 0.5
# An editor's own wording is decisive: it outweighs a name and a cue together.
EXACT_POINTS = 5.0
LEARNED_FLOOR = 0.05
NO_SHARED_WORD = 0.3
OTHERS_WORDS = 0.6
HINT_ABOUT_IT = 1.5
# Worded like an example: similarity (rapidfuzz ratio) from NEAR_CUTOFF counts, scaled from
# NEAR_FROM (nothing) to 100 (as much as the same words).
NEAR_CUTOFF = 85.0
NEAR_POINTS = 3.0
NEAR_FROM = 75.0
NEAR_MIN_CHARS = 12
NEAR_AMONG = 3
SEVERAL_TALK = 2


def _asked_with_kinds(
    index: MatcherIndex,
    ruled_points: Mapping[str, list[Reason]],
    kinds: Mapping[Q, tuple[float, str]],
) -> dict[str, Reason]:
    """An entry's own words asked with a kind it answers: "what does the consultation cost"."""
    found = {}
    for intent_id, reasons in ruled_points.items():
        own = [r.points for r in reasons if r.rule == "cue"]
        asked = [k for k in sorted(index.faq_with_kinds.get(intent_id, ())) if k in kinds]
        if asked and own:
            # A clear phrase of the entry counts in full, a hint ("consultation") for less;
            # each kind it answers adds ("how long is the consult and what does it cost").
            points = CUE_POINTS if max(own) >= CUE_POINTS else HINT_ABOUT_IT
            words = ", ".join(kinds[k][1] for k in asked)
            rule = f"cue {' and '.join(asked)} about it"
            found[intent_id] = Reason(rule, words, points * len(asked))
    return found


def _what_is_asked_of_a_framework(board: Board) -> bool:
    """ "Really basic question: what's Django?" is a complete rule match for Django."""
    return any(
        board.items[i].kind is K.FRAMEWORK
        and any(r.rule == "cue what_is" and r.points >= CUE_POINTS for r in board.reasons[i])
        for i in board.subject
    )


def _faq_phrase_said(index: MatcherIndex, analysis: Analysis) -> bool:
    """A clear phrase of an entry ("what I type" for privacy) is a rule match of its own."""
    return any(
        sense.role is Role.CUE
        and sense.target.startswith("intent:")
        and index.faq_items.get(sense.target.removeprefix("intent:")) is not None
        and index.faq_items[sense.target.removeprefix("intent:")].suggest
        for spot in analysis.spots
        for sense in spot.senses
    )


def _small_talk_said_last(
    index: MatcherIndex, ruled_points: dict[str, list[Reason]], said_at: Mapping[str, int]
) -> None:
    """ "Many thanks, goodbye": of two pieces of small talk, the one said last is the answer."""
    talk = [i for i in said_at if not index.faq_items[i].suggest]
    if len(talk) >= SEVERAL_TALK:
        last = max(talk, key=said_at.__getitem__)
        for intent_id in talk:
            said_last = intent_id == last
            rule = "said last" if said_last else "said before other small talk"
            ruled_points[intent_id].append(
                Reason(rule, "", HINT_POINTS if said_last else -HINT_POINTS)
            )


def lower_overviews_for_faq_topic(index: MatcherIndex, board: Board, analysis: Analysis) -> None:
    """ "How long is the consultation?" is about the consultation, not about how long things take.

    A clear cue of an FAQ entry names its topic: overviews that only a kind of question points
    at step back.
    """
    named = [
        spot.words
        for spot in analysis.spots
        for sense in spot.senses
        if sense.role is Role.CUE
        and sense.target.startswith("intent:")
        and index.faq_items.get(sense.target.removeprefix("intent:"), None) is not None
        and index.faq_items[sense.target.removeprefix("intent:")].suggest
    ]
    about = [
        reason
        for intent_id, item in board.items.items()
        if item.kind is K.FAQ and item.suggest
        for reason in board.reasons[intent_id]
        if reason.rule.endswith(" about it")
    ]
    named += [reason.words for reason in about]
    if not named:
        return
    # Every kind the entry's words were asked with is one the overviews no longer own.
    kinds_taken = max((r.rule.count(" and ") + 1 for r in about), default=1)
    for intent_id, item in board.items.items():
        if item.kind in OVERVIEWS and intent_id not in board.subject:
            board.add(item, "another topic is named", named[0], -FAQ_TOPIC_NAMED * kinds_taken)
        elif item.kind is not K.FAQ:
            # "hire you to build our API backend": the API backend is what they want built.
            board.add(item, "another topic is named", named[0], -FAQ_TOPIC_NAMED)


def score_faq(
    index: MatcherIndex,
    board: Board,
    analysis: Analysis,
    kinds: Mapping[Q, tuple[float, str]],
    learned: Mapping[str, float],
) -> None:
    """Score the plain FAQ intents: their cue words, their kind, and the learned scorer."""
    # A project's size alone ("a startup MVP") describes the project; it is not a topic asked.
    structured = any(
        board.items[i].kind is not K.FRAMEWORK
        and not any(r.rule == SIZE_ONLY for r in board.reasons[i])
        for i in board.subject
    )
    # A named topic or a clear cue for a page overview is a complete rule match: the learned
    # scorer then only breaks ties.
    ruled = (
        structured
        or any(points >= CUE_POINTS and kind in OVERVIEW for kind, (points, _) in kinds.items())
        or _faq_phrase_said(index, analysis)
        or _what_is_asked_of_a_framework(board)
    )
    weight = TIE_BREAK_POINTS if ruled else LEARNED_POINTS
    words = set(fold_all(analysis.tokens))
    # A message that shares no meaningful word with any example is not one of them, however
    # the softmax spreads its probability; within the FAQ the learned order stands.
    shared = {word for word in words if any(word in v for v in index.faq_words.values())}
    factor = 1.0 if shared else NO_SHARED_WORD
    ruled_points: dict[str, list[Reason]] = {}
    said_at: dict[str, int] = {}
    for spot in analysis.spots:
        for sense in spot.senses:
            if sense.role in (Role.CUE, Role.HINT) and sense.target.startswith("intent:"):
                intent_id = sense.target.removeprefix("intent:")
                if intent_id in index.faq_items:
                    points = CUE_POINTS if sense.role is Role.CUE else HINT_POINTS
                    ruled_points.setdefault(intent_id, []).append(Reason("cue", spot.words, points))
                    said_at[intent_id] = spot.end
    _small_talk_said_last(index, ruled_points, said_at)
    for kind, (points, cue_words) in kinds.items():
        kind_intent = index.faq_kinds.get(kind)
        if kind_intent is not None:
            ruled_points.setdefault(kind_intent, []).append(
                Reason(f"cue {kind}", cue_words, points)
            )
    for intent_id, asked in _asked_with_kinds(index, ruled_points, kinds).items():
        ruled_points[intent_id].append(asked)
    for intent_id in sorted(
        set(ruled_points) | {i for i, p in learned.items() if p >= LEARNED_FLOOR}
    ):
        item = index.faq_items[intent_id]
        cues = ruled_points.get(intent_id, [])
        cue_total = sum(r.points for r in cues)
        own = sorted(words & index.faq_words.get(intent_id, frozenset()))
        # Sharing words with other entries only: half credit ("how's your day" is not "about us").
        mine = 1.0 if own else OTHERS_WORDS
        learned_points = weight * learned.get(intent_id, 0.0) * factor * mine
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
    elif len(" ".join(analysis.tokens)) >= NEAR_MIN_CHARS:
        likeliest = sorted(learned, key=learned.__getitem__, reverse=True)[:NEAR_AMONG]
        labels = [index.faq_labels[i] for i in likeliest]
        near = index.faq.nearest(analysis.tokens, NEAR_CUTOFF, labels)
        if near is not None:
            label, similarity = near
            points = NEAR_POINTS * (similarity - NEAR_FROM) / (100 - NEAR_FROM)
            item = index.faq_items[index.faq.targets[label].intent_id]
            board.add(item, "worded like an example", f"{similarity:.0f}%", points)
