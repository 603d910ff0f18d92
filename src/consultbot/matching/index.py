"""Compile a KnowledgeBase into what matching needs: phrases, pages, the FAQ scorer.

Names, cue words and related words of every page go into one phrase table, so a page adds only
the names it brings; items are looked up in the page a question is about, and only the plain
FAQ intents are learned. Matching cost therefore does not grow with the number of pages.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from consultbot.knowledge.comparison import Comparison
from consultbot.knowledge.faq import QuestionKind
from consultbot.knowledge.schema import KnowledgeBase
from consultbot.matching.catalogue import (
    Item,
    ItemKind,
    Page,
    build_page,
    faq_item,
)
from consultbot.matching.english import English, english
from consultbot.matching.learned import LearnedScorer, MatchTarget, train_scorer
from consultbot.matching.normalize import normalize, tokenize
from consultbot.matching.phrases import PhraseTable, Role, Sense, fold_all
from consultbot.matching.typos import TypoCorrector

DEFAULT_THRESHOLD = 0.5
DEFAULT_MARGIN = 0.05
LONG_NAME_WORDS = 2


@dataclass(frozen=True, slots=True)
class ConfidenceCutoffs:
    """The fallback threshold on confidence, and the margin under which two are too close."""

    threshold: float = DEFAULT_THRESHOLD
    margin: float = DEFAULT_MARGIN


@dataclass(frozen=True, slots=True)
class FrameworkInfo:
    """A framework or tool: its display name, and the pages that compare it."""

    id: str
    name: str
    tool: bool
    pages: tuple[str, ...]


@dataclass(frozen=True, slots=True, eq=False)
class MatcherIndex:
    """Everything needed to match a message, built once per knowledge version."""

    phrases: PhraseTable
    weak_names: frozenset[tuple[str, ...]]
    pages: Mapping[str, Page]
    frameworks: Mapping[str, FrameworkInfo]
    faq: LearnedScorer
    faq_items: Mapping[str, Item]
    faq_kinds: Mapping[QuestionKind, str]
    faq_with_kinds: Mapping[str, frozenset[QuestionKind]]
    # What "it" means right after an entry's answer, as words ("consultation").
    faq_topics: Mapping[str, tuple[str, ...]]
    chatter: frozenset[str]
    # Greetings, thanks, goodbyes: small talk that asks nothing of a kind ("am I talking to a
    # bot?" has the identity kind).
    pleasantries: frozenset[str]
    faq_labels: Mapping[str, int]
    faq_words: Mapping[str, frozenset[str]]
    texts: Mapping[str, Mapping[str, tuple[tuple[str, float], ...]]]
    long_names: Mapping[str, Mapping[str, tuple[frozenset[str], ...]]]
    corrector: TypoCorrector
    shorthand: Mapping[str, tuple[str, ...]]
    known: frozenset[str]
    # Common words of topics the pages do not cover: foreign all the same ("security").
    elsewhere: frozenset[str]
    english: English
    settings: ConfidenceCutoffs = field(default_factory=ConfidenceCutoffs)

    def page(self, comparison_id: str | None) -> Page | None:
        """Return a comparison's page, if it exists."""
        return self.pages.get(comparison_id) if comparison_id else None


def compile_index(kb: KnowledgeBase) -> MatcherIndex:
    """Build the index for a knowledge base, with its calibrated settings when it has them."""
    shorthand = {
        key.casefold(): tuple(tokenize(normalize(value)))
        for key, value in (kb.vocabulary.shorthand.items() if kb.vocabulary else ())
    }
    # Fillers ("lol", "kinda", "actually") are read as nothing: "what even is X" is "what is X".
    shorthand.update(dict.fromkeys(kb.vocabulary.fillers if kb.vocabulary else (), ()))
    table: dict[tuple[str, ...], list[Sense]] = {}
    vocabulary: set[str] = set()

    def add(phrases: Iterable[str], sense: Sense) -> None:
        for phrase in phrases:
            surface = _phrase_tokens(phrase, shorthand)
            vocabulary.update(surface)
            tokens = fold_all(surface)
            if tokens and sense not in table.setdefault(tokens, []):
                table[tokens].append(sense)

    words = english()
    weak: set[tuple[str, ...]] = set()
    for cue in kb.cues:
        target = f"intent:{cue.intent}" if cue.intent else str(cue.kind)
        add(cue.phrases, Sense(Role.CUE, target))
        add(cue.hints, Sense(Role.HINT, target))
    for framework in kb.frameworks:
        names = (framework.id, framework.name, *framework.aliases)
        add(names, Sense(Role.FRAMEWORK, framework.id))
        own = _phrase_tokens(framework.name, shorthand)
        for alias in framework.aliases:
            tokens = _phrase_tokens(alias, shorthand)
            # "go", "express", "gin": an English word is a name only where it reads as one.
            if len(tokens) == 1 and tokens != own and tokens[0] in words.words:
                weak.add(fold_all(tokens))
    for comparison in kb.comparisons:
        for key, names, related in _item_phrases(comparison):
            add(names, Sense(Role.NAME, key))
            add(related, Sense(Role.RELATED, key))
    _promote_related(table)
    pages = {c.id: build_page(kb, c) for c in kb.comparisons}
    frameworks = {
        f.id: FrameworkInfo(
            f.id,
            f.name,
            f.kind == "tool",
            tuple(c.id for c in kb.comparisons if f.id in c.frameworks),
        )
        for f in kb.frameworks
    }
    faq = train_scorer([MatchTarget(i.id, i.examples, i.title or "") for i in kb.intents])
    framework_words = {
        word
        for phrase, senses in table.items()
        if any(sense.role is Role.FRAMEWORK for sense in senses)
        for word in phrase
    }
    for intent in kb.intents:
        for example in intent.examples:
            vocabulary.update(_phrase_tokens(example, shorthand))
    known = set(vocabulary)
    for text in _texts(kb):
        known.update(tokenize(normalize(text)))
    elsewhere = frozenset(kb.vocabulary.elsewhere if kb.vocabulary else ())
    known -= elsewhere
    texts = {c.id: _text_words(c, words, framework_words) for c in kb.comparisons}
    long_names = {c.id: _long_names(c, words, shorthand) for c in kb.comparisons}
    settings = ConfidenceCutoffs()
    if kb.matcher is not None:
        settings = ConfidenceCutoffs(threshold=kb.matcher.threshold, margin=kb.matcher.margin)
    return MatcherIndex(
        phrases={phrase: tuple(senses) for phrase, senses in table.items()},
        weak_names=frozenset(weak),
        pages=pages,
        frameworks=frameworks,
        faq=faq,
        faq_items={i.id: faq_item(i) for i in kb.intents},
        faq_kinds={i.kind: i.id for i in kb.intents if i.kind is not None},
        faq_labels={target.intent_id: n for n, target in enumerate(faq.targets)},
        chatter=frozenset(f"intent:{i.id}" for i in kb.intents if not i.suggest),
        pleasantries=frozenset(i.id for i in kb.intents if not i.suggest and i.kind is None),
        faq_topics={
            i.id: tuple(tokenize(normalize(i.topic))) for i in kb.intents if i.topic is not None
        },
        faq_with_kinds={
            cue.intent: frozenset(cue.with_kinds)
            for cue in kb.cues
            if cue.intent is not None and cue.with_kinds
        },
        faq_words={
            i.id: frozenset(
                word
                for example in i.examples
                for word in fold_all(_phrase_tokens(example, shorthand))
                if word not in words.function and word not in framework_words
            )
            for i in kb.intents
        },
        texts=texts,
        long_names=long_names,
        corrector=TypoCorrector(vocabulary, words.words, known),
        shorthand=shorthand,
        known=frozenset(known),
        elsewhere=elsewhere,
        english=words,
        settings=settings,
    )


def _promote_related(table: dict[tuple[str, ...], list[Sense]]) -> None:
    """Read "current version" as a name when it contains one of the same item's names."""
    for phrase, senses in table.items():
        for sense in list(senses):
            if sense.role is not Role.RELATED or len(phrase) < 2:
                continue
            name = Sense(Role.NAME, sense.target)
            if any(
                name in table.get(phrase[i:j], ())
                for i in range(len(phrase))
                for j in range(i + 1, len(phrase) + 1)
                if (i, j) != (0, len(phrase))
            ):
                senses[senses.index(sense)] = name


def _phrase_tokens(phrase: str, shorthand: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    tokens: list[str] = []
    for token in tokenize(normalize(phrase)):
        tokens.extend(shorthand.get(token, (token,)))
    return tuple(tokens)


def _item_phrases(
    comparison: Comparison,
) -> Iterator[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """Yield each item's key, its names (title and aliases) and its related words."""
    for c in comparison.criteria:
        yield f"{ItemKind.CRITERION}:{c.id}", (c.name, *c.aliases), c.related
    for m in comparison.metrics:
        yield f"{ItemKind.METRIC}:{m.id}", (m.name, *m.aliases), m.related
    for u in comparison.use_cases:
        yield f"{ItemKind.USE_CASE}:{u.id}", (u.title, *u.aliases), u.related
    for s in comparison.time_savings:
        yield f"{ItemKind.SAVING}:{s.id}", (s.title, *s.aliases), s.related
    for p in comparison.pitfalls:
        yield f"{ItemKind.PITFALL}:{p.id}", (p.title, *p.aliases), p.related
    for n in comparison.neither_fits:
        yield f"{ItemKind.NEITHER}:{n.id}", (n.title, *n.aliases), n.related
    for a in comparison.alternatives:
        yield f"{ItemKind.ALTERNATIVE}:{a.framework}", (), a.related
    if comparison.migration is not None:
        for t in comparison.migration.tiers:
            yield f"{ItemKind.TIER}:{t.id}", (t.name, t.description, *t.aliases), t.related


def _long_names(
    comparison: Comparison, english: English, shorthand: Mapping[str, tuple[str, ...]]
) -> dict[str, tuple[frozenset[str], ...]]:
    """Return, per item, the content words of each of its names that has two or more."""
    found: dict[str, list[frozenset[str]]] = {}
    for key, names, _ in _item_phrases(comparison):
        for name in names:
            content = frozenset(
                word
                for word in fold_all(_phrase_tokens(name, shorthand))
                if word not in english.function
            )
            if len(content) >= LONG_NAME_WORDS:
                found.setdefault(key, []).append(content)
    return {key: tuple(names) for key, names in found.items()}


def _text_words(
    comparison: Comparison, english: English, skip: set[str]
) -> dict[str, tuple[tuple[str, float], ...]]:
    """Index the words of each item's own text, weighted by how few items use them.

    "Nightly jobs" names no item, yet "scheduled job" is in the text of the item about scripts:
    a rare word shared with one item's text is weak evidence for it.
    """
    documents: dict[str, set[str]] = {}
    for key, text in _item_texts(comparison):
        words = {
            word
            for word in fold_all(tokenize(normalize(text)))
            if word.isalpha() and len(word) > 2 and word not in english.common
        }
        documents[key] = words - skip
    frequency: dict[str, int] = {}
    for words in documents.values():
        for word in words:
            frequency[word] = frequency.get(word, 0) + 1
    total = max(1, len(documents))
    index: dict[str, list[tuple[str, float]]] = {}
    for key, words in documents.items():
        for word in words:
            weight = math.log(1 + total / frequency[word]) / math.log(1 + total)
            index.setdefault(word, []).append((key, round(weight, 3)))
    return {word: tuple(entries) for word, entries in index.items()}


def _item_texts(comparison: Comparison) -> Iterator[tuple[str, str]]:
    """Yield each item's key and its own prose."""
    for c in comparison.criteria:
        yield f"{ItemKind.CRITERION}:{c.id}", c.why
    for m in comparison.metrics:
        yield f"{ItemKind.METRIC}:{m.id}", " ".join((*m.values.values(), m.note or ""))
    for u in comparison.use_cases:
        yield f"{ItemKind.USE_CASE}:{u.id}", u.why
    for s in comparison.time_savings:
        yield f"{ItemKind.SAVING}:{s.id}", f"{s.saving} {s.detail}"
    for p in comparison.pitfalls:
        yield f"{ItemKind.PITFALL}:{p.id}", f"{p.problem} {p.advice}"
    for n in comparison.neither_fits:
        yield f"{ItemKind.NEITHER}:{n.id}", f"{n.when} {n.advice}"
    for a in comparison.alternatives:
        yield f"{ItemKind.ALTERNATIVE}:{a.framework}", f"{a.best_for} {a.gotcha}"
    if comparison.migration is not None:
        # What every estimate includes ("QA", "contingency") belongs to the migration overview.
        yield str(ItemKind.MIGRATION), " ".join(comparison.migration.includes) + " contingency"
        for t in comparison.migration.tiers:
            parts = (t.description, t.approach or "", *t.dominated_by, *t.notes)
            yield f"{ItemKind.TIER}:{t.id}", " ".join(parts)


def _texts(kb: KnowledgeBase) -> Iterator[str]:
    """Yield every piece of text in the knowledge: its words are the domain's words."""
    stack: list[object] = [kb.model_dump(exclude={"matcher"})]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list | tuple):
            stack.extend(value)
