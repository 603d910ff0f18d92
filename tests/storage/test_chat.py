"""Storing a chat's lead: the answers the lead's own columns take."""

from __future__ import annotations

import sqlalchemy as sa

from consultbot.knowledge.validate import KNOWN_QUESTIONS, REQUIRED_QUESTIONS
from consultbot.storage.chat import LEAD_COLUMNS
from consultbot.storage.models import Lead


def test_the_lead_columns_are_the_question_ids_the_knowledge_check_insists_on() -> None:
    # A question id misspelt here or there would leave a column empty for every lead; the
    # knowledge check refuses a form whose ids differ from these (or nearly spell one).
    assert set(LEAD_COLUMNS) == set(REQUIRED_QUESTIONS) | set(KNOWN_QUESTIONS)
    columns = set(sa.inspect(Lead).columns.keys())
    assert set(LEAD_COLUMNS) <= columns
