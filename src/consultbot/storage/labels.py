"""Show answers to people by the knowledge's titles and labels, never by ids.

A ``Labels`` is built from the lead form in service; stored submissions also keep the titles
they were given with (``LeadSubmission.display``), which win for that submission.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from consultbot.knowledge.lead_form import LeadForm


@dataclass(frozen=True, slots=True)
class Labels:
    """Question titles and choice labels by id."""

    questions: Mapping[str, str] = field(default_factory=dict)
    choices: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    @classmethod
    def from_form(cls, form: LeadForm | None) -> Labels:
        """Read the titles and labels of a lead form (none: ids are written as words)."""
        if form is None:
            return cls()
        return cls(
            questions={q.id: q.title for q in form.questions},
            choices={q.id: {c.id: c.label for c in q.choices} for q in form.questions},
        )

    def question(self, question_id: str) -> str:
        """Return a question's title."""
        return self.questions.get(question_id) or question_id.replace("_", " ").capitalize()

    def answer(self, question_id: str, value: str | None) -> str:
        """Return an answer as people read it: a choice's label, or the text as given."""
        if value is None:
            return ""
        return self.choices.get(question_id, {}).get(value, value)
