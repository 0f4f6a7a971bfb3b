"""Check a claim: the scrutiny a councillor or auditor would apply to one savings figure."""

import streamlit as st

from analysis.arithmetic.claims import RATING_RULE, check_claim, partner_percentiles
from analysis.arithmetic.savings import budget_lookup, council_shares
from analysis.arithmetic.scenarios import scale_up, tri_borough_claims
from analysis.errors import InputProblem
from analysis.outputs.briefing import briefing_html, briefing_tables
from analysis.outputs.charts import claim_waterfall_chart
from analysis.outputs.export import to_xlsx_bytes
from analysis.outputs.formatting import format_gbp, format_share, format_times
from analysis.spending.prices import read_deflators, to_real_terms
from analysis.vocabulary import CLASS_LABELS
from ui import state
from ui.chart_block import chart
from ui.claim_views import caption_share, flags_block, scheme_claim, shares_table, typed_claim
from ui.controls import publish, sidebar_options
from ui.data import data_dir
from ui.text import md_escape
from ui.uploads import current_assessment, current_dataset, data_banner
from ui.url_state import choice, keep, prepare, remember, wkey

dataset = current_dataset()
with_figures = set(dataset.schemes.loc[dataset.schemes["has_figure"], "scheme_id"])


def _scheme(value: str) -> str:
    if value not in with_figures:
        raise ValueError(value)
    return value


options = sidebar_options(
    "check_claim", {"scheme": ("claim_scheme", _scheme), "claim": ("claim_mode", choice(["scheme", "typed"]))}
)
prepare({"claim_mode": "scheme"})
a = current_assessment(options)
names = dict(zip(dataset.register["council_id"], dataset.register["name"]))

st.title("Check a claim")
data_banner()
st.markdown(
    "Choose a scheme from the data or type the claim from your papers. Every figure below says what it "
    "is; the steps from the claim to a defensible annual saving are shown one by one."
)
mode = st.radio(
    "Claim",
    ["scheme", "typed"],
    horizontal=True,
    key=wkey("claim_mode"),
    on_change=keep("claim_mode"),
    format_func={"scheme": "Choose a scheme", "typed": "Type a claim"}.get,
)
claim = scheme_claim(a.schemes) if mode == "scheme" else typed_claim(dataset.register)
remember("claim_mode", mode)
scheme_id = st.session_state.get(wkey("claim_scheme")) if mode == "scheme" else None
remember("claim_scheme", scheme_id)
publish(options, {"claim": None if mode == "scheme" else mode, "scheme": scheme_id})
if claim is None:
    st.stop()
target = (
    st.number_input(
        "Target share of budget to compare with (%)",
        0.0,
        100.0,
        min(100.0, round(a.baseline_share * 100, 2)) if a.baseline_share == a.baseline_share else 0.53,
        step=0.1,
        key=state.key("claim_target"),
    )
    / 100
)
check = check_claim(claim, dataset, a.baseline_share, target)

m1, m2, m3, m4 = st.columns(4)
m1.metric(
    "Annual equivalent"
    + (" (derived)" if claim.basis == "cumulative" else "")
    + (" (projected)" if claim.projected else ""),
    format_gbp(check.annual_gbp),
    help=f"{claim.basis} as stated" + (", projected" if claim.projected else ", achieved"),
)
m2.metric("Share of partners' revenue expenditure", format_share(check.combined_share), help=caption_share(check))
m3.metric("Against the LGA's 0.53% as quoted", format_times(check.times_baseline))
m4.metric("Defensible annual saving", format_gbp(check.defensible_gbp), help="After every step below.")
n1, n2, n3 = st.columns(3)
n1.metric("Costs (implementation + external funding)", format_gbp(check.costs_gbp))
n2.metric(
    "Payback",
    "—" if check.payback_years != check.payback_years else f"{check.payback_years:.1f} years",
    help="Costs ÷ annual saving.",
)
n3.metric(
    f"£ a year more to reach {format_share(target)}",
    format_gbp(check.gbp_to_target),
    help="Target share × the partners' revenue expenditure, minus the annual equivalent.",
)
if check.one_off_gbp:
    st.caption(f"One-off saving of {format_gbp(check.one_off_gbp)}: shown separately, never added to annual totals.")

flags_block(check, RATING_RULE)
chart(
    claim_waterfall_chart(check.steps, claim.label), check.steps, f"Claimed to defensible: {claim.label}", "waterfall"
)
with st.expander("Each step in words"):
    st.dataframe(
        check.steps.assign(
            change=check.steps["change_gbp"].map(format_gbp), running=check.steps["running_gbp"].map(format_gbp)
        )[["step", "change", "running", "explanation"]],
        hide_index=True,
        width="stretch",
    )

st.subheader("Share of each budget, every measure side by side")
st.caption(
    "The spread between measures is part of the answer: net revenue expenditure is about half of revenue "
    "expenditure. Each partner's part is split by its revenue expenditure."
)
st.dataframe(shares_table(check), hide_index=True, width="stretch")

if claim.council_ids and check.spending_year:
    peers = council_shares(
        a.apportioned, budget_lookup(dataset.spending, "revenue_expenditure"), check.spending_year, dataset.register
    )
    ranks = partner_percentiles(check, peers, dataset.register)
    st.dataframe(
        ranks.assign(
            **{
                "its share": ranks["share"].map(format_share),
                "class": ranks["class"].map(CLASS_LABELS),
                "percentile among its class with recorded savings": [
                    "—" if n == 0 else f"{p:.0f}th of {n}"
                    for p, n in zip(ranks["percentile"], ranks["class_with_savings"])
                ],
            }
        )[["name", "class", "its share", "percentile among its class with recorded savings"]],
        hide_index=True,
        width="stretch",
    )

st.subheader("Real terms")
real_label = None
try:
    deflators = read_deflators(data_dir() / "prices")
    c1, c2 = st.columns(2)
    years = list(deflators["fy_start"])
    base = c1.selectbox(
        "Show in the prices of",
        years,
        index=years.index(2023) if 2023 in years else len(years) - 1,
        format_func=lambda y: f"{y}-{(y + 1) % 100:02d}",
        key=state.key("claim_base_year"),
    )
    real = to_real_terms(check.defensible_gbp, claim.year_reported, base, deflators)
    forecast = bool(deflators.set_index("fy_start").at[base, "forecast"])
    real_label = (
        f"{format_gbp(real)} a year in {base}-{(base + 1) % 100:02d} prices (real terms, GDP deflator"
        + (", forecast year" if forecast else "")
        + f"), from {format_gbp(check.defensible_gbp)} in {claim.year_reported} prices"
    )
    c2.metric("Defensible annual saving, real terms", format_gbp(real), help=real_label)
except InputProblem as problem:
    st.info(f"Real terms are not available: {md_escape(problem.message)}")

st.subheader("Scenarios")
klass = st.selectbox(
    "If every council of this class saved the same share of its budget",
    list(CLASS_LABELS)[:5],
    format_func=CLASS_LABELS.get,
    key=state.key("claim_class"),
)
if check.spending_year and check.defensible_share == check.defensible_share:
    for share, what in (
        (check.combined_share, "the share as claimed"),
        (check.defensible_share, "the defensible share"),
    ):
        st.markdown(
            f"- {scale_up(dataset.spending, share, klass, 'revenue_expenditure', check.spending_year).sentence}"
            f" (using {what})"
        )
st.markdown("**Public claims about the tri-borough, checked against the outturn**")
tri = tri_borough_claims(dataset.spending)
st.dataframe(tri, hide_index=True, width="stretch")
st.caption(f"Net revenue expenditure, {tri.attrs['year']} outturn; the £40m was a projected figure.")

st.subheader("Councillor's briefing")
real_text = real_label
b1, b2 = st.columns(2)
b1.download_button(
    "Download the briefing (XLSX)",
    lambda: to_xlsx_bytes(briefing_tables(check, names, real_text)),
    file_name="claim-briefing.xlsx",
    key=state.key("claim_xlsx"),
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
b2.download_button(
    "Download a printable page (HTML)",
    briefing_html(check, names, real_text),
    file_name="claim-briefing.html",
    mime="text/html",
    key=state.key("claim_html"),
)
