"""Dashboard login attempts, so the failed-login limits hold across workers without Redis.

A new table only: each attempt's client address, the email typed in and when. Failures stay
for the longest window of the limits; successes are deleted at once.

Revision ID: 0009_login_attempts
Revises: 0008_live_withdrawn
Create Date: 2026-12-02 10:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_login_attempts"
down_revision: str | None = "0008_live_withdrawn"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this migration."""
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_attempts")),
    )
    op.create_index("ix_login_attempts_address_at", "login_attempts", ["address", "at"])
    op.create_index(op.f("ix_login_attempts_at"), "login_attempts", ["at"])


def downgrade() -> None:
    """Revert this migration."""
    op.drop_table("login_attempts")
