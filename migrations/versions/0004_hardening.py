"""Revoke dashboard sessions server-side (a per-account session version); no login locks.

Logins are throttled per client address and account instead of locking the account, which
let anyone keep a known account locked; ``locked_until`` goes.

Revision ID: 0004_hardening
Revises: 0002_spam_signals
Create Date: 2026-12-01 21:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_hardening"
down_revision: str | None = "0003_lead_submissions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this migration."""
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("session_version", sa.Integer(), nullable=False, server_default="0")
        )
        batch.drop_column("locked_until")


def downgrade() -> None:
    """Revert this migration."""
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True))
        batch.drop_column("session_version")
