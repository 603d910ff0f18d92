"""Live handoff: a person joins the chat. Live chats, the widget's events, staff lines.

Adds the ``live_chats`` and ``conversation_events`` tables; staff messages in the transcript
(role ``staff`` with the author); staff availability and display names; outbox rows that
belong to a waiting conversation rather than a lead.

Revision ID: 0005_live_handoff
Revises: 0004_hardening
Create Date: 2026-12-01 23:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_live_handoff"
down_revision: str | None = "0004_hardening"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLES = ("visitor", "assistant")
LIVE_STATUSES = ("waiting", "held", "missed", "handed_back", "closed")
EVENT_KINDS = ("waiting", "claimed", "staff_message", "handed_back", "closed", "timed_out")


def string_enum(name: str, *values: str) -> sa.Enum:
    """Return a closed set stored as a short string with a CHECK constraint named ``name``."""
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=16)


def upgrade() -> None:
    """Apply this migration."""
    _create_live_chats()
    _create_events()
    with op.batch_alter_table("messages") as batch:
        batch.drop_constraint(op.f("ck_messages_message_role"), type_="check")
        batch.create_check_constraint(
            "message_role", sa.text("role IN " + _values(*ROLES, "staff"))
        )
        batch.add_column(sa.Column("author_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("author_name", sa.String(length=100), nullable=True))
        batch.create_foreign_key(
            "fk_messages_author_id_users", "users", ["author_id"], ["id"], ondelete="SET NULL"
        )
        batch.create_index("ix_messages_author_id", ["author_id"])
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("display_name", sa.String(length=100), nullable=True))
        batch.add_column(
            sa.Column("chat_available", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("chat_seen_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("outbox") as batch:
        batch.alter_column("lead_id", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("conversation_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_outbox_conversation_id_conversations",
            "conversations",
            ["conversation_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch.create_index("ix_outbox_conversation_id", ["conversation_id"])


def _values(*values: str) -> str:
    return "(" + ", ".join(f"'{value}'" for value in values) + ")"


def _create_live_chats() -> None:
    op.create_table(
        "live_chats",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("status", string_enum("live_status", *LIVE_STATUSES), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deadline_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_by", sa.Integer(), nullable=True),
        sa.Column("claimed_name", sa.String(length=100), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_live_chats_conversation_id_conversations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["claimed_by"],
            ["users.id"],
            name=op.f("fk_live_chats_claimed_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_live_chats")),
    )
    op.create_index("ix_live_chats_conversation_id", "live_chats", ["conversation_id"])
    op.create_index("ix_live_chats_claimed_by", "live_chats", ["claimed_by"])
    op.create_index("ix_live_chats_status_requested_at", "live_chats", ["status", "requested_at"])


def _create_events() -> None:
    op.create_table(
        "conversation_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("kind", string_enum("event_kind", *EVENT_KINDS), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author_name", sa.String(length=100), nullable=True),
        sa.Column("quick_replies", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_conversation_events_conversation_id_conversations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversation_events")),
    )
    op.create_index(
        "ix_conversation_events_conversation_id_id",
        "conversation_events",
        ["conversation_id", "id"],
    )


def downgrade() -> None:
    """Revert this migration (staff lines and waiting-conversation notifications are removed)."""
    op.execute("DELETE FROM outbox WHERE lead_id IS NULL")
    op.execute("DELETE FROM messages WHERE role = 'staff'")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_index("ix_outbox_conversation_id")
        batch.drop_constraint("fk_outbox_conversation_id_conversations", type_="foreignkey")
        batch.drop_column("conversation_id")
        batch.alter_column("lead_id", existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table("users") as batch:
        batch.drop_column("chat_seen_at")
        batch.drop_column("chat_available")
        batch.drop_column("display_name")
    with op.batch_alter_table("messages") as batch:
        batch.drop_index("ix_messages_author_id")
        batch.drop_constraint("fk_messages_author_id_users", type_="foreignkey")
        batch.drop_column("author_name")
        batch.drop_column("author_id")
        batch.drop_constraint(op.f("ck_messages_message_role"), type_="check")
        batch.create_check_constraint("message_role", sa.text("role IN " + _values(*ROLES)))
    op.drop_table("conversation_events")
    op.drop_table("live_chats")
