"""Cached access to the bundled dataset and to assessments under the user's options."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from analysis.arithmetic.assessment import Assessment, Options, assess
from analysis.councils.geography import PreparedBoundaries
from analysis.dataset import DATA_DIR, Dataset
from analysis.dataset_cache import load_boundaries_cached, load_dataset_cached
from store.config import state_dir


def data_dir() -> Path:
    """The bundled data, or the folder named by SSD_DATA_DIR (used by the benchmarks' synthetic data)."""
    return Path(os.environ.get("SSD_DATA_DIR") or DATA_DIR)


@st.cache_resource(max_entries=1, show_spinner="Reading the spending workbooks…")
def _dataset_from(folder: str) -> Dataset:
    return load_dataset_cached(Path(folder), state_dir() / "cache")[0]


def bundled_dataset() -> Dataset:
    """Read once per server: the bundled data is read-only and the analysis layer never mutates."""
    return _dataset_from(str(data_dir()))


@st.cache_data(max_entries=32, show_spinner=False)
def bundled_assessment(measure: str, include_projected: bool, method: str) -> Assessment:
    """Keyed on the options; the data behind it is the bundled dataset."""
    return assess(bundled_dataset(), Options(measure, include_projected, method))


@st.cache_resource(max_entries=2, show_spinner="Preparing the boundaries…")
def _boundaries_from(folder: str) -> PreparedBoundaries:
    return load_boundaries_cached(Path(folder), state_dir() / "cache")[0]


def bundled_boundaries() -> PreparedBoundaries:
    """Council boundaries decoded and simplified once per server (from the on-disk cache after the first
    start-up); each boundary year's areas are assembled on first use and kept."""
    return _boundaries_from(str(data_dir()))
