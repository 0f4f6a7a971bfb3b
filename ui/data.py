"""Cached access to the bundled dataset and to assessments under the user's options."""

from __future__ import annotations

import streamlit as st

from analysis.assessment import Assessment, Options, assess
from analysis.dataset import DATA_DIR, Dataset, load_dataset


@st.cache_resource(max_entries=1, show_spinner="Reading the spending workbooks…")
def bundled_dataset(data_dir: str = str(DATA_DIR)) -> Dataset:
    """Read once per server: the bundled data is read-only and the analysis layer never mutates."""
    from pathlib import Path

    return load_dataset(Path(data_dir))


@st.cache_data(max_entries=32, show_spinner=False)
def bundled_assessment(measure: str, include_projected: bool, method: str) -> Assessment:
    """Keyed on the options; the data behind it is the bundled dataset."""
    return assess(bundled_dataset(), Options(measure, include_projected, method))
