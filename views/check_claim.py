"""Check a claim: the scrutiny a councillor or auditor would apply to one savings figure."""

import streamlit as st

from analysis.arithmetic.claim_context import partner_peers
from analysis.arithmetic.claims import check_claim
from ui.claim_inputs import scheme_claim, target_share_input, typed_claim
from ui.claim_views import (
    briefing_block,
    flags_block,
    headline_metrics,
    real_terms_block,
    scenarios_block,
    shares_block,
    steps_block,
)
from ui.controls import publish, sidebar_options
from ui.uploads import current_assessment, current_dataset, data_banner
from ui.url_state import choice, remember, saved, synced

dataset = current_dataset()
with_figures = set(dataset.schemes.loc[dataset.schemes["has_figure"], "scheme_id"])


def _scheme(value: str) -> str:
    if value not in with_figures:
        raise ValueError(value)
    return value


options = sidebar_options(
    "check_claim", {"scheme": ("claim_scheme", _scheme), "claim": ("claim_mode", choice(["scheme", "typed"]))}
)
a = current_assessment(options)
names = dict(zip(dataset.register["council_id"], dataset.register["name"]))

st.title("Check a claim")
data_banner()
st.markdown(
    "Choose a scheme from the data or type the claim from your papers. Every figure below says what it "
    "is; the steps from the claim to a defensible annual saving are shown one by one. What the claim does "
    "not state is shown as *not stated*, never as zero."
)
mode = synced(
    st.radio,
    "claim_mode",
    "Claim",
    ["scheme", "typed"],
    default="scheme",
    horizontal=True,
    format_func={"scheme": "Choose a scheme", "typed": "Type a claim"}.get,
)
claim = scheme_claim(a.schemes) if mode == "scheme" else typed_claim(dataset.register)
scheme_id = saved("claim_scheme") if mode == "scheme" else None
remember("claim_scheme", scheme_id)
publish(options, {"claim": None if mode == "scheme" else mode, "scheme": scheme_id})
if claim is None:
    st.stop()
target = target_share_input(a.baseline_share)
check = check_claim(claim, dataset, a.baseline_share, target)

headline_metrics(check, target)
flags_block(check)
steps_block(check)
shares_block(check, partner_peers(check, dataset, a.apportioned))
real_label = real_terms_block(check)
scenarios_block(check, dataset.spending)
briefing_block(check, names, real_label)
