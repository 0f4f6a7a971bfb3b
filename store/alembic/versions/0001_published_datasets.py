"""Published datasets: their provenance, files, records and row reports.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "datasets",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("description", sa.String(500), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("mode", sa.String(10), nullable=False),
        sa.Column("replaces", sa.String(32), sa.ForeignKey("datasets.id"), nullable=True),
        sa.Column("superseded_by", sa.String(32), sa.ForeignKey("datasets.id"), nullable=True),
        sa.Column("superseded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("manage_key_hash", sa.String(200), nullable=False),
        sa.Column("publisher", sa.String(64), nullable=False),
        sa.Column("rows_used", sa.Integer, nullable=False),
        sa.Column("rows_rejected", sa.Integer, nullable=False),
        sa.Column("stored_bytes", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_datasets_publisher_time", "datasets", ["publisher", "published_at"])
    op.create_table(
        "dataset_files",
        sa.Column("dataset_id", sa.String(32), sa.ForeignKey("datasets.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("file_name", sa.String(500), nullable=False),
        sa.Column("size_bytes", sa.BigInteger, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("sheet", sa.String(500), nullable=False),
        sa.Column("rows_in_sheet", sa.Integer, nullable=False),
        sa.Column("counts", sa.JSON, nullable=False),
        sa.Column("columns", sa.JSON, nullable=False),
        sa.Column("mapping", sa.JSON, nullable=True),
        sa.Column("name_fixes", sa.JSON, nullable=False),
        sa.Column("settings", sa.JSON, nullable=False),
        sa.Column("report", sa.LargeBinary, nullable=False),
        sa.Column("original", sa.LargeBinary, nullable=True),
    )
    op.create_table(
        "dataset_records",
        sa.Column("dataset_id", sa.String(32), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("first_row", sa.Integer, primary_key=True),
        sa.Column("n_rows", sa.Integer, nullable=False),
        sa.Column("rows", sa.LargeBinary, nullable=False),
        sa.ForeignKeyConstraint(
            ["dataset_id", "position"], ["dataset_files.dataset_id", "dataset_files.position"], ondelete="CASCADE"
        ),
    )


def downgrade() -> None:
    op.drop_table("dataset_records")
    op.drop_table("dataset_files")
    op.drop_index("ix_datasets_publisher_time", "datasets")
    op.drop_table("datasets")
