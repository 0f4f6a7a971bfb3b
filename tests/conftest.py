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
