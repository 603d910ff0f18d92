"""Turn pydantic's validation errors into sentences an editor can act on."""

from __future__ import annotations

import datetime
import difflib
import types
from collections.abc import Iterable
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from consultbot.knowledge.fields import RULE_ERROR
from consultbot.knowledge.problems import Location

_QUOTE_HINT = "; put it in quotes if it is meant as text"


def suggest(word: str, candidates: Iterable[str]) -> str:
    """Return a "did you mean" hint for a likely typo, or an empty string."""
    close = difflib.get_close_matches(str(word), sorted(candidates), n=1, cutoff=0.7)
    return f"; did you mean '{close[0]}'?" if close else ""


def model_at(root: Any, location: Location) -> type[BaseModel] | None:
    """Return the model whose fields live at a location inside a value of type ``root``."""
    annotation = _unwrap(root)
    for part in location:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            field = annotation.model_fields.get(str(part))
            if field is None:
                return None
            annotation = _unwrap(field.annotation)
        elif get_origin(annotation) in (tuple, list) and isinstance(part, int):
            annotation = _unwrap(get_args(annotation)[0])
        elif get_origin(annotation) is dict:
            annotation = _unwrap(get_args(annotation)[1])
        else:
            return None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def _unwrap(annotation: Any) -> Any:
    """Strip ``Annotated`` and ``X | None`` down to the type that holds the fields."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            options = [arg for arg in get_args(annotation) if arg is not type(None)]
            annotation = options[0] if len(options) == 1 else annotation
            if len(options) != 1:
                return annotation
        else:
            return annotation


def describe(error: ErrorDetails, root: Any) -> str:
    """Describe one validation error in editor words, ending with what was found."""
    kind = error["type"]
    context: dict[str, Any] = dict(error.get("ctx") or {})
    value = error.get("input")
    got = show(value)
    location = error["loc"]
    field = location[-1] if location else ""
    if location and location[-1] == "[key]":
        return f"a key here must be text (got {got})"
    if kind == RULE_ERROR:
        return error["msg"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return _describe_unknown_key(str(field), model_at(root, location[:-1]))
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"expected a whole number (got {got})"
    if kind in ("float_parsing", "float_type"):
        return f"expected a number (got {got})"
    if kind in ("bool_parsing", "bool_type"):
        return f"expected yes or no (got {got})"
    if kind == "string_type":
        hint = _QUOTE_HINT if isinstance(value, int | float | datetime.date) else ""
        if isinstance(value, bool):
            hint = "; YAML reads a bare yes/no/true/false as a switch, so put it in quotes"
        return f"expected text (got {got}){hint}"
    if kind == "too_short" and field == "examples" and not value:
        return f"needs at least one example phrase (got {got})"
    if kind in ("string_too_short", "too_short") and not value:
        return f"must not be empty (got {got})"
    if kind == "too_short":
        least = context.get("min_length", 1)
        return f"needs at least {least} {'entry' if least == 1 else 'entries'} (got {got})"
    if kind == "string_too_long" and isinstance(value, str):
        most = context.get("max_length")
        return (
            f"is {len(value):,} characters long; keep it to {most} at most, a sentence or two "
            f"(got {got})"
        )
    if kind == "string_pattern_mismatch":
        return (
            "an id must be lowercase letters, digits, '-' or '_', starting with a letter or "
            f"digit (got {got})"
        )
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return _describe_range(error, got)
    if kind == "literal_error":
        return f"must be one of {context.get('expected', '')} (got {got})"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a group of 'key: value' fields (got {got})"
    if kind in ("tuple_type", "list_type"):
        return f"expected a list of entries, each starting with '- ' (got {got})"
    return f"{error['msg']} (got {got})"


def _describe_unknown_key(key: str, model: type[BaseModel] | None) -> str:
    """Name an unknown key with the likely intended one, or list the allowed keys."""
    if model is None:
        return f"unknown key '{key}'"
    fields = list(model.model_fields)
    hint = suggest(key, fields) or f"; the keys allowed here are {', '.join(fields)}"
    return f"unknown key '{key}'{hint}"


def _describe_range(error: ErrorDetails, got: str) -> str:
    """Describe a number outside its allowed range."""
    location = [part for part in error["loc"] if isinstance(part, str)]
    if "scores" in location or (
        location and location[-1] in ("min", "max") and "anchors" in location
    ):
        return f"score must be between 1 and 10 (got {got})"
    context = error.get("ctx") or {}
    bounds = {
        "greater_than_equal": f"at least {context.get('ge')}",
        "less_than_equal": f"at most {context.get('le')}",
        "greater_than": f"more than {context.get('gt')}",
        "less_than": f"less than {context.get('lt')}",
    }
    return f"must be {bounds[error['type']]} (got {got})"


def show(value: Any) -> str:
    """Write a value found in a file the way an editor would recognise it."""
    if isinstance(value, dict):
        return "a group of fields" if value else "an empty group"
    if isinstance(value, list | tuple):
        if not value:
            return "an empty list"
        text = repr(list(value))
        scalars = all(isinstance(item, str | int | float) for item in value)
        return text if scalars and len(text) <= 60 else f"a list of {len(value)}"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
