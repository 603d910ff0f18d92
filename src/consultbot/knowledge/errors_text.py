"""Turn pydantic's validation errors into sentences an editor can act on."""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from consultbot.knowledge import schema


def _all_field_names() -> frozenset[str]:
    names: set[str] = set()
    for model in vars(schema).values():
        if isinstance(model, type) and issubclass(model, BaseModel):
            names.update(model.model_fields)
    return frozenset(names)


FIELD_NAMES = _all_field_names()


def suggest(word: str, candidates: frozenset[str] | set[str] | list[str]) -> str:
    """Return a "did you mean" hint for a likely typo, or an empty string."""
    close = difflib.get_close_matches(str(word), sorted(candidates), n=1, cutoff=0.7)
    return f"; did you mean '{close[0]}'?" if close else ""


def describe(error: ErrorDetails) -> str:
    """Describe one validation error in editor words, ending with what was found."""
    kind = error["type"]
    context: dict[str, Any] = dict(error.get("ctx") or {})
    got = _show(error.get("input"))
    field = error["loc"][-1] if error["loc"] else ""
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return f"unknown key '{field}'{suggest(str(field), FIELD_NAMES)}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"expected a whole number (got {got})"
    if kind in ("float_parsing", "float_type"):
        return f"expected a number (got {got})"
    if kind in ("bool_parsing", "bool_type"):
        return f"expected yes/no (true or false) (got {got})"
    if kind == "string_type":
        return f"expected text (got {got})"
    if kind in ("string_too_short", "too_short") and not error.get("input"):
        return f"must not be empty (got {got})"
    if kind == "too_short":
        return f"needs at least {context.get('min_length', 1)} entries (got {got})"
    if kind == "string_pattern_mismatch":
        return (
            "an id must be lowercase letters, digits, '-' or '_', starting with a letter or "
            f"digit (got {got})"
        )
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return _describe_range(field, error, got)
    if kind == "literal_error":
        return f"must be one of {context.get('expected', '')} (got {got})"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a group of 'key: value' fields (got {got})"
    if kind in ("tuple_type", "list_type"):
        return f"expected a list of entries, each starting with '- ' (got {got})"
    return f"{error['msg']} (got {got})"


def _describe_range(field: Any, error: ErrorDetails, got: str) -> str:
    location = [part for part in error["loc"] if isinstance(part, str)]
    if "scores" in location:
        return f"score must be between 1 and 10 (got {got})"
    context = error.get("ctx") or {}
    bounds = {
        "greater_than_equal": f"at least {context.get('ge')}",
        "less_than_equal": f"at most {context.get('le')}",
        "greater_than": f"more than {context.get('gt')}",
        "less_than": f"less than {context.get('lt')}",
    }
    return f"must be {bounds[error['type']]} (got {got})"


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "a group of fields" if value else "an empty group"
    if isinstance(value, list | tuple):
        return "a list" if value else "an empty list"
    if value is None:
        return "nothing"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
