"""Sidebar controls shared by every page: the denominator measure, projected figures, apportionment."""

from __future__ import annotations

import streamlit as st

from analysis.assessment import Options
from analysis.measures import TOTAL_MEASURES, measure_label
from ui import state

METHOD_LABELS = {"budget": "By budget weight", "equal": "Equal split", "explicit": "Explicit shares (where given)"}


def sidebar_options() -> Options:
    """Draw the shared controls and return the options they set."""
    with st.sidebar:
        st.markdown("**Assumptions**")
        measure = st.selectbox(
            "Spending measure (denominator)",
            TOTAL_MEASURES,
            format_func=measure_label,
            key=state.key("measure"),
            index=TOTAL_MEASURES.index("revenue_expenditure"),
            help="Revenue expenditure is the '£94bn' measure. Net revenue expenditure is about half of it.",
        )
        include_projected = st.checkbox(
            "Include projected savings (targets)",
            key=state.key("include_projected"),
            help="Projected figures are targets, not achievements: excluded by default, always marked.",
        )
        method = st.radio(
            "Split a scheme's saving among partners",
            list(METHOD_LABELS),
            format_func=METHOD_LABELS.get,
            key=state.key("method"),
        )
        st.caption(
            "Spending: DCLG/MHCLG revenue outturn and budget workbooks, £ nominal. "
            "See Methodology for every definition."
        )
    return Options(measure=measure, include_projected=include_projected, method=method)
