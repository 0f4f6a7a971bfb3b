"""The tables, as SQLAlchemy Core objects for queries. Their history is in alembic/versions/."""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

datasets = sa.Table(
    "datasets",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),  # secrets.token_urlsafe: the link is the capability
    sa.Column("title", sa.String(200), nullable=False),
    sa.Column("description", sa.String(500), nullable=False),
    sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("mode", sa.String(10), nullable=False),  # add | replace: how schemes meet the bundled register
    sa.Column("replaces", sa.String(32), sa.ForeignKey("datasets.id"), nullable=True),
    sa.Column("superseded_by", sa.String(32), sa.ForeignKey("datasets.id"), nullable=True),
    sa.Column("superseded_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("manage_key_hash", sa.String(200), nullable=False),
    sa.Column("publisher", sa.String(64), nullable=False),  # sha256 of the publishing session's token
    sa.Column("rows_used", sa.Integer, nullable=False),
    sa.Column("rows_rejected", sa.Integer, nullable=False),
    sa.Column("stored_bytes", sa.BigInteger, nullable=False),
    sa.Index("ix_datasets_publisher_time", "publisher", "published_at"),
)

files = sa.Table(
    "dataset_files",
    metadata,
    sa.Column("dataset_id", sa.String(32), sa.ForeignKey("datasets.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("file_name", sa.String(500), nullable=False),
    sa.Column("size_bytes", sa.BigInteger, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),  # schemes | spending
    sa.Column("sheet", sa.String(500), nullable=False),
    sa.Column("rows_in_sheet", sa.Integer, nullable=False),
    sa.Column("counts", sa.JSON, nullable=False),  # used, used with warning, rejected, skipped
    sa.Column("columns", sa.JSON, nullable=False),  # how each record's array is read back (store/frames.py)
    sa.Column("mapping", sa.JSON, nullable=True),  # the column mapping used; null for the department's layout
    sa.Column("name_fixes", sa.JSON, nullable=False),  # {name as written: council id}
    sa.Column("settings", sa.JSON, nullable=False),  # the other read settings (sheet, kind, default basis)
    sa.Column("report", sa.LargeBinary, nullable=False),  # the full row report, compressed JSON
    sa.Column("original", sa.LargeBinary, nullable=True),  # the uploaded bytes, when under the size limit
)

records = sa.Table(  # the validated records, in runs of rows: one INSERT per run keeps publishing fast
    "dataset_records",
    metadata,
    sa.Column("dataset_id", sa.String(32), primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("first_row", sa.Integer, primary_key=True),  # row number (0-based) of the run's first record
    sa.Column("n_rows", sa.Integer, nullable=False),
    sa.Column("rows", sa.LargeBinary, nullable=False),  # compressed JSON: arrays aligned with dataset_files.columns
    sa.ForeignKeyConstraint(
        ["dataset_id", "position"], ["dataset_files.dataset_id", "dataset_files.position"], ondelete="CASCADE"
    ),
)
