"""The Methodology page's register section: the version in use, how the register grows, the change log,
any version as CSV or XLSX, and the difference between two versions. Everything a proposal wrote is shown
as data (tables), never as Markdown or HTML, and exported formula-safe."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.curation.versions import SEED_VERSION, diff_versions, for_download
from analysis.outputs.export import to_csv_bytes, to_xlsx_bytes
from store.config import database_url
from store.errors import StoreUnavailable
from ui import state
from ui.auth import proposals_enabled
from ui.data import data_dir
from ui.problems import show_problem
from ui.register import PARAM, in_use, raw_version, register_store, unpin
from ui.text import md_escape

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def change_log() -> pd.DataFrame:
    """One row per version: when, who approved it, what it did (version 1: the bundled file)."""
    rows = [
        {"version": 1, "made": "", "editor": "", "action": "the bundled register file", "scheme": "", "proposal": ""}
    ]
    for c in register_store().changes():
        name = (c.after or c.before or {}).get("scheme_name", "")
        rows.append(
            {
                "version": c.version,
                "made": c.made_at.strftime("%d %b %Y %H:%M UTC"),
                "editor": c.editor,
                "action": {"add": "added", "change": "corrected", "remove": "removed"}.get(c.action, c.action),
                "scheme": f"{c.scheme_id}: {name}",
                "proposal": "" if c.proposal_id is None else str(c.proposal_id),
            }
        )
    return pd.DataFrame(rows)


def _proposals_note() -> None:
    if not proposals_enabled():
        st.info(
            "**Proposals are switched off on this site**: no sign-in provider and editors are configured, so the "
            "register stays as bundled. The README's *Deploying for a team* says how to switch them on.",
            icon=":material/edit_off:",
        )
        return
    st.markdown(
        "Anyone can propose a new scheme or a correction on the **Propose** page, each with its source (a link "
        "and the sentence giving the figure) and its basis. Editors sign in and review each proposal beside the "
        "register rows it may duplicate; every approval makes a new numbered version, and every editor action "
        "is kept in an audit log."
    )


def _downloads(url: str, folder: str, latest: int) -> None:
    versions = list(range(latest, 0, -1))
    c1, c2, c3 = st.columns([2, 1, 1], vertical_alignment="bottom")
    chosen = c1.selectbox("Download version", versions, key=state.key("register.download"))
    table = for_download(raw_version(url, folder, chosen))
    c2.download_button(
        "Download CSV",
        lambda: to_csv_bytes(table),
        file_name=f"scheme-register-v{chosen}.csv",
        mime="text/csv",
        key=state.key("register.csv"),
    )
    c3.download_button(
        "Download XLSX",
        lambda: to_xlsx_bytes({f"Register v{chosen}": table}),
        file_name=f"scheme-register-v{chosen}.xlsx",
        mime=XLSX,
        key=state.key("register.xlsx"),
    )
    if latest == SEED_VERSION:
        return
    st.markdown("**What changed between two versions**")
    d1, d2 = st.columns(2)
    old = d1.selectbox("From version", versions, index=len(versions) - 1, key=state.key("register.diff_from"))
    new = d2.selectbox("To version", versions, index=0, key=state.key("register.diff_to"))
    diff = diff_versions(raw_version(url, folder, old), raw_version(url, folder, new))
    if diff.empty:
        st.caption("No difference.")
    for title, frame in (("Added", diff.added), ("Changed (cell by cell)", diff.changed), ("Removed", diff.removed)):
        if len(frame):
            st.caption(f"{title}: {len(frame)} row{'s' if len(frame) != 1 else ''}")
            st.dataframe(frame, hide_index=True, width="stretch")


def register_section() -> None:
    """The register's versions, for the Methodology page."""
    st.subheader("The scheme register and its versions")
    use = in_use()
    _proposals_note()
    if use.problem:
        st.warning(
            "The register's database cannot be reached, so every page uses the bundled register (version 1). "
            + md_escape(use.problem),
            icon=":material/cloud_off:",
        )
        return
    pinned = " (chosen by this page's link)" if use.pinned else " (the live register)"
    st.markdown(f"**Version in use: {use.version}**{pinned}. The live register is version **{use.latest}**.")
    st.caption(f"A link with `?{PARAM}={use.version}` keeps showing this version's figures after the register grows.")
    if use.pinned:
        st.button("Use the live register", on_click=unpin, key=state.key("register.unpin"))
    try:
        st.markdown("**Change log**")
        st.dataframe(change_log(), hide_index=True, width="stretch")
        _downloads(database_url(), str(data_dir()), use.latest)
    except StoreUnavailable as problem:
        show_problem(problem, "The change log cannot be read just now:", "unavailable")
