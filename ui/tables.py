"""How the scheme table is shown wherever it appears (money as £, shares as %, sources as links)."""

from __future__ import annotations

import pandas as pd
import streamlit as st


def scheme_table(display: pd.DataFrame) -> None:
    """Draw a table from analysis.assessment.schemes_for_display (extra £ columns end in '£ …' or '£')."""
    money = {c: st.column_config.NumberColumn(format="£%,.0f") for c in display.columns if "£" in c}
    st.dataframe(
        display,
        hide_index=True,
        width="stretch",
        column_config={
            **money,
            "Share of partners' budget %": st.column_config.NumberColumn(format="%.2f%%"),
            "Source": st.column_config.LinkColumn(display_text="source"),
            "Year reported": st.column_config.NumberColumn(format="%d"),
            "Start": st.column_config.NumberColumn(format="%d"),
        },
    )
