"""The Check a claim page's inputs: a scheme from the data or a claim typed from your papers.

What the user leaves blank stays None (not stated), never zero.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.arithmetic.claims import Claim, claim_from_scheme, typed_years
from analysis.outputs.formatting import format_gbp
from analysis.readers.values import parse_money
from analysis.vocabulary import MEASURES, SERVICE_MEASURES
from ui import state
from ui.text import md_escape
from ui.url_state import synced


def money_input(label: str, key: str, default: str = "") -> float | None:
    """A money box that accepts '£2.3m', '450k' or '1,200'; blank is None (not stated); a bad entry
    shows a message and counts as not stated."""
    text = st.text_input(label, value=default, key=state.key(key), placeholder="not stated")
    if not text.strip():
        return None
    try:
        return parse_money(text)
    except ValueError as exc:
        st.warning(md_escape(str(exc)))
        return None


def scheme_claim(schemes: pd.DataFrame) -> Claim | None:
    with_figure = schemes[schemes["has_figure"] & schemes["partner_ids"].map(bool)]
    if with_figure.empty:
        st.info("No scheme with a savings figure and matched partners is in the data in use.")
        return None
    labels = dict(
        zip(
            with_figure["scheme_id"],
            with_figure["scheme_name"]
            + " ("
            + with_figure["savings_gbp"].map(format_gbp)
            + ", "
            + with_figure["basis"]
            + ")",
        )
    )
    chosen = synced(
        st.selectbox,
        "claim_scheme",
        "Scheme",
        list(labels),
        default=next(iter(labels)),
        valid=labels.__contains__,
        format_func=labels.get,
    )
    row = with_figure.set_index("scheme_id").loc[chosen].copy()
    row["scheme_id"] = chosen
    return claim_from_scheme(row, schemes)


def typed_claim(register: pd.DataFrame) -> Claim | None:
    councils = register[register["class"] != "O"].sort_values("name")
    labels = dict(zip(councils["council_id"], councils["name"] + " (" + councils["class"] + ")"))
    c1, c2 = st.columns(2)
    ids = c1.multiselect(
        "Councils in the partnership",
        list(labels),
        format_func=labels.__getitem__,
        key=state.key("claim_councils"),
        placeholder="Choose one or more councils",
    )
    amount = money_input("Amount claimed (e.g. £2.3m)", "claim_amount")
    basis = c2.selectbox(
        "The figure is",
        ["annual", "cumulative", "one-off"],
        key=state.key("claim_basis"),
        format_func={
            "annual": "A year (annual)",
            "cumulative": "A total to date (cumulative)",
            "one-off": "One-off",
        }.__getitem__,
    )
    projected = c2.toggle("Projected (a target, not achieved)", key=state.key("claim_projected"))
    d1, d2, d3, d4 = st.columns(4)
    period = d1.text_input(
        "Period, as your papers state it", key=state.key("claim_period"), placeholder="e.g. in ten years, 2007-2017"
    )
    years = d2.number_input(
        "Years running", min_value=1, max_value=40, value=None, key=state.key("claim_years"), placeholder="not stated"
    )
    reported = d3.number_input("Year reported", min_value=1990, max_value=2030, value=2016, key=state.key("claim_year"))
    gross_net = d4.selectbox("Gross or net of costs", ["unknown", "gross", "net"], key=state.key("claim_net"))
    e1, e2 = st.columns(2)
    with e1:
        cost = money_input("Implementation cost (£)", "claim_cost")
    with e2:
        funding = money_input("External funding, e.g. a government grant (£)", "claim_funding")
    f1, f2, f3, f4 = st.columns(4)
    each = f1.checkbox("Each partner reports this same figure", key=state.key("claim_each"))
    source = f2.checkbox("A published source is given", value=True, key=state.key("claim_source"))
    ended = f3.checkbox("The scheme has ended", key=state.key("claim_ended"))
    service = f4.selectbox(
        "Service it comes from",
        [None, *SERVICE_MEASURES],
        key=state.key("claim_service"),
        format_func=lambda m: "Not stated" if m is None else MEASURES[m][0],
    )
    if not ids or not amount or amount <= 0:
        st.info("Choose the councils and enter the amount claimed to see the check.")
        return None
    years_used, years_note = typed_years(period, years, int(reported))
    return Claim(
        tuple(ids),
        amount,
        basis,
        projected,
        years_used,
        int(reported),
        cost,
        funding,
        each,
        source,
        ended,
        gross_net,
        service,
        (),
        "your claim",
        years_note,
    )


def target_share_input(baseline_share: float) -> float:
    """The share of budget to compare a claim with, typed as a percentage; the LGA's headline as quoted by
    default, empty when that is unknown (then the gap to it is not computed). A fraction 0..1, or NaN."""
    percent = st.number_input(
        "Target share of budget to compare with (%)",
        0.0,
        100.0,
        min(100.0, round(baseline_share * 100, 2)) if baseline_share == baseline_share else None,
        step=0.1,
        key=state.key("claim_target"),
        placeholder="not stated",
    )
    return float("nan") if percent is None else percent / 100
