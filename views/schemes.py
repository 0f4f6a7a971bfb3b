"""Schemes: the register as a filterable table, with each scheme's share of its partners' budgets."""

import streamlit as st

from analysis.arithmetic.assessment import schemes_for_display, summarise_selection
from analysis.outputs.charts import scheme_shares_chart
from analysis.outputs.export import to_csv_bytes, to_xlsx_bytes
from analysis.outputs.formatting import format_gbp, format_share
from analysis.schemes.register import filter_schemes
from analysis.vocabulary import BASES, measure_label
from ui import state
from ui.chart_block import chart
from ui.controls import publish, sidebar_options
from ui.tables import scheme_table
from ui.uploads import current_assessment, current_dataset, data_banner
from ui.url_state import flag, synced

dataset = current_dataset()
BASIS_VALUES = [*BASES, "no figure"]


def _bases(value: str) -> list[str]:
    chosen = [b for b in value.split(",") if b]
    if any(b not in BASIS_VALUES for b in chosen):
        raise ValueError(value)
    return chosen


def _partner(value: str) -> tuple[str, str]:
    council_id = dataset.index.codes[value.strip().upper()]
    return (dataset.index.info[council_id]["name"], council_id)


options = sidebar_options(
    "schemes",
    {
        "basis": ("schemes_basis", _bases),
        "partner": ("schemes_partner", _partner),
        "figure": ("schemes_with_figure", flag),
    },
)
a = current_assessment(options)
table = a.schemes

st.title("Shared-service schemes")
data_banner()
st.caption(
    f"{len(table)} rows from the scheme register in use, each figure with its source. Shares are of the "
    f"partners' combined {measure_label(options.measure).lower()} (outturn) in the year nearest the report."
)

f1, f2, f3 = st.columns(3)
areas = f1.multiselect("Service area", sorted(table["service_area"].unique()), key=state.key("schemes_area"))
statuses = f2.multiselect("Status", sorted(table["status"].unique()), key=state.key("schemes_status"))
bases = synced(f3.multiselect, "schemes_basis", "Basis", BASIS_VALUES, default=[])
g1, g2, g3 = st.columns([2, 2, 1])
known = table["year_reported"].dropna().astype(int)
years: tuple[int, int] | None = None
if known.empty:
    g1.caption("No scheme in use states the year it was reported.")
elif known.min() == known.max():  # a slider needs two ends
    g1.caption(f"Every scheme in use that states a year was reported in {int(known.min())}.")
else:
    years = g1.slider(
        "Year reported",
        int(known.min()),
        int(known.max()),
        (int(known.min()), int(known.max())),
        key=state.key("schemes_years"),
    )
partner_names = sorted(set(zip(table["partner_names"].explode().dropna(), table["partner_ids"].explode().dropna())))
partner = synced(
    g2.selectbox,
    "schemes_partner",
    "Partner council",
    [None, *partner_names],
    default=None,
    valid=lambda p: p in [None, *partner_names],
    on_invalid=lambda: st.warning(
        "That council is not a partner in any scheme in the data in use: showing every scheme."
    ),
    format_func=lambda p: "Any" if p is None else p[0],
)
with_figure = synced(g3.toggle, "schemes_with_figure", "With a figure only", default=False)

shown = filter_schemes(table, areas, statuses, bases, years, partner[1] if partner else None, with_figure)
selection = summarise_selection(shown)
m1, m2, m3 = st.columns(3)
m1.metric("Schemes shown", selection.shown, help="Rows of the register after the filters.")
m2.metric(
    "Counted annual savings (each scheme once)",
    "none counted" if selection.counted_annual_gbp is None else format_gbp(selection.counted_annual_gbp),
    help="Second figures, one-off figures and, unless included, projected targets are left out.",
)
m3.metric(
    "Median share of partners' budget",
    "none counted" if selection.median_share is None else format_share(selection.median_share),
    help="Among counted schemes shown with a share.",
)

display = schemes_for_display(shown)
scheme_table(display)
d1, d2, _ = st.columns([1, 1, 3])
# Files are made when the button is clicked (callables): a large table would otherwise be exported on every rerun.
d1.download_button(
    "Download this table (CSV)",
    lambda: to_csv_bytes(display),
    file_name="shared-service-schemes.csv",
    mime="text/csv",
    key=state.key("schemes_csv"),
)
d2.download_button(
    "Download this table (XLSX)",
    lambda: to_xlsx_bytes({"Schemes": display}),
    file_name="shared-service-schemes.xlsx",
    key=state.key("schemes_xlsx"),
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
chart(
    scheme_shares_chart(shown, a.baseline_share, options.measure),
    display,
    f"Shared-service schemes, savings as a share of partners' {measure_label(options.measure).lower()}",
    "shares",
)

ons = dataset.register.set_index("council_id")["ons_code"]
publish(
    options,
    {
        "basis": ",".join(bases) or None,
        "partner": (ons.get(partner[1]) or partner[1]) if partner else None,
        "figure": "1" if with_figure else None,
    },
)
