"""Engines for SQLite (WAL, foreign keys, writers queue behind BEGIN IMMEDIATE) and PostgreSQL
(psycopg 3), and the Alembic migrations applied at start-up."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import overload

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from store.errors import StoreUnavailable

ALEMBIC_DIR = Path(__file__).resolve().parent / "alembic"
MIGRATION_LOCK = 0x55D_5704E  # pg_advisory_xact_lock key: servers starting together migrate one at a time
log = logging.getLogger(__name__)
WRITE = {"ssd_write": True}  # execution option: this transaction writes (SQLite takes the write lock at BEGIN)


def _sqlite_engine(url: sa.URL) -> sa.Engine:
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url, connect_args={"timeout": 30})

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # pysqlite's own transaction handling is turned off so that SQLAlchemy's BEGIN (below) is the one used
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        # A writer takes the lock at BEGIN and waits for it (busy_timeout) rather than failing on upgrade
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("ssd_write") else "BEGIN")

    return engine


def make_engine(url: str) -> sa.Engine:
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed)
    connect_args = {"connect_timeout": 5} if parsed.get_backend_name() == "postgresql" else {}
    return sa.create_engine(parsed, pool_pre_ping=True, connect_args=connect_args)


def migrate(engine: sa.Engine) -> None:
    """Bring the schema to the newest revision (alembic/versions/), in one transaction."""
    config = Config()
    config.set_main_option("script_location", str(ALEMBIC_DIR))
    head = ScriptDirectory.from_config(config).get_current_head()
    with engine.connect() as conn:  # already there: no write lock (a read-only database still opens)
        if MigrationContext.configure(conn).get_current_revision() == head:
            return
    with engine.connect().execution_options(**WRITE) as conn, conn.begin():
        if engine.dialect.name == "postgresql":
            conn.execute(sa.select(sa.func.pg_advisory_xact_lock(MIGRATION_LOCK)))
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


def describe(url: str) -> str:
    """The database's address without its password, for messages."""
    return sa.make_url(url).render_as_string(hide_password=True)


@overload
def as_utc(value: datetime) -> datetime: ...
@overload
def as_utc(value: None) -> None: ...
def as_utc(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; every time here is UTC."""
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def unavailable(url: str, exc: Exception, doing: str) -> StoreUnavailable:
    """The plain message for a database that could not be reached or written. Visitors see what failed, not
    where the database is or what its driver said: that goes to the server's log for its operator."""
    reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0][:200]
    log.warning("database at %s could not be %s: %s", describe(url), doing, reason)
    return StoreUnavailable(f"The site's database could not be {doing} just now (the server's log says why).")


@contextmanager
def transaction(engine: sa.Engine, url: str, doing: str, write: bool = False) -> Iterator[sa.Connection]:
    """One transaction; a writer takes SQLite's write lock at BEGIN. A database fault becomes
    StoreUnavailable; an IntegrityError passes through for the caller to explain."""
    try:
        with engine.connect() as conn:
            if write:
                conn.execution_options(**WRITE)
            with conn.begin():
                yield conn
    except sa.exc.IntegrityError:
        raise
    except sa.exc.SQLAlchemyError as exc:
        raise unavailable(url, exc, doing) from exc
