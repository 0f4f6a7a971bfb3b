"""The Check a claim page's inputs and result blocks."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.arithmetic.claims import Claim, ClaimCheck, claim_from_scheme
from analysis.outputs.formatting import format_gbp, format_share
from analysis.readers.values import parse_money
from analysis.vocabulary import MEASURES, SERVICE_MEASURES, measure_label
from ui import state
from ui.text import md_escape
from ui.url_state import keep, prepare, wkey

RATING_ICONS = {"red": ":material/error:", "amber": ":material/warning:", "green": ":material/check_circle:"}


def money_input(label: str, key: str, default: str = "") -> float:
    """A money box that accepts '£2.3m', '450k' or '1,200'; a bad entry shows a message and counts as 0."""
    text = st.text_input(label, value=default, key=state.key(key))
    try:
        return parse_money(text) or 0.0
    except ValueError as exc:
        st.warning(md_escape(str(exc)))
        return 0.0


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
    prepare({"claim_scheme": next(iter(labels))})
    if st.session_state[wkey("claim_scheme")] not in labels:
        st.session_state[wkey("claim_scheme")] = next(iter(labels))
    chosen = st.selectbox(
        "Scheme", list(labels), format_func=labels.get, key=wkey("claim_scheme"), on_change=keep("claim_scheme")
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
        format_func=labels.get,
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
        }.get,
    )
    projected = c2.toggle("Projected (a target, not achieved)", key=state.key("claim_projected"))
    d1, d2, d3 = st.columns(3)
    years = d1.number_input("Years running", min_value=1, max_value=40, value=3, key=state.key("claim_years"))
    reported = d2.number_input("Year reported", min_value=1990, max_value=2030, value=2016, key=state.key("claim_year"))
    gross_net = d3.selectbox("Gross or net of costs", ["unknown", "gross", "net"], key=state.key("claim_net"))
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
    if not ids or amount <= 0:
        st.info("Choose the councils and enter the amount claimed to see the check.")
        return None
    return Claim(
        tuple(ids),
        amount,
        basis,
        projected,
        int(years),
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
    )


def flags_block(check: ClaimCheck, rule: str) -> None:
    icon = RATING_ICONS[check.rating]
    text = f"Evidence rating: **{check.rating.upper()}**. {rule}"
    {"red": st.error, "amber": st.warning, "green": st.success}[check.rating](text, icon=icon)
    for flag in check.flags:
        with st.container(border=True):
            st.markdown(
                f"**{md_escape(flag.name)}** ({'serious' if flag.serious else 'minor'}): {md_escape(flag.reason)}"
            )
            st.markdown(f"*Question to ask:* {md_escape(flag.question)}")


def shares_table(check: ClaimCheck) -> pd.DataFrame:
    """Measures down, councils across: each cell is the share of that budget (as %, 2 dp)."""
    t = check.shares.assign(
        measure=check.shares["measure"].map(measure_label), share=(check.shares["share"] * 100).round(2)
    )
    wide = t.pivot_table(index="measure", columns="name", values="share", aggfunc="first", sort=False)
    return wide.reset_index().rename(columns={"measure": f"Share of … ({check.spending_year} outturn), %"})


def caption_share(check: ClaimCheck) -> str:
    return (
        f"{format_share(check.combined_share)} of the partners' revenue expenditure in {check.spending_year} (outturn)"
    )
