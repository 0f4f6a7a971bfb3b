"""A published dataset opened by link (`?dataset=<id>`): which one this session shows, its data and
assessments (cached by id: a published dataset never changes), and the banner saying whose data it is.

The id is checked against the store on every run, so a dataset deleted through one server stops
showing on every server at the next page view; only the immutable data behind it is cached.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from analysis.arithmetic.assessment import Assessment, Options, assess
from analysis.dataset import Dataset
from analysis.outputs.export import to_csv_bytes
from store.config import StoreLimits, database_url, limits_from_env
from store.datasets import DatasetInfo, Published, StoreHandle, apply_published
from store.errors import StoreUnavailable
from ui import state
from ui.data import data_dir
from ui.text import md_escape

PARAM = "dataset"


@st.cache_resource(max_entries=4, show_spinner=False)
def _handle(url: str, limits: StoreLimits) -> StoreHandle:
    return StoreHandle(url, limits)


def store_handle() -> StoreHandle:
    """One per server process and database: it opens (and migrates) the database on first use."""
    return _handle(database_url(), limits_from_env())


@st.cache_resource(max_entries=8, show_spinner="Opening the published dataset…")
def _published(url: str, dataset_id: str, folder: str, register: int) -> tuple[Published, Dataset]:
    from ui.register import register_dataset  # the register version in use (ui.register imports this module)

    published = store_handle().get().load(dataset_id)
    if published is None:  # deleted since the check: raise, so that nothing is cached
        raise StoreUnavailable("The dataset was deleted while it was being opened.")
    return published, apply_published(register_dataset(), published)


@st.cache_resource(max_entries=32, show_spinner=False)
def _assessed(
    url: str, dataset_id: str, folder: str, register: int, measure: str, projected: bool, method: str
) -> Assessment:
    return assess(_published(url, dataset_id, folder, register)[1], Options(measure, projected, method))


def _register_version() -> int:
    from ui.register import version_key

    return version_key()


def _notice(text: str) -> None:
    notices = state.get("store.notices", [])
    if text not in notices:
        state.put("store.notices", [*notices, text])


def opened_info() -> DatasetInfo | None:
    """The published dataset this session shows (from the link, or kept from an earlier page), if it
    still exists; otherwise None, with a notice for the banner."""
    param = st.query_params.get(PARAM)
    if param is not None and param != state.get("store.link_seen"):
        state.put("store.link_seen", param)
        state.put("store.open", param)
    dataset_id = state.get("store.open")
    if not dataset_id:
        return None
    try:
        info = store_handle().get().info(dataset_id)
    except StoreUnavailable as problem:  # keep the id: the link works again once the database is back
        _notice(f"The published dataset in this link cannot be opened just now. {problem.message}")
        return None
    if info is None or info.status == "deleted":
        state.put("store.open", None)
        _notice(
            "The dataset in this link has been deleted by its publisher: showing the bundled data."
            if info
            else "There is no published dataset with the id in this link: showing the bundled data."
        )
        return None
    return info


def opened_id() -> str | None:
    """The id to keep in links: the dataset this session shows (not re-checked here)."""
    return state.get("store.open") or None


def _load(dataset_id: str) -> tuple[Published, Dataset] | None:
    try:
        return _published(database_url(), dataset_id, str(data_dir()), _register_version())
    except StoreUnavailable as problem:
        _notice(f"The published dataset could not be opened: {problem.message}")
        return None


def opened_dataset() -> Dataset | None:
    """The bundled data with the opened dataset merged in as its publisher had it, or None."""
    info = opened_info()
    loaded = _load(info.id) if info else None
    return loaded[1] if loaded else None


def opened_assessment(options: Options) -> Assessment | None:
    info = opened_info()
    if info is None or _load(info.id) is None:
        return None
    m, p, method = options.measure, options.include_projected, options.method
    return _assessed(database_url(), info.id, str(data_dir()), _register_version(), m, p, method)


def _close() -> None:
    state.put("store.open", None)


def describe_files(info: DatasetInfo) -> str:
    return "; ".join(f"{f.file_name} (SHA-256 {f.sha256[:12]}…)" for f in info.files)


def dataset_banner() -> bool:
    """Any notice about a link, then, when a published dataset is open, whose data the page shows."""
    info = opened_info()
    loaded = _load(info.id) if info else None
    for text in state.get("store.notices", []):
        st.warning(md_escape(text), icon=":material/link_off:")
    state.put("store.notices", [])
    if info is None or loaded is None:
        return False
    published = loaded[0]
    how = "replacing" if info.mode == "replace" else "added to"
    with st.container(border=True):
        st.markdown(
            f":material/public: **Published data: {md_escape(info.title)}**"
            + (f"  \n{md_escape(info.description)}" if info.description else "")
        )
        st.caption(
            md_escape(
                f"Published {info.published_at:%d %b %Y %H:%M} UTC from {describe_files(info)}: "
                f"{info.rows_used:,} rows used, {info.rows_rejected:,} rejected; its schemes are {how} the "
                "bundled register. Anyone with this link sees the same data."
            )
        )
        if info.status == "superseded":
            newer = f" [Open the newer version](?{PARAM}={info.superseded_by})." if info.superseded_by else ""
            st.warning("Its publisher has marked this dataset as superseded." + newer, icon=":material/update:")
        c1, c2 = st.columns([3, 1])
        with c1.expander("The full row report of every file"):
            st.dataframe(published.report, hide_index=True, width="stretch", height=240)
            st.download_button(
                "Download the row report (CSV)",
                to_csv_bytes(published.report),
                file_name=f"dataset-{info.id}-report.csv",
                mime="text/csv",
                key=state.key(f"store.report.{info.id}"),
            )
            for f in info.files:
                if f.has_original:
                    st.download_button(
                        f"Download the original file: {md_escape(f.file_name)}",
                        _original_file(info.id, f.position),
                        file_name=f.file_name,
                        mime="application/octet-stream",
                        key=state.key(f"store.original.{info.id}.{f.position}"),
                        help="The file exactly as the publisher uploaded it, not checked: its cells may hold "
                        "formulas. The row report and the pages use only what was read from it.",
                    )
        c2.button("Use the bundled data", on_click=_close, key=state.key("store.close"))
    return True


def _original_file(dataset_id: str, position: int) -> Callable[[], bytes]:
    """A download's data, fetched only when the button is pressed."""
    return lambda: store_handle().get().original(dataset_id, position) or b""
