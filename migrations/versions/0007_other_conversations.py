"""Leads count the genuine submissions made with their address from another conversation.

Such a submission is stored under the lead but never shown as its answers (anyone may type an
address); the list and the CSV flag the lead with this count. Existing leads are counted from
their submissions: those whose conversation is not the one of the lead's first submission.

Revision ID: 0007_other_conversations
Revises: 0006_answer_feedback
Create Date: 2026-12-02 07:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_other_conversations"
down_revision: str | None = "0006_answer_feedback"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this migration."""
    with op.batch_alter_table("leads") as batch:
        batch.add_column(
            sa.Column(
                "other_conversation_submissions",
                sa.Integer(),
                server_default="0",
                nullable=False,
            )
        )
    leads = sa.table("leads", sa.column("id"), sa.column("other_conversation_submissions"))
    later = sa.table(
        "lead_submissions",
        sa.column("lead_id"),
        sa.column("number"),
        sa.column("conversation_id"),
        sa.column("is_spam"),
    ).alias("later")
    first = later.element.alias("first")
    first_conversation = (
        sa.select(first.c.conversation_id)
        .where(first.c.lead_id == leads.c.id, first.c.number == 1)
        .correlate(leads)
        .scalar_subquery()
    )
    count = (
        sa.select(sa.func.count())
        .select_from(later)
        .where(
            later.c.lead_id == leads.c.id,
            later.c.is_spam == sa.false(),
            later.c.conversation_id.is_distinct_from(first_conversation),
        )
        .correlate(leads)
        .scalar_subquery()
    )
    op.execute(sa.update(leads).values(other_conversation_submissions=count))


def downgrade() -> None:
    """Revert this migration."""
    with op.batch_alter_table("leads") as batch:
        batch.drop_column("other_conversation_submissions")
