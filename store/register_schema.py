"""The living register's tables: proposals, the approved changes that make each version, and the editors'
audit log. Their history is in alembic/versions/ (0002)."""

from __future__ import annotations

import sqlalchemy as sa

from store.schema import metadata

proposals = sa.Table(
    "register_proposals",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("kind", sa.String(12), nullable=False),  # new | correction
    sa.Column("target_scheme_id", sa.String(40), nullable=True),  # the row a correction changes
    sa.Column("row", sa.JSON, nullable=False),  # the register's columns, as written
    sa.Column("report", sa.JSON, nullable=False),  # the row report, as for an upload
    sa.Column("origin", sa.String(600), nullable=False),  # the form, or the uploaded file and row
    sa.Column("contact_email", sa.String(254), nullable=True),  # never shown publicly
    sa.Column("submitter", sa.String(64), nullable=False),  # sha256 of the proposing session's token
    sa.Column("status", sa.String(10), nullable=False),  # pending | approved | rejected
    sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("decided_by", sa.String(254), nullable=True),
    sa.Column("reason", sa.String(1000), nullable=True),
    sa.Column("version", sa.Integer, nullable=True),  # the register version its approval made
    sa.Index("ix_register_proposals_status", "status", "id"),
    sa.Index("ix_register_proposals_submitter_time", "submitter", "submitted_at"),
)

changes = sa.Table(
    "register_changes",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),  # 2, 3, …; version 1 is the seed
    sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("editor", sa.String(254), nullable=False),
    sa.Column("proposal_id", sa.Integer, sa.ForeignKey("register_proposals.id"), nullable=True),
    sa.Column("scheme_id", sa.String(40), nullable=False),
    sa.Column("action", sa.String(10), nullable=False),  # add | change | remove
    sa.Column("before", sa.JSON, nullable=True),  # the row before (null when added)
    sa.Column("after", sa.JSON, nullable=True),  # the row after (null when removed)
)

audit = sa.Table(
    "register_audit",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("editor", sa.String(254), nullable=False),
    sa.Column("action", sa.String(20), nullable=False),  # approve | edit and approve | reject
    sa.Column("proposal_id", sa.Integer, sa.ForeignKey("register_proposals.id"), nullable=False),
    sa.Column("version", sa.Integer, nullable=True),
    sa.Column("before", sa.JSON, nullable=True),
    sa.Column("after", sa.JSON, nullable=True),
    sa.Column("reason", sa.String(1000), nullable=True),
)
