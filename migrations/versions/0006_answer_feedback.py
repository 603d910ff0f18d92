"""Visitors' thumbs on answers, each answer's margin, and the editors' changes from the inbox.

``messages`` gains the margin the matcher answered with (winner minus runner-up), and the
visitor's feedback on an assistant line. ``knowledge_edits`` records every change an editor
made from the inbox, with who and when; ``inbox_resolutions`` takes the wordings it covered
off their list until they are asked again.

Revision ID: 0006_answer_feedback
Revises: 0005_live_handoff
Create Date: 2026-12-01 23:45:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_answer_feedback"
down_revision: str | None = "0005_live_handoff"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=16)


def upgrade() -> None:
    """Apply this migration."""
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("margin", sa.Double(), nullable=True))
        batch.add_column(sa.Column("feedback", _enum("feedback", "up", "down"), nullable=True))
        batch.add_column(sa.Column("feedback_comment", sa.String(length=500), nullable=True))
        batch.add_column(sa.Column("feedback_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index("ix_messages_feedback_created_at", "messages", ["feedback", "created_at"])
    inboxes = ("unanswered", "disliked", "likely_wrong")
    op.create_table(
        "knowledge_edits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "action",
            _enum("edit_action", "example", "related", "alias", "cue", "dismiss"),
            nullable=False,
        ),
        sa.Column("inbox", _enum("inbox_list", *inboxes), nullable=False),
        sa.Column("wording", sa.Text(), nullable=False),
        sa.Column("item_id", sa.String(length=300), nullable=True),
        sa.Column("phrase", sa.String(length=300), nullable=True),
        sa.Column("file", sa.String(length=1000), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("user_email", sa.String(length=254), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_knowledge_edits_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_knowledge_edits")),
    )
    op.create_index(op.f("ix_knowledge_edits_user_id"), "knowledge_edits", ["user_id"])
    op.create_index(op.f("ix_knowledge_edits_created_at"), "knowledge_edits", ["created_at"])
    op.create_table(
        "inbox_resolutions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("edit_id", sa.Integer(), nullable=False),
        sa.Column("inbox", _enum("resolution_inbox", *inboxes), nullable=False),
        sa.Column("wording", sa.String(length=300), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["edit_id"],
            ["knowledge_edits.id"],
            name=op.f("fk_inbox_resolutions_edit_id_knowledge_edits"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox_resolutions")),
    )
    op.create_index(op.f("ix_inbox_resolutions_edit_id"), "inbox_resolutions", ["edit_id"])
    op.create_index(
        "ix_inbox_resolutions_wording_resolved_at", "inbox_resolutions", ["wording", "resolved_at"]
    )


def downgrade() -> None:
    """Revert this migration."""
    op.drop_table("inbox_resolutions")
    op.drop_table("knowledge_edits")
    op.drop_index("ix_messages_feedback_created_at", table_name="messages")
    with op.batch_alter_table("messages") as batch:
        batch.drop_constraint(op.f("ck_messages_feedback"), type_="check")
        batch.drop_column("feedback_at")
        batch.drop_column("feedback_comment")
        batch.drop_column("feedback")
        batch.drop_column("margin")
