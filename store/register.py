"""The living register in the database: proposals from visitors, editors' decisions, the approved changes
that make each version, and the audit log of every editor action. Version 1 is the bundled seed file
and is never stored; each approval adds one change and so one version."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

import pandas as pd
import sqlalchemy as sa

from analysis.curation.versions import SEED_VERSION, Change, clean_row
from analysis.uploads.report import REPORT_COLUMNS
from store.engine import as_utc, transaction
from store.errors import LimitReached, StoreProblem
from store.register_schema import audit, changes, proposals

Kind = Literal["new", "correction"]
Status = Literal["pending", "approved", "rejected"]
REASON_MAX = 1000


class RegisterConflict(StoreProblem):
    """The register or the proposal changed while an editor was looking at it."""


@dataclass(frozen=True)
class ProposalRequest:
    kind: Kind
    row: dict[str, str]  # the register's columns, as written
    report: pd.DataFrame  # the row report
    origin: str  # "proposal form", or the uploaded file and its row
    submitter: str  # the proposing session's random token (stored hashed)
    target_scheme_id: str | None = None  # for a correction
    contact_email: str | None = None


@dataclass(frozen=True)
class Proposal:
    id: int
    submitted_at: datetime
    kind: Kind
    target_scheme_id: str | None
    row: dict[str, str]
    report: pd.DataFrame
    origin: str
    contact_email: str | None  # for editors only: never shown publicly
    status: Status
    decided_at: datetime | None
    decided_by: str | None
    reason: str | None
    version: int | None


@dataclass(frozen=True)
class ChangeEntry:
    version: int
    made_at: datetime
    editor: str
    proposal_id: int | None
    scheme_id: str
    action: str
    before: dict[str, str] | None
    after: dict[str, str] | None

    def as_change(self) -> Change:
        return Change(self.version, self.scheme_id, self.action, self.after)  # type: ignore[arg-type]


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    editor: str
    action: str
    proposal_id: int
    version: int | None
    before: dict[str, str] | None
    after: dict[str, str] | None
    reason: str | None


def _records(report: pd.DataFrame) -> list[dict[str, Any]]:
    return json.loads(report.to_json(orient="records")) if len(report) else []


def _report(records: list[dict[str, Any]]) -> pd.DataFrame:
    """A stored row report as an upload's. Reports stored before the row's outcome was named `outcome`
    call it `status` and have no `code`."""
    rows = [{("outcome" if k == "status" else k): v for k, v in r.items()} for r in records]
    return pd.DataFrame(rows, columns=REPORT_COLUMNS)


def new_scheme_id(proposal_id: int) -> str:
    """The id a scheme added by a proposal keeps in every later version."""
    return f"P{proposal_id:04d}"


class RegisterStore:
    """Proposals, versions and the audit log in the store's database. Thread-safe."""

    def __init__(self, engine: sa.Engine, url: str, proposals_per_hour: int = 10) -> None:
        self.engine, self.url, self.proposals_per_hour = engine, url, proposals_per_hour

    @contextmanager
    def _connection(self, doing: str, write: bool = False) -> Iterator[sa.Connection]:
        try:
            with transaction(self.engine, self.url, doing, write) as conn:
                yield conn
        except sa.exc.IntegrityError as exc:  # two editors made the same version at once
            raise RegisterConflict("Another editor changed the register at the same moment: review it again.") from exc

    # versions -------------------------------------------------------------------------------------------
    def latest_version(self) -> int:
        with self._connection("read") as conn:
            top = conn.scalar(sa.select(sa.func.max(changes.c.version)))
        return SEED_VERSION if top is None else int(top)

    def changes(self, upto: int | None = None) -> list[ChangeEntry]:
        """Every approved change, oldest first (up to version `upto`)."""
        query = sa.select(changes).order_by(changes.c.version)
        if upto is not None:
            query = query.where(changes.c.version <= upto)
        with self._connection("read") as conn:
            rows = conn.execute(query).all()
        return [
            ChangeEntry(r.version, as_utc(r.made_at), r.editor, r.proposal_id, r.scheme_id, r.action, r.before, r.after)
            for r in rows
        ]

    # proposing ------------------------------------------------------------------------------------------
    def propose(self, request: ProposalRequest) -> int:
        """Keep a proposal for review; LimitReached when this session has proposed too many this hour."""
        if request.kind not in ("new", "correction") or (request.kind == "correction") != bool(
            request.target_scheme_id
        ):
            raise StoreProblem("A correction names the scheme it corrects; a new scheme names none.")
        submitter = hashlib.sha256(request.submitter.encode("utf-8")).hexdigest()
        now = datetime.now(UTC)
        p = proposals
        with self._connection("written", write=True) as conn:
            recent = conn.scalar(
                sa.select(sa.func.count())
                .select_from(p)
                .where(p.c.submitter == submitter, p.c.submitted_at >= now - timedelta(hours=1))
            )
            if (recent or 0) >= self.proposals_per_hour:
                raise LimitReached(
                    f"This session has made {recent} proposals in the last hour, the most allowed. "
                    "Please try again later."
                )
            return int(
                conn.execute(
                    p.insert()
                    .values(
                        submitted_at=now,
                        kind=request.kind,
                        target_scheme_id=request.target_scheme_id,
                        row=clean_row(request.row),
                        report=_records(request.report),
                        origin=request.origin[:600],
                        contact_email=(request.contact_email or "").strip()[:254] or None,
                        submitter=submitter,
                        status="pending",
                    )
                    .returning(p.c.id)
                ).scalar_one()
            )

    def _proposal(self, r: sa.Row) -> Proposal:
        return Proposal(
            r.id,
            as_utc(r.submitted_at),
            r.kind,
            r.target_scheme_id,
            dict(r.row),
            _report(r.report),
            r.origin,
            r.contact_email,
            r.status,
            as_utc(r.decided_at),
            r.decided_by,
            r.reason,
            r.version,
        )

    def proposals(self, status: Status | None = "pending") -> list[Proposal]:
        """Proposals with a status (all when None), oldest first. For editors only."""
        query = sa.select(proposals).order_by(proposals.c.id)
        if status is not None:
            query = query.where(proposals.c.status == status)
        with self._connection("read") as conn:
            return [self._proposal(r) for r in conn.execute(query).all()]

    def proposal(self, proposal_id: int) -> Proposal | None:
        with self._connection("read") as conn:
            row = conn.execute(sa.select(proposals).where(proposals.c.id == proposal_id)).first()
        return None if row is None else self._proposal(row)

    def pending_count(self) -> int:
        with self._connection("read") as conn:
            return int(
                conn.scalar(sa.select(sa.func.count()).select_from(proposals).where(proposals.c.status == "pending"))
                or 0
            )

    # deciding -------------------------------------------------------------------------------------------
    def _pending(self, conn: sa.Connection, proposal_id: int) -> sa.Row:
        row = conn.execute(sa.select(proposals).where(proposals.c.id == proposal_id)).first()
        if row is None:
            raise StoreProblem("There is no such proposal.")
        if row.status != "pending":
            raise RegisterConflict(f"That proposal has already been {row.status} by {row.decided_by}.")
        return row

    def approve(
        self,
        proposal_id: int,
        editor: str,
        before: dict[str, str] | None,
        after: dict[str, str],
        expected_version: int,
    ) -> int:
        """Apply the proposal (as proposed, or as the editor edited it) as the next register version.
        `before` is the row it replaces in version `expected_version` (None for a new scheme); if the register
        has moved on since, nothing is written and RegisterConflict says so. Returns the new version."""
        if not editor.strip():
            raise StoreProblem("Only a signed-in editor can approve a proposal.")
        now, after = datetime.now(UTC), clean_row(after)
        with self._connection("written", write=True) as conn:
            row = self._pending(conn, proposal_id)
            latest = conn.scalar(sa.select(sa.func.max(changes.c.version))) or SEED_VERSION
            if latest != expected_version:
                raise RegisterConflict(
                    f"The register is now at version {latest}, not {expected_version}: review the proposal again."
                )
            version = latest + 1
            scheme_id = row.target_scheme_id if row.kind == "correction" else new_scheme_id(proposal_id)
            edited = clean_row(row.row) != after
            conn.execute(
                changes.insert().values(
                    version=version,
                    made_at=now,
                    editor=editor,
                    proposal_id=proposal_id,
                    scheme_id=scheme_id,
                    action="change" if row.kind == "correction" else "add",
                    before=before,
                    after=after,
                )
            )
            conn.execute(
                proposals.update()
                .where(proposals.c.id == proposal_id)
                .values(status="approved", decided_at=now, decided_by=editor, version=version)
            )
            conn.execute(
                audit.insert().values(
                    at=now,
                    editor=editor,
                    action="edit and approve" if edited else "approve",
                    proposal_id=proposal_id,
                    version=version,
                    before=before,
                    after=after,
                    reason=("edited before approval: " + ", ".join(k for k in after if after[k] != row.row.get(k, "")))
                    if edited
                    else None,
                )
            )
        return version

    def reject(self, proposal_id: int, editor: str, reason: str) -> None:
        reason = " ".join(reason.split())
        if not reason:
            raise StoreProblem("Give the reason for rejecting it: the log keeps it.")
        if not editor.strip():
            raise StoreProblem("Only a signed-in editor can reject a proposal.")
        now = datetime.now(UTC)
        with self._connection("written", write=True) as conn:
            row = self._pending(conn, proposal_id)
            conn.execute(
                proposals.update()
                .where(proposals.c.id == proposal_id)
                .values(status="rejected", decided_at=now, decided_by=editor, reason=reason[:REASON_MAX])
            )
            conn.execute(
                audit.insert().values(
                    at=now,
                    editor=editor,
                    action="reject",
                    proposal_id=proposal_id,
                    before=dict(row.row),
                    after=None,
                    reason=reason[:REASON_MAX],
                )
            )

    def audit_log(self) -> list[AuditEntry]:
        """Every editor action, newest first."""
        with self._connection("read") as conn:
            rows = conn.execute(sa.select(audit).order_by(audit.c.id.desc())).all()
        return [
            AuditEntry(as_utc(r.at), r.editor, r.action, r.proposal_id, r.version, r.before, r.after, r.reason)
            for r in rows
        ]
