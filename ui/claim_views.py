"""The Check a claim page's result blocks. Every figure says what it is; a figure the claim does
not state, or that depends on one it does not state, says so and why, never a zero."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.arithmetic.claim_context import peers_for_display, real_terms, scenario_sentences
from analysis.arithmetic.claims import RATING_RULE, ClaimCheck, defensible_in_words
from analysis.arithmetic.scenarios import tri_borough_claims
from analysis.errors import InputProblem
from analysis.outputs.briefing import briefing_html, briefing_tables
from analysis.outputs.charts import claim_waterfall_chart
from analysis.outputs.export import to_xlsx_bytes
from analysis.outputs.formatting import format_gbp, format_share, format_times
from analysis.spending.prices import read_deflators
from analysis.vocabulary import CLASS_LABELS, measure_label, year_label
from ui import state
from ui.chart_block import chart
from ui.data import data_dir
from ui.problems import show_problem
from ui.text import md_escape

RATING_ICONS = {"red": ":material/error:", "amber": ":material/warning:", "green": ":material/check_circle:"}
LABELS = {  # figure -> how the page names it, for the list of what is not stated
    "implementation_cost": "Implementation costs",
    "external_funding": "External funding",
    "years_running": "Years running",
    "annual": "Annual equivalent",
    "share": "Share of the partners' spending",
    "costs": "Costs",
    "payback": "Payback",
    "net": "Net saving",
    "defensible": "Defensible annual saving",
}


def _metric(column, check: ClaimCheck, figure: str, label: str, known: str, help_text: str) -> None:
    """A metric that shows 'not stated' / 'cannot be computed' with the reason when the figure is missing."""
    short = check.short_missing(figure)
    column.metric(label, short or known, help=check.missing[figure] if short else help_text)


def headline_metrics(check: ClaimCheck, target: float) -> None:
    claim = check.claim
    m1, m2, m3, m4 = st.columns(4)
    kind = (" (derived)" if claim.basis == "cumulative" else "") + (" (projected)" if claim.projected else "")
    how = f"{claim.basis} as stated" + (", projected" if claim.projected else ", achieved")
    years = f"; spread over {claim.years_running} year(s): {claim.years_note}" if claim.basis == "cumulative" else ""
    _metric(m1, check, "annual", "Annual equivalent" + kind, format_gbp(check.annual_gbp), how + years)
    share_help = (
        f"{format_share(check.combined_share)} of the partners' revenue expenditure, {check.spending_year} outturn"
    )
    _metric(
        m2, check, "share", "Share of partners' revenue expenditure", format_share(check.combined_share), share_help
    )
    _metric(
        m3,
        check,
        "times_baseline",
        "Against the LGA's 0.53% as quoted",
        format_times(check.times_baseline),
        "The claim's share ÷ £0.5bn / £94.1bn (the headline as quoted).",
    )
    caveat = check.caveats.get("defensible", "")
    _metric(
        m4,
        check,
        "defensible",
        "Defensible annual saving",
        defensible_in_words(claim) or format_gbp(check.defensible_gbp),
        "After every step below. " + caveat,
    )
    n1, n2, n3, n4 = st.columns(4)
    _metric(
        n1,
        check,
        "costs",
        "Costs (implementation + external funding)",
        format_gbp(check.costs_gbp),
        "As the claim states them, nominal £.",
    )
    payback = "" if check.payback_years is None else f"{check.payback_years:.1f} years"
    _metric(n2, check, "payback", "Payback", payback, "Costs ÷ annual saving.")
    net_help = f"Annual saving × {claim.years_running} year(s) running, plus any one-off, minus costs; nominal £."
    _metric(n3, check, "net", "Net saving over the years running", format_gbp(check.net_gbp), net_help)
    _metric(
        n4,
        check,
        "to_target",
        f"£ a year more to reach {format_share(target)}",
        format_gbp(check.gbp_to_target) if check.gbp_to_target > 0 else "already met",
        "Target share × the partners' revenue expenditure, minus the annual equivalent.",
    )
    gaps = [(LABELS[f], check.describe(f, "")) for f in LABELS if f in check.missing]
    if gaps:
        st.caption(
            "What the claim does not state, and what that leaves out:\n"
            + "\n".join(f"- **{label}**: {md_escape(text)}" for label, text in gaps)
        )
    if caveat:
        st.caption(f"The defensible annual saving is {md_escape(caveat[0].lower() + caveat[1:])}")
    if check.one_off_gbp:
        st.caption(
            f"One-off saving of {format_gbp(check.one_off_gbp)}: shown separately, never added to annual totals."
        )


def flags_block(check: ClaimCheck) -> None:
    icon = RATING_ICONS[check.rating]
    text = f"Evidence rating: **{check.rating.upper()}**. {RATING_RULE}"
    {"red": st.error, "amber": st.warning, "green": st.success}[check.rating](text, icon=icon)
    for flag in check.flags:
        with st.container(border=True):
            st.markdown(
                f"**{md_escape(flag.name)}** ({'serious' if flag.serious else 'minor'}): {md_escape(flag.reason)}"
            )
            st.markdown(f"*Question to ask:* {md_escape(flag.question)}")


def steps_block(check: ClaimCheck) -> None:
    """The steps from the claim to a defensible saving, as a waterfall and in words."""
    label = check.claim.label
    if "defensible" in check.missing:
        st.info(f"No defensible annual saving: {md_escape(check.missing['defensible'])}")
    else:
        chart(claim_waterfall_chart(check.steps, label), check.steps, f"Claimed to defensible: {label}", "waterfall")
    with st.expander("Each step in words"):
        st.dataframe(
            check.steps.assign(
                change=check.steps["change_gbp"].map(format_gbp), running=check.steps["running_gbp"].map(format_gbp)
            )[["step", "change", "running", "explanation"]],
            hide_index=True,
            width="stretch",
        )


def shares_table(check: ClaimCheck) -> pd.DataFrame:
    """Measures down, councils across: each cell is the share of that budget (as %, 2 dp)."""
    t = check.shares.dropna(subset=["year"]).assign(
        measure=lambda s: s["measure"].map(measure_label), share=lambda s: (s["share"] * 100).round(2)
    )
    wide = t.pivot_table(index=["measure", "year"], columns="name", values="share", aggfunc="first", sort=False)
    return wide.reset_index().rename(columns={"measure": "Share of …, %", "year": "Outturn year"})


def shares_block(check: ClaimCheck, peers: pd.DataFrame) -> None:
    st.subheader("Share of each budget, every measure side by side")
    if "share" in check.missing:
        st.info(md_escape(check.missing["share"]))
        return
    st.caption(
        "The spread between measures is part of the answer: net revenue expenditure is about half of revenue "
        "expenditure. Each partner's part is split by its revenue expenditure."
    )
    years = check.shares.dropna(subset=["year"]).groupby("measure", sort=False)["year"].first()
    if years.nunique() > 1:
        st.caption(
            "The measures come from different years: each is shown for the year nearest the report that has it for "
            "every partner (2018-19 to 2022-23 come from the multi-year data set, which has total service "
            "expenditure but not revenue, net current or net revenue expenditure)."
        )
    st.dataframe(shares_table(check), hide_index=True, width="stretch")
    if len(peers):
        st.markdown(
            f"**Each partner against councils of its class** ({check.spending_year} outturn): how far its share of "
            "its revenue expenditure is from the median of councils of its class with recorded savings, in median "
            "absolute deviations (MADs), never a rank."
        )
        st.dataframe(peers_for_display(peers), hide_index=True, width="stretch")


def real_terms_block(check: ClaimCheck) -> str | None:
    """The defensible saving in a chosen year's prices; returns the sentence for the briefing."""
    st.subheader("Real terms")
    try:
        deflators = read_deflators(data_dir() / "prices")
    except InputProblem as problem:
        show_problem(problem, "Real terms are not available:", "note")
        return None
    c1, c2 = st.columns(2)
    years = list(deflators["fy_start"])
    base = c1.selectbox(
        "Show in the prices of",
        years,
        index=years.index(2023) if 2023 in years else len(years) - 1,
        format_func=year_label,
        key=state.key("claim_base_year"),
    )
    try:
        reading = real_terms(check, base, deflators)
    except InputProblem as problem:
        show_problem(problem, "Real terms are not available:", "note")
        return None
    if reading is None:
        c2.metric("Defensible annual saving, real terms", "cannot be computed", help=check.missing["defensible"])
        return None
    words = defensible_in_words(check.claim)
    c2.metric("Defensible annual saving, real terms", words or format_gbp(reading.value_gbp), help=reading.label)
    return reading.label


def scenarios_block(check: ClaimCheck, spending: pd.DataFrame) -> None:
    st.subheader("Scenarios")
    klass = st.selectbox(
        "If every council of this class saved the same share of its budget",
        list(CLASS_LABELS)[:5],
        format_func=CLASS_LABELS.__getitem__,
        key=state.key("claim_class"),
    )
    sentences = scenario_sentences(check, spending, klass)
    for sentence in sentences:
        st.markdown(f"- {sentence}")
    if not sentences:
        why = check.missing.get("defensible") or check.missing.get("share") or "No spending year for the partners."
        st.caption(f"No scenario: {md_escape(why)}")
    st.markdown("**Public claims about the tri-borough, checked against the outturn**")
    tri = tri_borough_claims(spending)
    st.dataframe(tri, hide_index=True, width="stretch")
    st.caption(f"Net revenue expenditure, {tri.attrs['year']} outturn; the £40m was a projected figure.")


def briefing_block(check: ClaimCheck, names: dict[str, str], real_label: str | None) -> None:
    st.subheader("Councillor's briefing")
    b1, b2 = st.columns(2)
    b1.download_button(
        "Download the briefing (XLSX)",
        lambda: to_xlsx_bytes(briefing_tables(check, names, real_label)),
        file_name="claim-briefing.xlsx",
        key=state.key("claim_xlsx"),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    b2.download_button(
        "Download a printable page (HTML)",
        briefing_html(check, names, real_label),
        file_name="claim-briefing.html",
        mime="text/html",
        key=state.key("claim_html"),
    )
