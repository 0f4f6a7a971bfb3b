"""The Propose page's blocks: a proposal typed into a form, or rows picked from an upload read on the Upload
page; each checked as an uploaded row is (analysis/curation/proposals.py), kept for the editors' review."""

from __future__ import annotations

from typing import Literal

import pandas as pd
import streamlit as st

from analysis.curation.proposals import BASIS_WORDS, ProposalCheck, check_form, check_upload_row, email_problem
from analysis.curation.versions import REGISTER_COLUMNS
from analysis.errors import InputProblem
from analysis.uploads.pipeline import UploadResult
from store.register import ProposalRequest
from ui import state
from ui.problems import show_problem
from ui.register import register_dataset, register_store
from ui.text import md_escape
from ui.uploads import read_or_problem, settings_for, stored_files

STATUSES = ("", "operational", "planned", "ended", "unknown")
TEXT_FIELDS = {
    "scheme_name": "Scheme name",
    "partner_councils": "Partner councils (separate them with ;)",
    "service_area": "Service area",
    "savings_gbp": "Savings figure (£; 1.2m and 450k are fine)",
    "savings_period": "Period the figure covers (as the source says it)",
    "year_reported": "Year reported",
    "start_year": "Year the scheme started",
    "source_url": "Source: link to the page or document",
}


def submitter() -> str:
    return state.session_token("register.submitter")


def show_check(check: ProposalCheck) -> None:
    for problem in check.problems:
        st.error(md_escape(problem), icon=":material/error:")
    if len(check.report):
        st.caption("The row report, as for an uploaded register")
        st.dataframe(check.report, hide_index=True, width="stretch")


def _keep(check: ProposalCheck, origin: str, target: str | None, email: str) -> int | None:
    try:
        kind: Literal["new", "correction"] = "correction" if target else "new"
        request = ProposalRequest(kind, check.row, check.report, origin, submitter(), target, email or None)
        return register_store().propose(request)
    except InputProblem as problem:
        show_problem(problem)
        return None


def proposal_form(live: pd.DataFrame) -> None:
    """A new scheme, or a correction of a row of the live register, typed in."""
    kind = st.radio(
        "What are you proposing?",
        ["new", "correction"],
        horizontal=True,
        key=state.key("propose.kind"),
        format_func={"new": "A scheme missing from the register", "correction": "A correction to a scheme"}.get,
    )
    target, current = None, {c: "" for c in REGISTER_COLUMNS}
    if kind == "correction":
        names = dict(zip(live["scheme_id"], live["scheme_name"]))
        target = st.selectbox(
            "The scheme to correct",
            list(names),
            format_func=lambda s: f"{s}: {names[s]}",
            key=state.key("propose.target"),
        )
        current = {c: str(v) for c, v in live.set_index("scheme_id").loc[target, list(REGISTER_COLUMNS)].items()}
    with st.form(state.key(f"propose.form.{target}"), border=True):
        fields = {k: st.text_input(label, value=current[k], max_chars=1000) for k, label in TEXT_FIELDS.items()}
        bases = ["", *BASIS_WORDS]
        fields["savings_basis"] = st.selectbox(
            "The figure is…",
            bases,
            index=bases.index(current["savings_basis"]) if current["savings_basis"] in bases else 0,
            format_func=lambda b: BASIS_WORDS.get(b, "(choose: annual, cumulative, one-off or projected)"),
        )
        fields["source_quote"] = st.text_area(
            "The sentence of the source that gives the figure, quoted exactly",
            value=current["source_quote"],
            max_chars=1500,
        )
        fields["status"] = st.selectbox(
            "Status", STATUSES, index=STATUSES.index(current["status"]) if current["status"] in STATUSES else 0
        )
        fields["notes"] = st.text_area("Notes (optional)", value=current["notes"], max_chars=1000)
        email = st.text_input("Your email (optional; never shown publicly, only editors see it)", max_chars=254)
        go = st.form_submit_button("Send the proposal", type="primary")
    if not go:
        return
    if problem := email_problem(email):
        st.error(md_escape(problem), icon=":material/error:")
        return
    check = check_form(
        fields | {"external_funding_gbp": current["external_funding_gbp"], "listed_in": current["listed_in"]},
        register_dataset(),
    )
    show_check(check)
    if check.ok and (pid := _keep(check, "proposal form", target, email)) is not None:
        st.success(f"Thank you: proposal {pid} is waiting for an editor's review.", icon=":material/check_circle:")


def _scheme_reads() -> dict[str, UploadResult]:
    reads = {}
    for fid, (name, data) in stored_files().items():
        result = read_or_problem(data, name, settings_for(fid))
        if isinstance(result, UploadResult) and result.kind == "schemes" and len(result.schemes):
            reads[fid] = result
    return reads


def from_upload() -> None:
    """Tick rows of a register read on the Upload page, give each its source, and propose them."""
    reads = _scheme_reads()
    if not reads:
        st.caption("Read a scheme register on the Upload page first; its rows then appear here to pick from.")
        return
    fid = st.selectbox(
        "Your uploaded register", list(reads), format_func=lambda f: reads[f].file, key=state.key("propose.file")
    )
    result = reads[fid]
    s = result.schemes
    table = pd.DataFrame(
        {
            "propose": False,
            "row": s["source_row"].astype(int),
            "scheme": s["scheme_name"],
            "partners": ["; ".join(p) for p in s["partners"]],
            "savings £": s["savings_gbp"],
            "basis": s["basis"],
            "source link": s["source_url"].fillna(""),
            "quoted sentence": "",
        }
    )
    edited = st.data_editor(
        table,
        hide_index=True,
        width="stretch",
        key=state.key(f"propose.rows.{fid}"),
        disabled=["row", "scheme", "partners", "savings £", "basis"],
    )
    email = st.text_input("Your email (optional; never shown publicly)", key=state.key("propose.upload_email"))
    if not st.button("Propose the ticked rows", type="primary", key=state.key("propose.upload_go")):
        return
    if problem := email_problem(email):
        st.error(md_escape(problem), icon=":material/error:")
        return
    outcomes = []
    for r in edited[edited["propose"].astype(bool)].to_dict("records"):
        check = check_upload_row(result, int(r["row"]), str(r["source link"] or ""), str(r["quoted sentence"] or ""))
        pid = _keep(check, f"{result.file}, row {r['row']}", None, email) if check.ok else None
        outcome = "waiting for review" if pid else " ".join(check.problems) or "not kept"
        outcomes.append({"row": r["row"], "scheme": r["scheme"], "proposal": pid or "", "outcome": outcome})
    st.dataframe(pd.DataFrame(outcomes), hide_index=True, width="stretch")
