"""What an answer is about, written as the id the matcher, transcripts and editors' tools use.

Four shapes, ids being slugs without a slash:

- ``pricing``: a plain FAQ intent;
- ``framework/django``: what a framework or tool is;
- ``django-vs-fastapi/verdict``: an overview of a comparison (the verdict, the pitfalls...);
- ``django-vs-fastapi/criterion/api-performance``: one item of a comparison.
"""

from __future__ import annotations

from dataclasses import dataclass

FRAMEWORK = "framework"
FAQ = "faq"
SEPARATOR = "/"


@dataclass(frozen=True, slots=True)
class ItemRef:
    """A reference to one answerable thing: its comparison (if any), its kind and its id."""

    comparison: str | None
    kind: str
    id: str | None

    @classmethod
    def faq(cls, intent_id: str) -> ItemRef:
        """Return the reference of a plain FAQ intent."""
        return cls(None, FAQ, intent_id)

    @classmethod
    def framework(cls, framework_id: str) -> ItemRef:
        """Return the reference of a framework's "what is it" answer."""
        return cls(None, FRAMEWORK, framework_id)

    @classmethod
    def topic(cls, comparison_id: str, kind: str, item_id: str | None = None) -> ItemRef:
        """Return the reference of a comparison's item, or of its overview without an item id."""
        return cls(comparison_id, kind, item_id or None)

    @classmethod
    def parse(cls, text: str) -> ItemRef:
        """Read an id in one of the four shapes; raise ValueError for anything else."""
        parts = text.split(SEPARATOR)
        if len(parts) > 3:
            raise ValueError(f"not an item reference: {text!r}")
        if len(parts) == 1:
            return cls.faq(parts[0])
        if len(parts) == 2 and parts[0] == FRAMEWORK:
            return cls.framework(parts[1])
        return cls.topic(*parts)

    @property
    def is_faq(self) -> bool:
        """Return True for a plain FAQ intent."""
        return self.comparison is None and self.kind == FAQ

    @property
    def is_framework(self) -> bool:
        """Return True for a framework's "what is it" answer."""
        return self.comparison is None and self.kind == FRAMEWORK

    def __post_init__(self) -> None:
        parts = (self.comparison, self.kind, self.id)
        if any(part is not None and (not part or SEPARATOR in part) for part in parts):
            raise ValueError(f"an item reference's parts are ids without {SEPARATOR!r}: {parts}")
        if self.comparison is None and (self.kind not in (FAQ, FRAMEWORK) or self.id is None):
            raise ValueError(f"only a comparison's overview has no id; got {parts}")

    def __str__(self) -> str:
        if self.comparison is not None:
            parts: tuple[str | None, ...] = (self.comparison, self.kind, self.id)
        elif self.kind == FRAMEWORK:
            parts = (self.kind, self.id)
        else:
            parts = (self.id,)
        return SEPARATOR.join(part for part in parts if part is not None)
