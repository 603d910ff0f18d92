"""A live chat the visitor withdrew: they said goodbye or stopped waiting before anyone joined.

Widens the ``live_status`` CHECK constraint with ``withdrawn``; no row changes.

Revision ID: 0008_live_withdrawn
Revises: 0007_other_conversations
Create Date: 2026-12-02 09:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_live_withdrawn"
down_revision: str | None = "0007_other_conversations"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LIVE_STATUSES = ("waiting", "held", "missed", "handed_back", "closed")


def _values(*values: str) -> str:
    return "(" + ", ".join(f"'{value}'" for value in values) + ")"


def upgrade() -> None:
    """Apply this migration."""
    with op.batch_alter_table("live_chats") as batch:
        batch.drop_constraint(op.f("ck_live_chats_live_status"), type_="check")
        batch.create_check_constraint(
            "live_status", sa.text("status IN " + _values(*LIVE_STATUSES, "withdrawn"))
        )


def downgrade() -> None:
    """Revert this migration: withdrawn chats are kept as closed."""
    op.execute(sa.text("UPDATE live_chats SET status = 'closed' WHERE status = 'withdrawn'"))
    with op.batch_alter_table("live_chats") as batch:
        batch.drop_constraint(op.f("ck_live_chats_live_status"), type_="check")
        batch.create_check_constraint(
            "live_status", sa.text("status IN " + _values(*LIVE_STATUSES))
        )
