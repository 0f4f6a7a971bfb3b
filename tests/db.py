"""A real PostgreSQL server for tests, started from the system's binaries in a temporary folder.

PostgreSQL refuses to run as root, so when the tests run as root the server runs as the `postgres`
user (runuser). Without the binaries the PostgreSQL tests skip, except under CI=true, where they fail.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest


def pg_bin() -> Path | None:
    """The newest /usr/lib/postgresql/*/bin holding initdb, or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    return Path(found[-1]).parent if found else None


def require_pg_bin() -> Path:
    where = pg_bin()
    if where is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must have PostgreSQL (/usr/lib/postgresql/*/bin/initdb): .ci/run installs it")
        pytest.skip("no PostgreSQL binaries under /usr/lib/postgresql")
    return where


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_owner(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    """A throwaway server on 127.0.0.1; yields the URL of its `postgres` database (user postgres, trust)."""
    bin_dir = require_pg_bin()
    root = Path(tempfile.mkdtemp(prefix="ssd-pg-"))
    data, port = root / "data", _free_port()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    run = lambda *a: subprocess.run(_as_owner([str(x) for x in a]), check=True, capture_output=True, text=True)  # noqa: E731
    try:
        run(bin_dir / "initdb", "-D", data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8")
        options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
        run(bin_dir / "pg_ctl", "-D", data, "-l", root / "log", "-o", options, "-w", "-t", "60", "start")
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            run(bin_dir / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")
        shutil.rmtree(root, ignore_errors=True)


def fresh_database(server_url: str) -> str:
    """A new empty database on the server; returns its URL."""
    import psycopg
    import sqlalchemy as sa
    from psycopg import sql

    name = "t_" + uuid.uuid4().hex[:16]
    url = sa.make_url(server_url)
    with psycopg.connect(host=url.host, port=url.port, user=url.username, dbname=url.database, autocommit=True) as c:
        c.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))  # identifiers cannot be bound
    return url.set(database=name).render_as_string(hide_password=False)
