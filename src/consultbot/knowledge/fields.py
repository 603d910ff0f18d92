"""The field types every knowledge entry is built from, and errors shown to editors as written.

``Text`` (may carry links, bold and lists), ``WebAddress``, ``Id``, ``Score``; ``Entry`` is the
base of every entry (immutable, unknown keys refused); ``rule_error`` makes a validation error
whose message editors read as it is.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
)
from pydantic_core import PydanticCustomError

from consultbot.knowledge.markup import is_web_address, link_problems


def _links_go_to_web_addresses(text: str) -> str:
    """Refuse a [text](target) link whose target is not an http(s) address."""
    problems = link_problems(text)
    if problems:
        raise rule_error("; ".join(problems))
    return text


def _web_address(value: str) -> str:
    """Refuse an address a visitor's browser should not be sent to."""
    if not is_web_address(value.strip()):
        raise rule_error(
            "must be a full web address starting with https:// or http://, such as "
            f"https://www.example.com/book (got {value!r})"
        )
    return value.strip()


# Knowledge text: may carry links, bold and bullet lists (see consultbot.knowledge.markup).
Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1),
    AfterValidator(_links_go_to_web_addresses),
]
# A phrase visitors might type (an FAQ example, a cue): a question is a sentence or two, and the
# matcher weighs every word of every phrase, so a page-long phrase costs time and matches nothing.
MAX_PHRASE_CHARS = 500
Phrase = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_PHRASE_CHARS),
    AfterValidator(_links_go_to_web_addresses),
]
WebAddress = Annotated[str, AfterValidator(_web_address)]
Id = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[a-z0-9][a-z0-9_-]*$")]
Score = Annotated[int, Field(ge=1, le=10)]
RULE_ERROR = "knowledge_rule"


def rule_error(message: str) -> PydanticCustomError:
    """Return a validation error whose message is shown to editors as written."""
    return PydanticCustomError(RULE_ERROR, message)


def check_max(value: int, info: ValidationInfo) -> int:
    """Refuse a range whose max is below its min."""
    low = info.data.get("min")
    if low is not None and value < low:
        raise rule_error(f"max must not be below min (got min {low}, max {value})")
    return value


class Entry(BaseModel):
    """Base for every knowledge entry: immutable, and unknown keys are errors (likely typos)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
