"""Shared fixtures: the bundled dataset, read once per test session."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

from analysis.dataset import DATA_DIR, Dataset, load_dataset

settings.register_profile("ci", max_examples=1000, deadline=None)
settings.register_profile("dev", max_examples=150, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    return load_dataset(DATA_DIR)


@pytest.fixture(scope="session", autouse=True)
def _state_dir(tmp_path_factory, request):
    """Published datasets made by tests go to a temporary state folder, never ./state/. With
    SSD_TEST_DATABASE=postgresql (the second pass of `make test`) every test that does not choose its own
    database runs the app on a real PostgreSQL instead of SQLite."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SSD_STATE_DIR", str(tmp_path_factory.mktemp("state")))
        backend = os.environ.get("SSD_TEST_DATABASE", "sqlite")
        if backend == "postgresql":
            from tests.db import fresh_database

            mp.setenv("SSD_DATABASE_URL", fresh_database(request.getfixturevalue("postgres_url")))
        elif backend != "sqlite":
            pytest.exit(f"SSD_TEST_DATABASE must be sqlite or postgresql, not {backend!r}")
        yield


@pytest.fixture(scope="session")
def postgres_url():
    """One real PostgreSQL server for the whole test session (see tests/db.py)."""
    from tests.db import postgres_server

    with postgres_server() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    """An empty database on each backend: a SQLite file, or a new database on the test server."""
    if request.param == "sqlite":
        return f"sqlite+pysqlite:///{tmp_path / 'state' / 'datasets.sqlite3'}"
    from tests.db import fresh_database

    return fresh_database(request.getfixturevalue("postgres_url"))
