"""Situations the visitor describes in words of their own, read as the knowledge's phrases.

"Our team only writes JavaScript" is a team without Python ("not python"); "does FastAPI
produce its own docs?" asks about the automatic docs ("auto docs"); "our fraud-scoring model" is
a machine-learning model, not the ORM's database models. The knowledge decides which entry
answers: a rule adds nothing where no item has the phrase.
"""

from __future__ import annotations

from collections.abc import Mapping

from consultbot.knowledge.faq import QuestionKind as Q
from consultbot.matching.analysis import Analysis
from consultbot.matching.catalogue import Page
from consultbot.matching.evidence import CUE_POINTS, NAME_POINTS, Board, K
from consultbot.matching.index import MatcherIndex
from consultbot.matching.phrases import Role, fold_all

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


def read_described(
    index: MatcherIndex,
    board: Board,
    analysis: Analysis,
    page: Page,
    kinds: Mapping[Q, tuple[float, str]],
) -> None:
    """Apply every reading of this module."""
    team_without_python(index, board, analysis, page)
    docs_made_for_you(index, board, analysis, page)
    a_model_to_run(board, analysis, kinds)


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
