"""Review: signed-in editors approve, edit then approve, or reject proposals. Anyone else sees a sign-in
prompt or a refusal, and no proposal."""

import streamlit as st

from store.config import database_url
from store.errors import StoreUnavailable
from ui import state
from ui.auth import current_editor, proposals_enabled, sign_in_button, sign_out_button, signed_in
from ui.controls import publish, sidebar_options
from ui.data import data_dir
from ui.problems import show_problem
from ui.register import in_use, live_dataset, raw_version, register_store
from ui.review import audit_table, proposal_block
from ui.text import md_escape

options = sidebar_options("review")
publish(options)
st.title("Review proposals")

if not proposals_enabled():
    st.info("Proposals are switched off on this site, so there is nothing to review.", icon=":material/edit_off:")
    st.stop()
editor = current_editor()
if editor is None:
    claims = signed_in()
    if claims:
        st.error(
            md_escape(
                f"You are signed in as {claims.get('email') or 'an account without an email'}, which is not an "
                "editor on this site. Only editors can review proposals."
            ),
            icon=":material/block:",
        )
        sign_out_button()
    else:
        st.info("Only editors can review proposals. Sign in to continue.", icon=":material/lock:")
        sign_in_button()
    st.stop()

top = st.columns([4, 1])
top[0].caption(md_escape(f"Signed in as {editor}, an editor."))
with top[1]:
    sign_out_button()
if done := state.get("review.done"):
    st.success(done, icon=":material/check_circle:")
    state.put("review.done", None)
try:
    latest = in_use().latest
    pending = register_store().proposals("pending")
    live, dataset = raw_version(database_url(), str(data_dir()), latest), live_dataset()
except StoreUnavailable as problem:
    show_problem(problem, "The proposals cannot be read just now:", "unavailable")
    st.stop()
st.markdown(f"The live register is version **{latest}**; {len(pending)} proposal(s) await review, oldest first.")
for proposal in pending:
    proposal_block(proposal, editor, live, dataset, latest, options)
with st.expander("Audit log: every editor action"):
    st.dataframe(audit_table(), hide_index=True, width="stretch")
