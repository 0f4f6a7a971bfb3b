"""Overview: the headline, what its numbers really are, and the register against national spending."""

import streamlit as st

from analysis.arithmetic.assessment import summarise_selection
from analysis.outputs.charts import coverage_chart, headline_readings_chart, lga_timeline_chart, national_spending_chart
from analysis.outputs.formatting import format_gbp, format_share, format_times
from analysis.outputs.key_facts import england_facts
from analysis.vocabulary import TOTAL_MEASURES, measure_label
from ui.chart_block import chart
from ui.controls import publish, sidebar_options
from ui.text import md_escape
from ui.uploads import current_assessment, current_dataset, data_banner
from ui.url_state import flag, synced

OVERVIEW_DEFAULT = ["revenue_expenditure", "net_revenue_expenditure"]


def _measures(value: str) -> list[str]:
    chosen = [m for m in value.split(",") if m]
    if not chosen or any(m not in TOTAL_MEASURES for m in chosen):
        raise ValueError(value)
    return chosen


options = sidebar_options(
    "overview", {"measures": ("overview_measures", _measures), "principal": ("overview_principal", flag)}
)
dataset = current_dataset()
a = current_assessment(options)
den = a.denominator
quoted, cumulative = a.readings.iloc[0], a.readings.iloc[1]

st.title("Do shared services save councils much?")
data_banner()
st.markdown(
    f"The LGA said in June 2016 that councils had saved **more than £0.5bn** by sharing services. Against "
    f"**{format_gbp(den.value_gbp)}** of council spending ({den.label}, {den.authorities} "
    f"authorities) that is **{format_share(quoted.share)}**, a figure quoted as if it were a year's saving. "
    f"It is not: the LGA's total is **cumulative since 2012**. Spread over the years it took, it is about "
    f"**{format_gbp(cumulative.annual_gbp)} a year, {format_share(cumulative.share)}** of spending."
)
c1, c2, c3, c4 = st.columns(4)
c1.metric("As quoted (£0.5bn ÷ one year)", format_share(quoted.share), help=quoted.explanation)
c2.metric(
    "Cumulative, read per year (derived)",
    format_share(cumulative.share),
    delta=f"as quoted is {format_times(cumulative.quoted_over_this)} bigger",
    delta_color="off",
    delta_arrow="off",
    help=cumulative.explanation,
)
c3.metric("Denominator", format_gbp(den.value_gbp), help=f"Sum of {den.label} over every authority row.")
c4.metric(
    "This register: counted annual savings (derived)",
    format_share(a.national["share"]),
    delta=f"{format_gbp(a.national['annual_savings_gbp'])} a year, {summarise_selection(a.schemes).counted} schemes",
    delta_color="off",
    delta_arrow="off",
    help="Each scheme counted once; second figures, one-off figures and (unless included) projected targets left out.",
)

with st.expander("Key facts in words, ready to paste (each with its source)"):
    for sentence, source in england_facts(a):
        st.markdown(f"- {md_escape(sentence)} *Source: {md_escape(source)}.*")

chart(
    headline_readings_chart(a.readings, den.label),
    a.readings[["reading", "annual_gbp", "denominator_gbp", "share", "kind", "explanation"]],
    f"LGA savings readings as a share of {den.label}",
    "readings",
)

st.subheader("What the LGA announced, year by year")
chart(
    lga_timeline_chart(dataset.lga_timeline),
    dataset.lga_timeline[["date", "savings_gbp", "basis", "arrangements", "councils", "source_url", "source_quote"]],
    "LGA shared-service savings announcements",
    "timeline",
)

st.subheader("National spending by year and measure")
left, right = st.columns([3, 1])
chosen = synced(
    right.multiselect,
    "overview_measures",
    "Measures",
    TOTAL_MEASURES,
    default=OVERVIEW_DEFAULT,
    format_func=measure_label,
)
principal = synced(
    right.toggle,
    "overview_principal",
    "Principal councils only",
    default=False,
    help="Leave out class O bodies: police, fire, transport, waste, national parks and the GLA.",
)
with left:
    chart(
        national_spending_chart(dataset.national, chosen, principal),
        dataset.national[dataset.national["measure"].isin(chosen)],
        "English local authority spending by year",
        "national",
    )
with st.expander("Published national headlines, for comparison"):
    st.dataframe(dataset.published_baselines, hide_index=True, width="stretch")

st.subheader("The scheme register against national spending")
st.markdown(
    f"The **{len(a.schemes)}** rows of the scheme register in use add up to "
    f"**{format_gbp(a.national['annual_savings_gbp'])} a year** of counted savings: "
    f"**{format_share(a.national['share'], 3)}** of {den.label}. The register is a "
    f"curated sample of public claims, not a census: it shows how the evidence looks, not the national total."
)
chart(coverage_chart(a.coverage), a.coverage, "Shared-service savings evidence coverage", "coverage")

publish(
    options,
    {"measures": None if chosen == OVERVIEW_DEFAULT else ",".join(chosen), "principal": "1" if principal else None},
)
