"""Compile a KnowledgeBase into the matcher index the service and the CLI use."""

from __future__ import annotations

from consultbot.knowledge.schema import KnowledgeBase
from consultbot.matching.index import MatcherIndex, MatcherSettings, build_index
from consultbot.matching.topics import targets_from_knowledge


def compile_index(kb: KnowledgeBase) -> MatcherIndex:
    """Build the index for a knowledge base, with its calibrated settings when it has them."""
    targets, lexicon = targets_from_knowledge(kb)
    settings = MatcherSettings()
    if kb.matcher is not None:
        settings = MatcherSettings(threshold=kb.matcher.threshold, margin=kb.matcher.margin)
    return build_index(targets, lexicon, settings)
