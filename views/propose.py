"""Propose: anyone can send a missing scheme or a correction, with its source, for the editors to review."""

import streamlit as st

from store.config import database_url
from ui.auth import proposals_enabled
from ui.controls import publish, sidebar_options
from ui.data import data_dir
from ui.proposals import from_upload, proposal_form
from ui.register import in_use, raw_version

options = sidebar_options("propose")
publish(options)

st.title("Propose a scheme or a correction")
if not proposals_enabled():
    st.info(
        "Proposals are switched off on this site: no sign-in provider and editors are configured to review them. "
        "The Methodology page says how the register is kept.",
        icon=":material/edit_off:",
    )
    st.stop()
st.markdown(
    "The register grows from what people send. Each proposal needs its **source**: a link, and the sentence "
    "there that gives the figure, quoted as written, and whether the figure is **annual, cumulative, one-off or "
    "projected**. It is checked as an uploaded register row is, then an editor compares it with the register "
    "before it is added. Your email is optional and never shown publicly."
)
use = in_use()
live = raw_version(database_url(), str(data_dir()), use.latest)
typed, picked = st.tabs(["Type it in", "From your uploaded register"])
with typed:
    proposal_form(live)
with picked:
    from_upload()
