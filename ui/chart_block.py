"""A publication-ready chart: the figure, its export settings, and the data behind it
(a table for screen readers, CSV and XLSX downloads whose cells cannot run as formulas)."""

from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis.outputs.export import to_csv_bytes, to_xlsx_bytes
from ui import state
from ui.url_state import saved

EXPORT_SIZE = {"width": 1200, "height": 675, "scale": 2}  # 16:9, sharp enough for print


def _file_name(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:80] or "chart"


def export_format() -> str:
    """PNG or SVG for the chart toolbar's camera button (chosen in the sidebar)."""
    return saved("chart_format", "png")


def chart(fig: go.Figure, data: pd.DataFrame, name: str, key: str, selectable: bool = False) -> object:
    """Draw `fig`; underneath, the data behind it as a table and as CSV/XLSX downloads.
    With `selectable`, returns the chart's selection event (points clicked)."""
    config = {
        "displaylogo": False,
        "toImageButtonOptions": {"format": export_format(), "filename": _file_name(name), **EXPORT_SIZE},
    }
    event = st.plotly_chart(
        fig,
        width="stretch",
        key=key,
        config=config,
        on_select="rerun" if selectable else "ignore",
        selection_mode="points",
    )
    with st.expander("The data behind this chart (table, CSV, XLSX)"):
        st.dataframe(data, hide_index=True, width="stretch")
        c1, c2, _ = st.columns([1, 1, 2])
        c1.download_button(
            "CSV",
            lambda: to_csv_bytes(data),
            file_name=f"{_file_name(name)}.csv",
            mime="text/csv",
            key=state.key(f"{key}.csv"),
        )
        c2.download_button(
            "XLSX",
            lambda: to_xlsx_bytes({"Data": data}),
            file_name=f"{_file_name(name)}.xlsx",
            key=state.key(f"{key}.xlsx"),
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    return event
