"""Publishing, opening and managing datasets. A published dataset never changes: a new version is a
new dataset that points to the one it replaces; deleting removes its data and keeps a tombstone."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

import pandas as pd
import sqlalchemy as sa

from analysis.dataset import Dataset
from analysis.uploads.pipeline import UploadResult, merge_uploads
from store import schema
from store.config import StoreLimits
from store.engine import as_utc, make_engine, migrate, transaction, unavailable
from store.errors import LimitReached, StoreProblem, StoreUnavailable, WrongManageKey
from store.frames import decode_rows, encode_rows, pack_frame, pack_rows, unpack_frame, unpack_rows
from store.keys import hash_key, looks_like_id, new_dataset_id, new_manage_key, verify_key

Mode = Literal["add", "replace"]
Status = Literal["live", "superseded", "deleted"]
TITLE_MAX, DESCRIPTION_MAX = 120, 300
RUN = 2_000  # records per stored run
_LIVE_BYTES = sa.select(sa.func.coalesce(sa.func.sum(schema.datasets.c.stored_bytes), 0)).where(
    schema.datasets.c.deleted_at.is_(None)
)


@dataclass(frozen=True)
class FileToPublish:
    """One read upload, with what made the read: its bytes, name fixes and other settings."""

    result: UploadResult
    data: bytes
    name_fixes: dict[str, str] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PublishRequest:
    title: str
    description: str
    mode: Mode
    files: tuple[FileToPublish, ...]
    publisher: str  # the publishing session's random token (stored hashed)
    replaces: str | None = None  # id of the earlier version, with its manage key
    replaces_key: str | None = None


@dataclass(frozen=True)
class Receipt:
    id: str
    manage_key: str  # shown once; only its hash is stored


@dataclass(frozen=True)
class FileInfo:
    position: int
    file_name: str
    size_bytes: int
    sha256: str
    kind: str
    sheet: str
    rows_in_sheet: int
    counts: dict[str, int]
    mapping: list[dict[str, Any]] | None
    name_fixes: dict[str, str]
    has_original: bool


@dataclass(frozen=True)
class DatasetInfo:
    id: str
    title: str
    description: str
    published_at: datetime
    mode: Mode
    replaces: str | None
    superseded_by: str | None
    superseded_at: datetime | None
    deleted_at: datetime | None
    rows_used: int
    rows_rejected: int
    files: tuple[FileInfo, ...]

    @property
    def status(self) -> Status:
        if self.deleted_at is not None:
            return "deleted"
        return "superseded" if self.superseded_at is not None else "live"


@dataclass(frozen=True)
class Published:
    info: DatasetInfo
    schemes: pd.DataFrame
    spending: pd.DataFrame
    report: pd.DataFrame  # every file's row report, one after the other


def one_line(text: str) -> str:
    return " ".join(str(text).split())


def publisher_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _records_of(result: UploadResult) -> pd.DataFrame:
    return result.schemes if result.kind == "schemes" else result.spending


class Store:
    """Published datasets in one database. Thread-safe; one per server process."""

    def __init__(self, engine: sa.Engine, limits: StoreLimits, url: str) -> None:
        self.engine, self.limits, self.url = engine, limits, url

    @contextmanager
    def _connection(self, doing: str, write: bool = False) -> Iterator[sa.Connection]:
        try:
            with transaction(self.engine, self.url, doing, write) as conn:
                yield conn
        except sa.exc.IntegrityError as exc:
            raise unavailable(self.url, exc, doing) from exc

    # publishing -----------------------------------------------------------------------------------------
    def publish(self, request: PublishRequest) -> Receipt:
        """Store the dataset; raise StoreProblem (a plain message) for anything refused."""
        title, description = one_line(request.title), one_line(request.description)
        if not title:
            raise StoreProblem("Give the dataset a title, so people opening the link know what it is.")
        if len(title) > TITLE_MAX or len(description) > DESCRIPTION_MAX:
            raise StoreProblem(
                f"The title can be at most {TITLE_MAX} characters and the description {DESCRIPTION_MAX}."
            )
        if request.mode not in ("add", "replace"):
            raise StoreProblem("Choose whether your schemes are added to or replace the bundled register.")
        files = [f for f in request.files if len(_records_of(f.result))]
        if not files:
            raise StoreProblem("Nothing to publish: no rows were read from your files.")
        n_rows = sum(len(_records_of(f.result)) for f in files)
        if n_rows > self.limits.max_rows:
            raise LimitReached(
                f"This dataset has {n_rows:,} rows; a published dataset may have at most "
                f"{self.limits.max_rows:,} rows. Publish fewer files, or split the register."
            )
        old_hash = None
        if request.replaces:
            old_hash = self._check_key(request.replaces, request.replaces_key or "")
        encoded, stored_bytes = self._encode(files)
        if stored_bytes > self.limits.max_bytes:
            raise LimitReached(
                f"This dataset takes {stored_bytes / 1e6:,.1f} MB to store; a published dataset may take at most "
                f"{self.limits.max_bytes / 1e6:,.0f} MB. Publish fewer files."
            )
        dataset_id, manage_key = new_dataset_id(), new_manage_key()
        key_hash, publisher, now = hash_key(manage_key), publisher_hash(request.publisher), datetime.now(UTC)
        counts = [f.result.counts for f in files]
        with self._connection("written", write=True) as conn:
            self._check_quotas(conn, publisher, stored_bytes, now)
            if request.replaces:
                self._check_replaceable(conn, request.replaces, old_hash)
            conn.execute(
                schema.datasets.insert().values(
                    id=dataset_id,
                    title=title,
                    description=description,
                    published_at=now,
                    mode=request.mode,
                    replaces=request.replaces,
                    manage_key_hash=key_hash,
                    publisher=publisher,
                    rows_used=sum(c["used"] + c["used with warning"] for c in counts),
                    rows_rejected=sum(c["rejected"] for c in counts),
                    stored_bytes=stored_bytes,
                )
            )
            for position, (f, (spec, runs, report)) in enumerate(zip(files, encoded)):
                self._insert_file(conn, dataset_id, position, f, spec, report)
                conn.execute(
                    schema.records.insert(),
                    [
                        {"dataset_id": dataset_id, "position": position, "first_row": first, "n_rows": n, "rows": blob}
                        for first, n, blob in runs
                    ],
                )
            if request.replaces:
                conn.execute(
                    schema.datasets.update()
                    .where(schema.datasets.c.id == request.replaces)
                    .values(superseded_by=dataset_id, superseded_at=now)
                )
        return Receipt(dataset_id, manage_key)

    def _encode(self, files: list[FileToPublish]) -> tuple[list[tuple[list, list, bytes]], int]:
        """Per file: (column spec, runs of (first row, rows, compressed rows), compressed report); total bytes."""
        encoded, total = [], 0
        for f in files:
            spec, rows = encode_rows(_records_of(f.result))
            runs = [(s, len(rows[s : s + RUN]), pack_rows(rows[s : s + RUN])) for s in range(0, len(rows), RUN)]
            report = pack_frame(f.result.report)
            kept = len(f.data) if len(f.data) <= self.limits.keep_original_bytes else 0
            total += sum(len(blob) for _, _, blob in runs) + len(report) + kept
            encoded.append((spec, runs, report))
        return encoded, total

    def _insert_file(
        self, conn: sa.Connection, dataset_id: str, position: int, f: FileToPublish, spec: list, report: bytes
    ) -> None:
        result = f.result
        mapping = None if result.location is None else result.location.mapping.to_dict("records")
        conn.execute(
            schema.files.insert().values(
                dataset_id=dataset_id,
                position=position,
                file_name=result.file[:500],
                size_bytes=len(f.data),
                sha256=hashlib.sha256(f.data).hexdigest(),
                kind=result.kind,
                sheet=result.sheet[:500],
                rows_in_sheet=result.rows_in_sheet,
                counts=result.counts,
                columns=spec,
                mapping=mapping,
                name_fixes=dict(f.name_fixes),
                settings=dict(f.settings),
                report=report,
                original=f.data if len(f.data) <= self.limits.keep_original_bytes else None,
            )
        )

    def _check_quotas(self, conn: sa.Connection, publisher: str, stored_bytes: int, now: datetime) -> None:
        d = schema.datasets
        recent = conn.scalar(  # a count is never NULL
            sa.select(sa.func.count())
            .select_from(d)
            .where(d.c.publisher == publisher, d.c.published_at >= now - timedelta(hours=1))
        )
        if (recent or 0) >= self.limits.publishes_per_hour:
            raise LimitReached(
                f"This session has published {recent} datasets in the last hour, the most allowed. "
                "Please try again later."
            )
        used = int(conn.scalar(_LIVE_BYTES) or 0)  # PostgreSQL sums BIGINT to NUMERIC
        if used + stored_bytes > self.limits.store_max_bytes:
            raise LimitReached(
                f"The store is full ({used / 1e6:,.0f} MB of {self.limits.store_max_bytes / 1e6:,.0f} MB used), so "
                "nothing more can be published until space is freed. Please tell the site's operator."
            )

    # managing -------------------------------------------------------------------------------------------
    def _check_key(self, dataset_id: str, key: str) -> str:
        """The stored hash, once the key is verified (outside any write lock: the check is slow on purpose)."""
        if not looks_like_id(dataset_id):
            raise StoreProblem("That is not a dataset id: it is the 24 characters after 'dataset=' in the link.")
        with self._connection("read") as conn:
            row = conn.execute(
                sa.select(schema.datasets.c.manage_key_hash, schema.datasets.c.deleted_at).where(
                    schema.datasets.c.id == dataset_id
                )
            ).first()
        if row is None:
            raise StoreProblem("There is no dataset with that id.")
        if row.deleted_at is not None:
            raise StoreProblem("That dataset has been deleted.")
        if not verify_key(key.strip(), row.manage_key_hash):
            raise WrongManageKey("That manage key does not belong to this dataset.")
        return row.manage_key_hash

    def _check_replaceable(self, conn: sa.Connection, dataset_id: str, key_hash: str | None) -> None:
        d = schema.datasets
        row = conn.execute(
            sa.select(d.c.manage_key_hash, d.c.deleted_at, d.c.superseded_at).where(d.c.id == dataset_id)
        ).first()
        if row is None or row.deleted_at is not None or row.manage_key_hash != key_hash:
            raise StoreProblem("The earlier version has been deleted meanwhile.")
        if row.superseded_at is not None:
            raise StoreProblem("That earlier version has already been superseded: publish a new version of the newest.")

    def delete(self, dataset_id: str, key: str) -> None:
        """Remove the data; keep a tombstone so the link says it was deleted."""
        key_hash = self._check_key(dataset_id, key)
        with self._connection("written", write=True) as conn:
            d = schema.datasets
            conn.execute(schema.records.delete().where(schema.records.c.dataset_id == dataset_id))
            conn.execute(schema.files.delete().where(schema.files.c.dataset_id == dataset_id))
            done = conn.execute(
                d.update()
                .where(d.c.id == dataset_id, d.c.manage_key_hash == key_hash, d.c.deleted_at.is_(None))
                .values(deleted_at=datetime.now(UTC), title="", description="", stored_bytes=0)
            )
            if done.rowcount != 1:
                raise StoreProblem("That dataset has been deleted.")

    def mark_superseded(self, dataset_id: str, key: str, by: str | None = None) -> None:
        """Say that a newer dataset (optional) replaces this one; the data stays available."""
        key_hash = self._check_key(dataset_id, key)
        newer = self.info(by) if by is not None else None
        if by is not None and (by == dataset_id or newer is None or newer.status == "deleted"):
            raise StoreProblem("The newer version must be another dataset that exists.")
        with self._connection("written", write=True) as conn:
            d = schema.datasets
            conn.execute(
                d.update()
                .where(d.c.id == dataset_id, d.c.manage_key_hash == key_hash)
                .values(superseded_by=by, superseded_at=datetime.now(UTC))
            )

    # opening --------------------------------------------------------------------------------------------
    def info(self, dataset_id: str) -> DatasetInfo | None:
        """What a dataset is (or was, if deleted); None for an id never published."""
        if not looks_like_id(dataset_id):
            return None
        d, f = schema.datasets, schema.files
        with self._connection("read") as conn:
            row = conn.execute(
                sa.select(
                    d.c.id,
                    d.c.title,
                    d.c.description,
                    d.c.published_at,
                    d.c.mode,
                    d.c.replaces,
                    d.c.superseded_by,
                    d.c.superseded_at,
                    d.c.deleted_at,
                    d.c.rows_used,
                    d.c.rows_rejected,
                ).where(d.c.id == dataset_id)
            ).first()
            if row is None:
                return None
            file_rows = conn.execute(
                sa.select(
                    f.c.position,
                    f.c.file_name,
                    f.c.size_bytes,
                    f.c.sha256,
                    f.c.kind,
                    f.c.sheet,
                    f.c.rows_in_sheet,
                    f.c.counts,
                    f.c.mapping,
                    f.c.name_fixes,
                    f.c.original.is_not(None).label("has_original"),
                )
                .where(f.c.dataset_id == dataset_id)
                .order_by(f.c.position)
            ).all()
        return DatasetInfo(
            row.id,
            row.title,
            row.description,
            as_utc(row.published_at),
            row.mode,
            row.replaces,
            row.superseded_by,
            as_utc(row.superseded_at),
            as_utc(row.deleted_at),
            row.rows_used,
            row.rows_rejected,
            tuple(FileInfo(**r._asdict()) for r in file_rows),
        )

    def load(self, dataset_id: str) -> Published | None:
        """The dataset's records and reports; None when unknown or deleted."""
        info = self.info(dataset_id)
        if info is None or info.status == "deleted":
            return None
        f, r = schema.files, schema.records
        with self._connection("read") as conn:
            specs = dict(conn.execute(sa.select(f.c.position, f.c.columns).where(f.c.dataset_id == dataset_id)).all())
            reports = conn.execute(
                sa.select(f.c.report).where(f.c.dataset_id == dataset_id).order_by(f.c.position)
            ).scalars()
            report = [unpack_frame(blob) for blob in reports]
            rows: dict[int, list[list]] = {p: [] for p in specs}
            result = conn.execute(
                sa.select(r.c.position, r.c.rows)
                .where(r.c.dataset_id == dataset_id)
                .order_by(r.c.position, r.c.first_row)
            )
            for position, blob in result:
                rows[position].extend(unpack_rows(blob))
        frames: dict[str, list[pd.DataFrame]] = {"schemes": [], "spending": []}
        for file in info.files:
            frames[file.kind].append(decode_rows(specs[file.position], rows[file.position]))
        joined = {k: pd.concat(v, ignore_index=True) if v else pd.DataFrame() for k, v in frames.items()}
        if "status" in joined["spending"].columns:  # published before budget or outturn was called its stage
            joined["spending"] = joined["spending"].rename(columns={"status": "stage"})
        reports_frame = pd.concat(report, ignore_index=True) if report else pd.DataFrame()
        return Published(info, joined["schemes"], joined["spending"], reports_frame)

    def original(self, dataset_id: str, position: int) -> bytes | None:
        """The uploaded file as it was, when it was small enough to keep."""
        f = schema.files
        with self._connection("read") as conn:
            return conn.scalar(
                sa.select(f.c.original)
                .join(schema.datasets, schema.datasets.c.id == f.c.dataset_id)
                .where(f.c.dataset_id == dataset_id, f.c.position == position, schema.datasets.c.deleted_at.is_(None))
            )

    def total_bytes(self) -> int:
        with self._connection("read") as conn:
            return int(conn.scalar(_LIVE_BYTES) or 0)


def apply_published(dataset: Dataset, published: Published) -> Dataset:
    """The bundled dataset with a published one merged in, exactly as the publisher's session merged it."""
    results = []
    for kind, frame in (("schemes", published.schemes), ("spending", published.spending)):
        if len(frame):
            empty = pd.DataFrame()
            results.append(
                UploadResult(
                    file=published.info.title,
                    kind=kind,
                    sheet="",
                    sheets=(),
                    location=None,
                    schemes=frame if kind == "schemes" else empty,
                    spending=frame if kind == "spending" else empty,
                    report=empty,
                    unmatched=empty,
                    rows_in_sheet=len(frame),
                )
            )
    return merge_uploads(dataset, results, published.info.mode)


class StoreHandle:
    """Opens the store on first use (creating and migrating the database); after a failure, says why
    and tries again no sooner than `retry_after_s`, so an unreachable database does not slow every page."""

    def __init__(self, url: str, limits: StoreLimits, retry_after_s: float = 30.0) -> None:
        self.url, self.limits, self.retry_after_s = url, limits, retry_after_s
        self._store: Store | None = None
        self._failure: tuple[float, StoreUnavailable] | None = None
        self._lock = threading.Lock()

    def get(self) -> Store:
        """The store, or StoreUnavailable with the reason."""
        with self._lock:
            if self._store is not None:
                return self._store
            if self._failure and time.monotonic() - self._failure[0] < self.retry_after_s:
                raise self._failure[1]
            try:
                engine = make_engine(self.url)
                migrate(engine)
            except (sa.exc.SQLAlchemyError, OSError) as exc:
                problem = unavailable(self.url, exc, "opened")
                self._failure = (time.monotonic(), problem)
                raise problem from exc
            self._store, self._failure = Store(engine, self.limits, self.url), None
            return self._store
