"""Councils: find a council, see its spending, its schemes and its savings against its class."""

import streamlit as st

from analysis.arithmetic.assessment import council_profile, default_council, default_council_year, schemes_for_display
from analysis.councils.names import match_council
from analysis.outputs.charts import council_spending_chart, peer_shares_chart
from analysis.outputs.key_facts import council_facts
from analysis.vocabulary import measure_label
from ui import state
from ui.chart_block import chart
from ui.controls import publish, sidebar_options
from ui.council_views import council_metrics
from ui.tables import scheme_table
from ui.text import md_escape
from ui.uploads import current_assessment, current_dataset, data_banner
from ui.url_state import choice, remember, synced, wkey

dataset = current_dataset()
register = dataset.register
years_known = sorted(dataset.spending["year"].unique())


def _council(value: str) -> str:
    return dataset.index.codes[value.strip().upper()]


options = sidebar_options("councils", {"council": ("council", _council), "year": ("council_year", choice(years_known))})
a = current_assessment(options)
choices = register.sort_values(["class", "name"]).assign(o=lambda r: r["class"] == "O").sort_values(["o", "name"])
labels = dict(zip(choices["council_id"], choices["name"] + " (" + choices["class"] + ")"))
ids = list(choices["council_id"])


def _use_typed_name() -> None:
    typed = state.get("council_typed", "")
    match = match_council(typed, dataset.index)
    state.put("council_match", match)
    if match.result == "matched":
        st.session_state[wkey("council")] = match.council_id
        remember("council", match.council_id)


st.title("Councils")
data_banner()
left, right = st.columns([2, 2])
council_id = synced(
    left.selectbox,
    "council",
    "Council",
    ids,
    default=default_council(a) or ids[0],
    valid=labels.__contains__,
    format_func=labels.get,
)
right.text_input(
    "…or type a name as your papers spell it (e.g. 'LB Harrow', 'Bucks CC', 'RBKC')",
    key=state.key("council_typed"),
    on_change=_use_typed_name,
)
match = state.get("council_match")
if match is not None and match.result != "matched":
    hint = "; ".join(match.suggestions) or "no close names"
    right.warning(
        f"'{md_escape(match.query)}' is {match.result}: {md_escape(match.note)}. Suggestions: {md_escape(hint)}"
    )
elif match is not None:
    right.caption(
        f"Matched '{md_escape(match.query)}' to {md_escape(match.name)} ({match.method}, score {match.score:.0f})."
    )

rec = register.set_index("council_id").loc[council_id]
st.markdown(
    f"**{md_escape(rec['official_name'])}**: {rec['class_label']}, {rec['region'] or 'region not recorded'}"
    + (f", in {md_escape(rec['county'])}" if rec["county"] else "")
    + f". ONS code {rec['ons_code'] or '—'}, E-code {rec['ecode'] or '—'}"
    + (f". Abolished {rec['end_date']}, succeeded by {md_escape(rec['successor'])}" if rec["end_date"] else "")
)

have = sorted(set(dataset.spending.loc[dataset.spending["council_id"] == council_id, "year"]) & set(a.outturn_years))
if not have:
    st.info("This council has no outturn spending in the data in use, so no share can be computed.")
    remember("council", council_id)
    publish(options, {"council": rec["ons_code"] or rec["ecode"] or None})
    st.stop()
year = synced(
    st.select_slider,
    "council_year",
    "Spending year for the share (outturn)",
    have,
    default=default_council_year(dataset, council_id, a.outturn_years, options.measure),
    valid=have.__contains__,
)
profile = council_profile(dataset, a, council_id, year)
if profile.measure_note:
    st.info(profile.measure_note)
council_metrics(profile, rec["class_label"], profile.measure, options.method)
counts = profile.peer_counts

with st.expander("Key facts in words, ready to paste (each with its source)", expanded=True):
    for sentence, source in council_facts(profile, a):
        st.markdown(f"- {md_escape(sentence)} *Source: {md_escape(source)}.*")

chart(
    council_spending_chart(profile.spending, rec["name"]),
    profile.spending[["year", "stage", "measure", "value_gbp", "source_file"]],
    f"{rec['name']} spending by service",
    "council_spending",
)
st.subheader("Schemes it is a partner in")
if profile.schemes.empty:
    st.info("The scheme register in use lists no scheme for this council.")
else:
    shown = schemes_for_display(profile.schemes).assign(
        **{"Its part £ (apportioned)": profile.schemes["apportioned_gbp"]}
    )
    scheme_table(shown)

st.subheader(f"Against other {rec['class_label'].lower()}s")
chart(
    peer_shares_chart(
        profile.peers,
        council_id,
        a.baseline_share,
        f"{rec['name']} among {rec['class_label'].lower()}s with recorded savings",
        f"Apportioned annual savings / own {measure_label(profile.measure).lower()}, {year} outturn; "
        f"{counts['without_savings']} councils of this class have no counted saving in the register",
    ),
    profile.peers[["name", "class", "region", "annual_savings_gbp", "budget_gbp", "share", "n_schemes", "year"]],
    f"{rec['name']} savings against its class",
    "peers",
)

publish(options, {"council": rec["ons_code"] or rec["ecode"] or None, "year": year})
