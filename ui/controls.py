"""Sidebar controls shared by every page (denominator measure, projected figures, apportionment,
chart export format), with their URL parameters."""

from __future__ import annotations

from typing import Any

import streamlit as st

from analysis.arithmetic.assessment import Options
from analysis.vocabulary import DEFAULT_MEASURE, TOTAL_MEASURES, measure_label
from ui.dataset_link import PARAM as DATASET_PARAM
from ui.dataset_link import opened_id
from ui.register import PARAM as REGISTER_PARAM
from ui.register import pinned_version
from ui.url_state import (
    Parser,
    apply_link,
    choice,
    flag,
    set_page,
    show_notices,
    synced,
    write_link,
)

METHOD_LABELS = {"budget": "By budget weight", "equal": "Equal split", "explicit": "Explicit shares (where given)"}
COMMON_LINK: dict[str, tuple[str, Parser]] = {
    "measure": ("measure", choice(list(TOTAL_MEASURES))),
    "projected": ("include_projected", flag),
    "method": ("method", choice(list(METHOD_LABELS))),
}
DEFAULTS: dict[str, Any] = {
    "measure": DEFAULT_MEASURE,
    "include_projected": False,
    "method": "budget",
    "chart_format": "png",
}


def sidebar_options(page: str, page_link: dict[str, tuple[str, Parser]] | None = None) -> Options:
    """Apply a shared link, draw the shared controls and return the options they set."""
    set_page(page)
    notices = apply_link({**COMMON_LINK, **(page_link or {})})
    with st.sidebar:
        st.markdown("**Assumptions**")
        measure = synced(
            st.selectbox,
            "measure",
            "Spending measure (denominator)",
            TOTAL_MEASURES,
            default=DEFAULTS["measure"],
            format_func=measure_label,
            help="Revenue expenditure is the '£94bn' measure. Net revenue expenditure is about half of it.",
        )
        include_projected = synced(
            st.checkbox,
            "include_projected",
            "Include projected savings (targets)",
            default=DEFAULTS["include_projected"],
            help="Projected figures are targets, not achievements: excluded by default, always marked.",
        )
        method = synced(
            st.radio,
            "method",
            "Split a scheme's saving among partners",
            list(METHOD_LABELS),
            default=DEFAULTS["method"],
            format_func=METHOD_LABELS.get,
        )
        synced(
            st.radio,
            "chart_format",
            "Chart download format (camera button)",
            ["png", "svg"],
            default=DEFAULTS["chart_format"],
            horizontal=True,
            format_func=str.upper,
        )
        st.caption(
            "Spending: DCLG/MHCLG revenue outturn and budget workbooks; 2018-19 to 2022-23 from the "
            "multi-year outturn data set (total service expenditure and service lines only). £ nominal. "
            "See Methodology for every definition."
        )
    show_notices(notices)
    return Options(measure=measure, include_projected=include_projected, method=method)


def common_link(options: Options) -> dict[str, str | None]:
    """The shared controls as URL parameters (defaults left out, so links stay short)."""
    return {
        "measure": None if options.measure == DEFAULT_MEASURE else options.measure,
        "projected": "1" if options.include_projected else None,
        "method": None if options.method == "budget" else options.method,
        DATASET_PARAM: opened_id(),  # a published dataset's link stays in every page's link
        REGISTER_PARAM: pinned_version(),  # and so does a pinned register version
    }


def publish(options: Options, page_values: dict[str, str | None] | None = None) -> None:
    """Write the page's view into the URL (call after the page's widgets)."""
    write_link({**common_link(options), **(page_values or {})})
