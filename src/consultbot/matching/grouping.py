"""Group similar visitor messages, so editors see each unanswered question once with a count."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from consultbot.matching.doubts import FUNCTION_WORDS_SKIP
from consultbot.matching.normalize import normalize

SIMILAR_AT = 72.0
# A visitor's next message this close to the last one says the same again: a rephrasing.
REPHRASED_AT = 60.0
EXAMPLES_KEPT = 5
COMPARED_CHARS = 120
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class QuestionGroup:
    """Messages that say much the same thing: the most frequent wording first."""

    text: str
    count: int
    examples: tuple[str, ...]
    # Every wording in the group exactly as given (examples holds the first few, tidied).
    members: tuple[str, ...] = ()


def group_similar(messages: Iterable[str], similar_at: float = SIMILAR_AT) -> list[QuestionGroup]:
    """Group messages whose normalised words mostly agree; biggest groups first.

    Identical wordings (after normalising case, accents and punctuation) always share a group;
    others join the first group whose leading wording scores ``similar_at`` or more on
    rapidfuzz's token-set ratio.
    """
    return group_counted(((message, 1) for message in messages), similar_at)


def group_counted(
    counted: Iterable[tuple[str, int]], similar_at: float = SIMILAR_AT
) -> list[QuestionGroup]:
    """Group wordings already counted (``(text, times)``), as ``group_similar`` does.

    Only the first COMPARED_CHARS of each normalised wording are compared, so the work per
    pair is bounded however long the messages; the caller bounds how many wordings there are.
    """
    wordings: Counter[str] = Counter()
    first_seen: dict[str, str] = {}
    raw: dict[str, list[str]] = {}
    for message, times in counted:
        key = wording_key(message)
        if not key:
            continue
        wordings[key] += times
        first_seen.setdefault(key, message.strip())
        raw.setdefault(key, []).append(message)
    leaders: list[str] = []
    members: dict[str, list[str]] = {}
    for key, _count in sorted(wordings.items(), key=lambda item: (-item[1], item[0])):
        found = process.extractOne(
            key, leaders, scorer=fuzz.token_set_ratio, processor=None, score_cutoff=similar_at
        )
        leader = found[0] if found else key
        if found is None:
            leaders.append(key)
        members.setdefault(leader, []).append(key)
    groups = [
        QuestionGroup(
            text=first_seen[leader],
            count=sum(wordings[key] for key in keys),
            examples=tuple(first_seen[key] for key in keys[:EXAMPLES_KEPT]),
            members=tuple(message for key in keys for message in raw[key]),
        )
        for leader, keys in members.items()
    ]
    return sorted(groups, key=lambda group: (-group.count, group.text))


def is_rephrasing(first: str, second: str, similar_at: float = REPHRASED_AT) -> bool:
    """Tell whether ``second`` asks what ``first`` asked, in other (or the same) words."""
    one, two = wording_key(first), wording_key(second)
    if not one or not two:
        return False
    # "what about flask" then "what about go" share only function words: a new question.
    shared = (set(one.split()) & set(two.split())) - FUNCTION_WORDS_SKIP
    if not shared:
        return False
    return fuzz.token_set_ratio(one, two, processor=None) >= similar_at


def wording_key(text: str) -> str:
    """Return the normalised words a wording is compared by (bounded however long the text)."""
    return " ".join(_WORD.findall(normalize(text[: COMPARED_CHARS * 4])))[:COMPARED_CHARS]
