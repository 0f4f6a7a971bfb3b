"""The living register: proposals, approved changes (one per version) and the editors' audit log.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "register_proposals",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("target_scheme_id", sa.String(40), nullable=True),
        sa.Column("row", sa.JSON, nullable=False),
        sa.Column("report", sa.JSON, nullable=False),
        sa.Column("origin", sa.String(600), nullable=False),
        sa.Column("contact_email", sa.String(254), nullable=True),
        sa.Column("submitter", sa.String(64), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.String(254), nullable=True),
        sa.Column("reason", sa.String(1000), nullable=True),
        sa.Column("version", sa.Integer, nullable=True),
    )
    op.create_index("ix_register_proposals_status", "register_proposals", ["status", "id"])
    op.create_index("ix_register_proposals_submitter_time", "register_proposals", ["submitter", "submitted_at"])
    op.create_table(
        "register_changes",
        sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("editor", sa.String(254), nullable=False),
        sa.Column("proposal_id", sa.Integer, sa.ForeignKey("register_proposals.id"), nullable=True),
        sa.Column("scheme_id", sa.String(40), nullable=False),
        sa.Column("action", sa.String(10), nullable=False),
        sa.Column("before", sa.JSON, nullable=True),
        sa.Column("after", sa.JSON, nullable=True),
    )
    op.create_table(
        "register_audit",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("editor", sa.String(254), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("proposal_id", sa.Integer, sa.ForeignKey("register_proposals.id"), nullable=False),
        sa.Column("version", sa.Integer, nullable=True),
        sa.Column("before", sa.JSON, nullable=True),
        sa.Column("after", sa.JSON, nullable=True),
        sa.Column("reason", sa.String(1000), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("register_audit")
    op.drop_table("register_changes")
    op.drop_index("ix_register_proposals_submitter_time", "register_proposals")
    op.drop_index("ix_register_proposals_status", "register_proposals")
    op.drop_table("register_proposals")
