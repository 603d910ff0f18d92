"""Questions about who is answering ("is this an AI?", "am I talking to a human?"), by grammar.

The words ("bot", "AI", "human") are cues in the knowledge; they ask about the assistant only
when the question is put to it: "are you …", "is this …", "am I talking to …". Elsewhere they
mean what they usually mean ("AI inference APIs", "talk to a human").
"""

from __future__ import annotations

from consultbot.knowledge.faq import QuestionKind as Q
from consultbot.matching.analysis import Analysis
from consultbot.matching.evidence import CUE_POINTS, Board, Reason
from consultbot.matching.phrases import PhraseTable, Role, Spot

ASKED_OF_US = (("are", "you"), ("is", "this"), ("is", "it"), ("you", "are"))
TALKING = ("talk", "chat", "speak", "writ", "typing")
WHO = frozenset({"who", "whom"})
WRITING_BACK = (*TALKING, "answer", "repl", "respond")
ENDINGS = frozenset({"to", "with", "here", "now", "right", "currently", "exactly"})
NOW = frozenset({"here", "now", "currently", "exactly"})
REACH = 3
SKIPPED = frozenset({"a", "an", "the", "real", "actual", "actually", "just", "really"})
EITHER_REACH = 4
QUESTIONS_TO_US = (("are", "you"), ("is", "this"), ("is", "it"))
HEDGES = frozenset({"some", "kind", "sort", "of", "technically", "like", "basically", "maybe"})
IDENTITY_POINTS = CUE_POINTS * 1.5
ELSEWHERE = CUE_POINTS
UNASKED = CUE_POINTS


def asks_who_answers(analysis: Analysis, phrases: PhraseTable | None = None) -> str | None:
    """Return the identity word when the message asks what is answering it, else None.

    ``phrases`` (the knowledge's table) tells single identity words inside longer phrases
    ("bot or" is an entry's own phrase; "is this a bot or a human" sets it against "human").
    """
    tokens = analysis.tokens
    if phrases is not None:
        either = _either_or_words(tokens, phrases)
        if either is not None:
            return either
    for spot in analysis.spots:
        if not any(s.role in (Role.CUE, Role.HINT) and s.target == Q.IDENTITY for s in spot.senses):
            continue
        # "What is this assistant for?" asks what it does, not what it is.
        if tokens[spot.end : spot.end + 1] == ("for",):
            continue
        cursor = spot.start - 1
        while cursor >= 0 and tokens[cursor] in SKIPPED:
            cursor -= 1
        before = tokens[max(0, cursor - 1) : cursor + 1]
        if tuple(before) in ASKED_OF_US or _asked_with_hedges(tokens, spot.start):
            return spot.words
        # "ur a bot?", "u a bot?": "you are" written as "your", or left out.
        if cursor >= 0 and tokens[cursor] in ("your", "you") and tokens[cursor + 1] in ("a", "an"):
            return spot.words
        # "is a human typing this?", "is a bot answering?": who is writing, asked.
        doing = tokens[spot.end] if spot.end < len(tokens) else ""
        rest = set(tokens[spot.end + 1 :])
        if cursor >= 0 and tokens[cursor] in ("is", "are") and doing.startswith(WRITING_BACK):
            if rest <= ENDINGS | {"this", "me", "us", "back"}:
                return spot.words
        # "person or bot?", "human or AI": two kinds of answerer set against each other.
        if _either_or(analysis, spot):
            return spot.words
        # "am I talking to a human?" (not "can I talk to a person?", which asks for one).
        window = tokens[max(0, spot.start - REACH - 2) : spot.start]
        asking = any(pair == ("am", "i") for pair in zip(window, window[1:], strict=False))
        if asking and any(word.startswith(TALKING) for word in window):
            return spot.words
    return _who_am_i_talking_to(tokens)


def _asked_with_hedges(tokens: tuple[str, ...], start: int) -> bool:
    """ "Who are you, technically, an LLM?", "what are you, some kind of RAG bot?": a question
    put to us, then softeners and one word describing the identity word ("you're a useless bot"
    is a statement, not asked)."""
    cursor = start - 1
    if cursor >= 0 and tokens[cursor] not in SKIPPED | HEDGES:
        cursor -= 1
    while cursor >= 0 and tokens[cursor] in SKIPPED | HEDGES:
        cursor -= 1
    return tuple(tokens[max(0, cursor - 1) : cursor + 1]) in QUESTIONS_TO_US


def _either_or(analysis: Analysis, spot: Spot) -> bool:
    """ "Person or bot?": an identity word joined by "or" to another one."""
    tokens = analysis.tokens
    others = {
        (other.start, other.end)
        for other in analysis.spots
        if other is not spot
        and any(s.role in (Role.CUE, Role.HINT) and s.target == Q.IDENTITY for s in other.senses)
    }
    # "a person reading this or a bot": a few words may follow the first before the "or".
    ahead = tokens[spot.end : spot.end + EITHER_REACH]
    if "or" not in ahead:
        return False
    at = spot.end + ahead.index("or") + 1
    while at < len(tokens) and tokens[at] in SKIPPED:
        at += 1
    return any(start == at for start, _ in others)


def _either_or_words(tokens: tuple[str, ...], phrases: PhraseTable) -> str | None:
    """ "Bot or a human?", "is this a person or an AI": two identity words joined by "or"."""

    def identity_word(token: str) -> bool:
        return any(
            s.role in (Role.CUE, Role.HINT) and s.target == Q.IDENTITY
            for s in phrases.get((token,), ())
        )

    for position in range(1, len(tokens) - 1):
        if tokens[position] != "or":
            continue
        after = position + 1
        while after < len(tokens) - 1 and tokens[after] in SKIPPED:
            after += 1
        left, right = tokens[position - 1], tokens[after]
        if left != right and identity_word(left) and identity_word(right):
            return f"{left} or {right}"
    return None


def _who_am_i_talking_to(tokens: tuple[str, ...]) -> str | None:
    """ "Who am I talking to?", "with whom do I speak here?": no identity word needed.

    Not "who do I talk to (about a quote)?": that asks whom to contact, a person.
    """
    for position, token in enumerate(tokens):
        if token not in WHO:
            continue
        window = tokens[position + 1 : position + 1 + REACH + 1]
        verb = next((i for i, word in enumerate(window) if word.startswith(TALKING)), None)
        if verb is None or "i" not in window[:verb]:
            continue
        rest = tokens[position + 1 + verb + 1 :]
        # "Who do I talk to?" asks whom to contact; "…here?", "…right now?" who is here.
        present = "am" in window[:verb] or any(word in NOW for word in rest)
        if present and all(word in ENDINGS for word in rest):
            return " ".join(tokens[position : position + 1 + verb + 1])
    return None


def read_identity(
    kinds: dict[Q, tuple[float, str]], analysis: Analysis, phrases: PhraseTable | None = None
) -> str | None:
    """Keep the identity cue only where the question is put to us; return its words."""
    words = asks_who_answers(analysis, phrases)
    if words is None:
        kinds.pop(Q.IDENTITY, None)
    else:
        kinds[Q.IDENTITY] = (IDENTITY_POINTS, words)
    return words


def lower_all_but(board: Board, keep: str | None, words: str) -> None:
    """ "Is this an AI?" is not about AI inference APIs: everything else steps back."""
    for intent_id in board.items:
        if intent_id != keep:
            board.reasons[intent_id].append(Reason("asks who is answering", words, -ELSEWHERE))


def lower_unasked_identity(board: Board, entry: str | None) -> None:
    """ "You stupid bot": naming the bot without asking what it is gets no introduction.

    Only the entry's own phrases ("human or", "am I talking to…") or the grammar above ask it;
    the learned scorer's liking for the word "bot" alone does not.
    """
    if entry is None or entry not in board.items:
        return
    if any(r.rule == "cue" and r.points > 0 for r in board.reasons[entry]):
        return
    board.reasons[entry].append(Reason("who answers is not asked", "", -UNASKED))
