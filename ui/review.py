"""The Review page's blocks, for signed-in editors only: each pending proposal beside the register rows it
may duplicate, its source, its annual equivalent and share as the pages would compute them, and the
decisions (approve, edit then approve, reject with a reason); the audit log. Proposal text is shown as
data (tables, escaped text), never as Markdown or HTML."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from analysis.arithmetic.assessment import Options
from analysis.curation.duplicates import likely_duplicates
from analysis.curation.proposals import check_form, proposal_figures
from analysis.curation.versions import REGISTER_COLUMNS
from analysis.dataset import Dataset
from analysis.errors import InputProblem
from analysis.outputs.formatting import format_gbp, format_share
from store.register import Proposal
from ui import state
from ui.problems import show_problem
from ui.proposals import TEXT_FIELDS, show_check
from ui.register import register_store
from ui.text import md_escape

LABELS = TEXT_FIELDS | {
    "savings_basis": "Basis",
    "status": "Status",
    "source_quote": "Quoted sentence",
    "notes": "Notes",
    "external_funding_gbp": "External funding (£)",
    "listed_in": "Listed in",
}


def _fields(p: Proposal, current: dict[str, str] | None) -> pd.DataFrame:
    rows = [
        {"field": c, "proposed": p.row.get(c, "")} | ({"now in the register": current.get(c, "")} if current else {})
        for c in REGISTER_COLUMNS
    ]
    return pd.DataFrame(rows)


def _figures(p: Proposal, dataset: Dataset, options: Options) -> dict:
    f = proposal_figures(p.row, dataset, options)
    c1, c2, c3 = st.columns(3)
    c1.metric("Annual equivalent", format_gbp(f["annual_gbp"]), help=f["annual_note"])
    c2.metric(
        "Share of partners' budget",
        format_share(f["share"]),
        help=f"Spending year {f['spending_year'] or 'not found'}; {options.measure.replace('_', ' ')}, outturn.",
    )
    c3.metric("Counted in totals", "yes" if f["counts"] else "no", help=f["why_not_counted"] or None)
    return f


def _decide(p: Proposal, editor: str, before: dict[str, str] | None, latest: int, dataset: Dataset) -> None:
    store = register_store()
    approve, edit, reject = st.tabs(["Approve", "Edit then approve", "Reject"])
    try:
        with approve:
            if st.button("Approve as proposed", type="primary", key=state.key(f"review.approve.{p.id}")):
                version = store.approve(p.id, editor, before, p.row, latest)
                state.put("review.done", f"Proposal {p.id} approved: the register is now version {version}.")
                st.rerun()
        with edit, st.form(state.key(f"review.edit.{p.id}")):
            edited = {
                c: st.text_input(LABELS.get(c, c), value=p.row.get(c, ""), key=state.key(f"review.f.{p.id}.{c}"))
                for c in REGISTER_COLUMNS
            }
            if st.form_submit_button("Check and approve the edited row"):
                check = check_form(edited, dataset, label=f"proposal {p.id} as edited")
                show_check(check)
                if check.ok:
                    version = store.approve(p.id, editor, before, check.row, latest)
                    state.put(
                        "review.done", f"Proposal {p.id} approved as edited: the register is now version {version}."
                    )
                    st.rerun()
        with reject, st.form(state.key(f"review.reject.{p.id}")):
            reason = st.text_input("Reason (kept in the log)", max_chars=1000, key=state.key(f"review.reason.{p.id}"))
            if st.form_submit_button("Reject"):
                store.reject(p.id, editor, reason)
                state.put("review.done", f"Proposal {p.id} rejected.")
                st.rerun()
    except InputProblem as problem:
        show_problem(problem)


def proposal_block(
    p: Proposal, editor: str, live: pd.DataFrame, dataset: Dataset, latest: int, options: Options
) -> None:
    current_rows = live.set_index("scheme_id")
    before = None
    if p.target_scheme_id:
        before = (
            {c: str(current_rows.at[p.target_scheme_id, c]) for c in REGISTER_COLUMNS}
            if p.target_scheme_id in current_rows.index
            else None
        )
    what = f"correction of {p.target_scheme_id}" if p.target_scheme_id else "new scheme"
    with st.container(border=True):
        st.markdown(f"#### Proposal {p.id}: {md_escape(p.row.get('scheme_name', ''))}")
        st.caption(md_escape(f"{what}; sent {p.submitted_at:%d %b %Y %H:%M} UTC from {p.origin}"))
        url = p.row.get("source_url", "")
        s1, s2 = st.columns([5, 1])
        s1.text(f"Source: {url}")  # as written: text, never a rendered link or Markdown
        if url.startswith(("https://", "http://")):
            s2.link_button("Open the source", url)
        st.markdown("> " + md_escape(p.row.get("source_quote", "")))
        if p.contact_email:
            st.text(f"Contact (editors only): {p.contact_email}")
        figures = _figures(p, dataset, options)
        left, right = st.columns(2)
        with left:
            st.markdown("**The proposal**")
            st.dataframe(_fields(p, before), hide_index=True, width="stretch")
            st.caption("Row report")
            st.dataframe(p.report, hide_index=True, width="stretch")
        with right:
            st.markdown("**Register rows it may duplicate**")
            others = dataset.schemes[dataset.schemes["scheme_id"] != p.target_scheme_id]
            dupes = likely_duplicates(
                p.row.get("scheme_name", ""), figures["partner_ids"], p.row.get("service_area", ""), others
            )
            if dupes.empty:
                st.caption("None: no row shares its partners and service, and no name is close.")
            else:
                st.dataframe(dupes, hide_index=True, width="stretch")
        _decide(p, editor, before, latest, dataset)


def audit_table() -> pd.DataFrame:
    dump = lambda v: "" if v is None else json.dumps(v, ensure_ascii=False)  # noqa: E731
    return pd.DataFrame(
        [
            {
                "when": e.at.strftime("%d %b %Y %H:%M:%S UTC"),
                "editor": e.editor,
                "action": e.action,
                "proposal": e.proposal_id,
                "version": e.version,
                "reason": e.reason or "",
                "before": dump(e.before),
                "after": dump(e.after),
            }
            for e in register_store().audit_log()
        ],
        columns=["when", "editor", "action", "proposal", "version", "reason", "before", "after"],
    )
