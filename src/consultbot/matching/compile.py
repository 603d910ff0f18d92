"""Compile a KnowledgeBase into the matcher index the service and the CLI use."""

from __future__ import annotations

from consultbot.matching.index import MatcherIndex, compile_index

__all__ = ["MatcherIndex", "compile_index"]
