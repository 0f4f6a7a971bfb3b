"""Each pass of `make test` runs the app on the database it names: SQLite by default, and a real
PostgreSQL server in the pass with SSD_TEST_DATABASE=postgresql."""

from __future__ import annotations

import os

import sqlalchemy as sa

from store.config import StoreLimits, database_url
from store.datasets import StoreHandle


def test_the_pass_runs_on_the_backend_it_names() -> None:
    backend = os.environ.get("SSD_TEST_DATABASE", "sqlite")
    url = sa.make_url(database_url())
    assert url.get_backend_name() == backend
    handle = StoreHandle(database_url(), StoreLimits())
    try:
        with handle.get().engine.connect() as conn:  # reachable, migrated
            assert conn.dialect.name == backend
    finally:
        handle.get().engine.dispose()
