"""Keep every completed form as a submission under one lead per email, with rule-made history.

Each existing lead becomes a lead with one submission holding its answers, score, spam marks,
consent time and the transcript of its conversation (the consent wording was not recorded
before this revision, and says so). Leads whose addresses are one person's (the same address
ignoring case) are merged into the oldest: their submissions, history, notes and
notifications move to it, and it takes the status sales gave most recently, recorded in the
history as a rule. Only then does the unique key on the email key go on.

Downgrading keeps each lead with its latest submission's consent time and spam reasons and
drops the submissions; merged leads stay merged.

Revision ID: 0003_lead_submissions
Revises: 0002_spam_signals
Create Date: 2026-12-01 21:05:29
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0003_lead_submissions"
down_revision: str | None = "0002_spam_signals"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNRECORDED_CONSENT = "(stored before consent wording was recorded)"
MERGE_RULE = "merged leads with one email address"


def upgrade() -> None:
    """Apply this migration."""
    op.create_table(
        "lead_submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=True),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("display", sa.JSON(), nullable=False),
        sa.Column("page_url", sa.String(length=2048), nullable=True),
        sa.Column("comparison_id", sa.String(length=100), nullable=True),
        sa.Column("transcript", sa.JSON(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("score_details", sa.JSON(), nullable=False),
        sa.Column("is_spam", sa.Boolean(), nullable=False),
        sa.Column("spam_reasons", sa.JSON(), nullable=False),
        sa.Column("consent_text", sa.Text(), nullable=False),
        sa.Column("consent_version", sa.String(length=64), nullable=False),
        sa.Column("consented_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_lead_submissions_conversation_id_conversations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["lead_id"],
            ["leads.id"],
            name=op.f("fk_lead_submissions_lead_id_leads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lead_submissions")),
        sa.UniqueConstraint("lead_id", "number", name=op.f("uq_lead_submissions_lead_id_number")),
    )
    op.create_index(
        op.f("ix_lead_submissions_conversation_id"), "lead_submissions", ["conversation_id"]
    )
    with op.batch_alter_table("lead_status_changes") as batch:
        batch.add_column(sa.Column("rule", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("submission_id", sa.Integer(), nullable=True))
        batch.create_index(batch.f("ix_lead_status_changes_submission_id"), ["submission_id"])
        batch.create_foreign_key(
            batch.f("fk_lead_status_changes_submission_id_lead_submissions"),
            "lead_submissions",
            ["submission_id"],
            ["id"],
            ondelete="SET NULL",
        )
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("submission_id", sa.Integer(), nullable=True))
        batch.create_index(batch.f("ix_outbox_submission_id"), ["submission_id"])
        batch.create_foreign_key(
            batch.f("fk_outbox_submission_id_lead_submissions"),
            "lead_submissions",
            ["submission_id"],
            ["id"],
            ondelete="CASCADE",
        )
    with op.batch_alter_table("leads") as batch:
        batch.add_column(sa.Column("email_key", sa.String(length=320), nullable=True))
        batch.add_column(
            sa.Column("submission_count", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("last_submitted_at", sa.DateTime(timezone=True), nullable=True))
    _move_leads_to_submissions(op.get_bind())
    with op.batch_alter_table("leads") as batch:
        batch.alter_column("email_key", existing_type=sa.String(length=320), nullable=False)
        batch.alter_column(
            "last_submitted_at", existing_type=sa.DateTime(timezone=True), nullable=False
        )
        batch.alter_column("submission_count", server_default=None, existing_type=sa.Integer())
        batch.drop_index("ix_leads_email_created_at")
        batch.create_index(batch.f("ix_leads_last_submitted_at"), ["last_submitted_at"])
        batch.create_unique_constraint(batch.f("uq_leads_email_key"), ["email_key"])
        batch.drop_column("consented_at")
        batch.drop_column("spam_reasons")


def _tables(connection: sa.Connection) -> dict[str, sa.Table]:
    metadata = sa.MetaData()
    names = ("leads", "lead_submissions", "messages", "lead_status_changes", "lead_notes")
    tables = {name: sa.Table(name, metadata, autoload_with=connection) for name in names}
    tables["outbox"] = sa.Table("outbox", metadata, autoload_with=connection)
    return tables


def _aware(value: Any) -> Any:
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def _move_leads_to_submissions(connection: sa.Connection) -> None:
    """Give every lead its submission, then merge the leads that share an email key."""
    t = _tables(connection)
    leads, submissions = t["leads"], t["lead_submissions"]
    rows = connection.execute(sa.select(leads).order_by(leads.c.created_at, leads.c.id)).all()
    groups: dict[str, list[Any]] = {}
    for lead in rows:
        groups.setdefault(lead.email.strip().casefold(), []).append(lead)
    for key, group in groups.items():
        kept = group[0]
        for number, lead in enumerate(group, start=1):
            messages = t["messages"]
            transcript = [
                {"role": m.role, "text": m.text, "at": _aware(m.created_at).isoformat()}
                for m in connection.execute(
                    sa.select(messages.c.role, messages.c.text, messages.c.created_at)
                    .where(messages.c.conversation_id == lead.conversation_id)
                    .order_by(messages.c.id)
                )
            ]
            connection.execute(
                submissions.insert().values(
                    lead_id=kept.id,
                    number=number,
                    conversation_id=lead.conversation_id,
                    answers=lead.answers or {},
                    display=[],
                    page_url=lead.page_url,
                    comparison_id=None,
                    transcript=transcript,
                    score=lead.score,
                    score_details={"score": lead.score, "rules": lead.score_reasons or []},
                    is_spam=bool(lead.spam_reasons),
                    spam_reasons=lead.spam_reasons or [],
                    consent_text=UNRECORDED_CONSENT,
                    consent_version="",
                    consented_at=_aware(lead.consented_at),
                    created_at=_aware(lead.consented_at),
                )
            )
        latest = max(group, key=lambda lead: (_aware(lead.updated_at), lead.id))
        if len(group) > 1:
            _merge(connection, t, kept, group, latest)
        connection.execute(
            leads.update()
            .where(leads.c.id == kept.id)
            .values(
                email_key=key,
                submission_count=len(group),
                last_submitted_at=_aware(max(lead.consented_at for lead in group)),
            )
        )


def _merge(
    connection: sa.Connection, t: dict[str, sa.Table], kept: Any, group: list[Any], latest: Any
) -> None:
    """Move the other leads' rows to the kept lead, delete them, keep the latest status."""
    others = [lead.id for lead in group if lead.id != kept.id]
    for name in ("lead_status_changes", "lead_notes", "outbox"):
        table = t[name]
        connection.execute(
            table.update().where(table.c.lead_id.in_(others)).values(lead_id=kept.id)
        )
    leads = t["leads"]
    newest = group[-1]
    values = {
        column: getattr(newest, column)
        for column in ("name", "email", "company", "project_kind", "stack", "size", "timeline",
                       "budget", "details", "answers", "score", "score_reasons", "page_url",
                       "conversation_id")
    }  # fmt: skip
    values.update(status=latest.status, is_spam=latest.is_spam)
    connection.execute(leads.update().where(leads.c.id == kept.id).values(**values))
    if latest.status != kept.status:
        connection.execute(
            t["lead_status_changes"]
            .insert()
            .values(
                lead_id=kept.id,
                from_status=kept.status,
                to_status=latest.status,
                rule=MERGE_RULE,
                changed_at=datetime.now(UTC),
            )
        )
    connection.execute(leads.delete().where(leads.c.id.in_(others)))


def downgrade() -> None:
    """Revert this migration (each lead keeps only what its latest submission says)."""
    with op.batch_alter_table("leads") as batch:
        batch.add_column(
            sa.Column("spam_reasons", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )
        batch.add_column(sa.Column("consented_at", sa.DateTime(timezone=True), nullable=True))
    connection = op.get_bind()
    metadata = sa.MetaData()
    leads = sa.Table("leads", metadata, autoload_with=connection)
    submissions = sa.Table("lead_submissions", metadata, autoload_with=connection)
    for lead_id, last in connection.execute(sa.select(leads.c.id, leads.c.last_submitted_at)):
        latest = connection.execute(
            sa.select(submissions.c.consented_at, submissions.c.spam_reasons)
            .where(submissions.c.lead_id == lead_id)
            .order_by(submissions.c.number.desc())
            .limit(1)
        ).first()
        connection.execute(
            leads.update()
            .where(leads.c.id == lead_id)
            .values(
                consented_at=_aware(latest.consented_at if latest else last),
                spam_reasons=latest.spam_reasons if latest else [],
            )
        )
    with op.batch_alter_table("leads") as batch:
        batch.alter_column("consented_at", existing_type=sa.DateTime(timezone=True), nullable=False)
        batch.drop_constraint("uq_leads_email_key", type_="unique")
        batch.drop_index("ix_leads_last_submitted_at")
        batch.create_index("ix_leads_email_created_at", ["email", "created_at"])
        batch.drop_column("last_submitted_at")
        batch.drop_column("submission_count")
        batch.drop_column("email_key")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_constraint("fk_outbox_submission_id_lead_submissions", type_="foreignkey")
        batch.drop_index("ix_outbox_submission_id")
        batch.drop_column("submission_id")
    with op.batch_alter_table("lead_status_changes") as batch:
        batch.drop_constraint(
            "fk_lead_status_changes_submission_id_lead_submissions", type_="foreignkey"
        )
        batch.drop_index("ix_lead_status_changes_submission_id")
        batch.drop_column("submission_id")
        batch.drop_column("rule")
    op.drop_index("ix_lead_submissions_conversation_id", table_name="lead_submissions")
    op.drop_table("lead_submissions")
