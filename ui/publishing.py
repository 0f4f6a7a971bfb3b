"""The Upload page's "Publish" section: this session's read files stored as a dataset that anyone with
its link can open; the datasets this session published; deleting or superseding one with its manage key."""

from __future__ import annotations

import dataclasses
import json
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import streamlit as st

from analysis.errors import InputProblem
from store.datasets import FileToPublish, PublishRequest, Receipt, Store
from store.errors import StoreUnavailable
from ui import state
from ui.dataset_link import PARAM, store_handle
from ui.problems import show_problem
from ui.uploads import read_or_problem, settings_for, stored_files


def _publisher() -> str:
    return state.session_token("store.publisher")


def files_to_publish() -> list[FileToPublish]:
    """Every file of this session that was read, with the settings that made the read."""
    files = []
    for fid, (name, data) in stored_files().items():
        settings = settings_for(fid)
        result = read_or_problem(data, name, settings)
        if isinstance(result, InputProblem):
            continue
        fixes = json.loads(settings.overrides_json or "{}")
        other = {k: v for k, v in dataclasses.asdict(settings).items() if k != "overrides_json"}
        files.append(FileToPublish(result, data, fixes, other))
    return files


def link_to(dataset_id: str) -> str:
    """The full link when the browser's address is known, else the part to add to this site's address."""
    here = st.context.url
    if not here:
        return f"?{PARAM}={dataset_id}"
    parts = urlsplit(here)
    root = parts.path.rsplit("/", 1)[0] if parts.path.rstrip("/").endswith("/upload") else parts.path.rstrip("/")
    return f"{parts.scheme}://{parts.netloc}{root}/?{PARAM}={dataset_id}"


def id_from(text: str) -> str:
    """A dataset id from a pasted link or id."""
    text = text.strip()
    found = parse_qs(urlsplit(text).query).get(PARAM) if "?" in text else None
    return found[0] if found else text


def _publish_form(store: Store, files: list[FileToPublish]) -> None:
    mine = state.get("store.mine", [])
    with st.form(state.key("store.publish_form"), border=True):
        title = st.text_input("Title", max_chars=120, placeholder="e.g. Shared services register 2017-18")
        description = st.text_input("One-line description", max_chars=300, placeholder="What it is, who made it")
        options = [None, *mine]
        replaces = st.selectbox(
            "This is a new version of",
            options,
            format_func=lambda i: "Nothing: a new dataset" if i is None else f"Your dataset {i}",
        )
        other = st.text_input("…or paste the link of an earlier version published elsewhere")
        key = st.text_input("Its manage key (for a new version)", type="password")
        submitted = st.form_submit_button("Publish", type="primary")
    if not submitted:
        return
    earlier = id_from(other) if other.strip() else replaces
    request = PublishRequest(
        title,
        description,
        state.get("upload.mode", "add"),
        tuple(files),
        _publisher(),
        replaces=earlier,
        replaces_key=key if earlier else None,
    )
    try:
        with st.spinner("Publishing…"):
            receipt = store.publish(request)
    except InputProblem as problem:
        show_problem(problem)
        return
    state.put("store.receipt", receipt)
    state.put("store.mine", [*mine, receipt.id])


def _receipt(receipt: Receipt) -> None:
    with st.container(border=True):
        st.success("Published. Anyone with this link sees your data on every page:", icon=":material/public:")
        st.code(link_to(receipt.id), language=None)
        st.markdown(
            "**Manage key**, shown only this once: keep it somewhere safe. You need it to delete this dataset, "
            "mark it superseded or publish a new version of it. It is stored only as a one-way hash."
        )
        st.code(receipt.manage_key, language=None)
        if st.button("I have kept the link and the key", key=state.key("store.receipt_done")):
            state.put("store.receipt", None)
            st.rerun()


def _mine(store: Store) -> None:
    mine = state.get("store.mine", [])
    if not mine:
        return
    rows = []
    for dataset_id in mine:
        info = store.info(dataset_id)
        if info is None:
            continue
        rows.append(
            {
                "title": info.title or "(deleted)",
                "published": info.published_at.strftime("%d %b %Y %H:%M UTC"),
                "status": info.status,
                "rows used": info.rows_used,
                "link": link_to(dataset_id),
            }
        )
    st.markdown("**Datasets you published in this session**")
    st.dataframe(
        pd.DataFrame(rows),
        hide_index=True,
        width="stretch",
        column_config={"link": st.column_config.LinkColumn("Link")},
    )


def _manage(store: Store) -> None:
    with st.expander("Delete a published dataset, or mark it superseded"):
        with st.form(state.key("store.manage_form"), border=False):
            target = st.text_input("The dataset's link or id")
            key = st.text_input("Its manage key", type="password")
            action = st.radio(
                "Action",
                ["delete", "supersede"],
                horizontal=True,
                format_func={"delete": "Delete it", "supersede": "Mark it superseded"}.get,
            )
            newer = st.text_input("Newer version's link or id (optional, when superseding)")
            go = st.form_submit_button("Apply")
        if not go:
            return
        try:
            if action == "delete":
                store.delete(id_from(target), key)
                st.success("Deleted: its link now shows a notice and the bundled data.")
            else:
                store.mark_superseded(id_from(target), key, id_from(newer) if newer.strip() else None)
                st.success("Marked superseded: its link still opens it, with a notice.")
        except InputProblem as problem:
            show_problem(problem)


def publish_section() -> None:
    """Publish, this session's datasets, and managing them (or why publishing is unavailable)."""
    st.subheader("Publish: a link anyone can open")
    try:
        store = store_handle().get()
    except StoreUnavailable as problem:
        show_problem(
            problem,
            "Publishing is unavailable:",
            "unavailable",
            then="Everything else works, and your data stays in this browser session.",
        )
        return
    keep_mb = store.limits.keep_original_bytes / 1e6
    st.caption(
        "Publishing stores what was read from your files in this site's database: every record used, the column "
        "mapping and name fixes, the full row report, each file's name, size and SHA-256, whether your schemes are "
        f"added to or replace the bundled register, and the file itself when under {keep_mb:.0f} MB. Anyone with "
        "the link can see it. A published dataset never changes: publish an edited file as a new version."
    )
    if (receipt := state.get("store.receipt")) is not None:
        _receipt(receipt)
    files = files_to_publish()
    if files:
        _publish_form(store, files)
        if state.get("store.receipt") is not None and state.get("store.receipt") is not receipt:
            st.rerun()  # show the new link and key at the top of the section
    else:
        st.caption("Read a file above first; then you can publish it.")
    _mine(store)
    _manage(store)
