"""Record spam signals: the honeypot on conversations, the reasons on leads.

Revision ID: 0002_spam_signals
Revises: 0001_initial
Create Date: 2026-11-25 17:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_spam_signals"
down_revision: str | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this migration."""
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("honeypot_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("leads") as batch:
        batch.add_column(
            sa.Column("spam_reasons", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )


def downgrade() -> None:
    """Revert this migration."""
    with op.batch_alter_table("leads") as batch:
        batch.drop_column("spam_reasons")
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("honeypot_at")
