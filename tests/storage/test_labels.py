"""Answers are shown by the form's titles and labels; without a form, ids read as words."""

from __future__ import annotations

from consultbot.knowledge.schema import KnowledgeBase
from consultbot.storage.labels import Labels


def test_the_shipped_form_gives_titles_and_choice_labels(kb: KnowledgeBase) -> None:
    labels = Labels.from_form(kb.lead_form)
    assert labels.question("project_kind") == "Project"
    assert labels.answer("project_kind", "new-build") == "A new build"
    assert labels.answer("size", "medium") == "Medium"


def test_free_text_and_unknown_choices_are_shown_as_given(kb: KnowledgeBase) -> None:
    labels = Labels.from_form(kb.lead_form)
    assert labels.answer("stack", "Django and Celery") == "Django and Celery"
    assert labels.answer("size", "gigantic") == "gigantic"
    assert labels.answer("no_such_question", "x") == "x"
    assert labels.answer("size", None) == ""


def test_without_a_form_ids_are_written_as_words() -> None:
    labels = Labels.from_form(None)
    assert labels == Labels()
    assert labels.question("project_kind") == "Project kind"
    assert labels.answer("project_kind", "new-build") == "new-build"


def test_a_question_the_form_does_not_know_reads_as_words(kb: KnowledgeBase) -> None:
    assert Labels.from_form(kb.lead_form).question("preferred_time") == "Preferred time"
