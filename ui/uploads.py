"""Uploaded files in this session: their settings, cached reads, and the dataset they make.

Each session's uploads live in its own session state. Every cache that holds a visitor's data is
keyed on the sha256 of the file's bytes and the settings of the read (UploadResult.key) plus the
add/replace mode, never on a file name: two sessions with different files of the same name, or one
session re-uploading an edited file, never see another's figures (tests/test_app_upload.py).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from analysis.arithmetic.assessment import Assessment, Options, assess
from analysis.dataset import Dataset
from analysis.errors import InputProblem
from analysis.readers.workbook import Sheet
from analysis.uploads.files import read_upload
from analysis.uploads.pipeline import UploadResult, merge_uploads, read_uploaded_file
from analysis.uploads.schemes import ReadOptions
from ui import state
from ui.data import bundled_dataset
from ui.dataset_link import dataset_banner, opened_assessment, opened_dataset, opened_id
from ui.register import register_assessment, register_banner, register_dataset, version_key
from ui.text import md_escape


@dataclass(frozen=True)
class FileSettings:
    kind: str | None = None
    sheet: str | None = None
    mapping_json: str | None = None  # {"column": field} by column position
    overrides_json: str = "{}"
    default_basis: str | None = None
    header_row: int | None = None  # 1-based; set when the user chooses the header row by hand


def file_id(name: str, data: bytes) -> str:
    """This session's handle on one uploaded file: sha256 of its name and bytes."""
    return hashlib.sha256(name.encode() + b"\0" + data).hexdigest()[:16]


def settings_for(fid: str) -> FileSettings:
    return state.get(f"upload.settings.{fid}", FileSettings())


def put_settings(fid: str, settings: FileSettings) -> None:
    state.put(f"upload.settings.{fid}", settings)


@st.cache_data(max_entries=16, show_spinner=False)
def cached_read(data: bytes, filename: str, settings: FileSettings) -> UploadResult:
    """Read once per file content and settings."""
    mapping = None
    if settings.mapping_json:
        rows = json.loads(settings.mapping_json)
        mapping = pd.DataFrame(rows)
    overrides = json.loads(settings.overrides_json)
    options = ReadOptions(default_basis=settings.default_basis, name_overrides=overrides)
    return read_uploaded_file(
        data,
        filename,
        bundled_dataset(),
        settings.kind,
        settings.sheet,
        mapping,
        options,
        header_row=settings.header_row,
    )


@st.cache_data(max_entries=16, show_spinner=False)
def cached_sheets(data: bytes, filename: str) -> list[Sheet]:
    """The file's sheets as read (for choosing the header row by hand), once per file content."""
    return read_upload(data, filename)


def sheets_or_problem(data: bytes, filename: str) -> list[Sheet] | InputProblem:
    try:
        return cached_sheets(data, filename)
    except InputProblem as problem:
        return problem


def read_or_problem(data: bytes, filename: str, settings: FileSettings) -> UploadResult | InputProblem:
    """The read, or the user-facing problem that stopped it (anything else is a bug and raises)."""
    try:
        return cached_read(data, filename, settings)
    except InputProblem as problem:
        return problem


def accepted_results() -> list[UploadResult]:
    """Reads of this session's uploads that the user has chosen to use."""
    if not state.get("upload.use", True):
        return []
    return [r for r in state.get("upload.results", []) if isinstance(r, UploadResult)]


def data_key(results: list[UploadResult], mode: str) -> str:
    """The identity of a session's own data: the register version in use, the add/replace mode and each
    read's content key, in order."""
    parts = [f"register={version_key()}", mode, *(r.key for r in results)]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


@st.cache_data(max_entries=8, show_spinner=False)
def _merged(key: str, _results: tuple[UploadResult, ...], mode: str) -> Dataset:
    return merge_uploads(register_dataset(), list(_results), mode)


@st.cache_data(max_entries=16, show_spinner=False)
def _assessed(key: str, _dataset: Dataset, measure: str, include_projected: bool, method: str) -> Assessment:
    return assess(_dataset, Options(measure, include_projected, method))


def active_data_key() -> str:
    """Identity of the data this session's pages run on, as `current_dataset` chooses it: a link's published
    dataset, the bundled data, or its uploads, each with the register version in use (for caches outside
    this module, such as the map's)."""
    if opened_dataset() is not None:  # a link's published dataset, when it can be read (else the pages fall back)
        return f"dataset={opened_id()}|register={version_key()}"
    results = accepted_results()
    if not results:
        return f"bundled|register={version_key()}"
    return data_key(results, state.get("upload.mode", "add"))


def current_dataset() -> Dataset:
    """The bundled data with the register version in use, plus this session's accepted uploads (or the
    published dataset a link opened)."""
    if (published := opened_dataset()) is not None:
        return published
    results = accepted_results()
    if not results:
        return register_dataset()
    mode = state.get("upload.mode", "add")
    return _merged(data_key(results, mode), tuple(results), mode)


def current_assessment(options: Options) -> Assessment:
    if (published := opened_assessment(options)) is not None:
        return published
    results = accepted_results()
    if not results:
        return register_assessment(options)
    mode = state.get("upload.mode", "add")
    key = data_key(results, mode)
    return _assessed(
        key, _merged(key, tuple(results), mode), options.measure, options.include_projected, options.method
    )


def data_banner() -> None:
    """Say plainly when a page includes the user's own data (and which register version it uses)."""
    register_banner()
    if dataset_banner():
        return
    results = accepted_results()
    if results:
        files = md_escape(", ".join(r.file for r in results))
        how = "replacing" if state.get("upload.mode", "add") == "replace" else "added to"
        st.info(
            f"Including your uploaded data ({files}), {how} the bundled register. Manage it on the Upload page.",
            icon=":material/upload_file:",
        )


def stored_files() -> dict[str, tuple[str, bytes]]:
    """This session's uploaded files, kept across page switches: file id -> (name, bytes)."""
    return state.get("upload.store", {})


def keep_new_uploads() -> None:
    """Uploader callback: copy the files into plain session state (widget state is dropped on other pages)."""
    files = state.get(f"upload.files.{state.get('upload.generation', 0)}") or []
    store = dict(stored_files())
    for f in files:
        data = f.getvalue()
        fid = file_id(f.name, data)
        if fid not in store:  # an edited file uploaded again under its name replaces the earlier version
            store = {k: v for k, v in store.items() if v[0] != f.name}
            store[fid] = (f.name, data)
    state.put("upload.store", store)


def clear_uploads(only: str | None = None) -> None:
    """Forget one uploaded file, or all of them and their settings."""
    if only is not None:
        store = dict(stored_files())
        store.pop(only, None)
        state.put("upload.store", store)
        state.put("upload.generation", state.get("upload.generation", 0) + 1)  # empty the uploader widget too
        return
    for k in [k for k in st.session_state if str(k).startswith(state.key("upload."))]:
        if k != state.key("upload.generation"):
            del st.session_state[k]
    state.put("upload.generation", state.get("upload.generation", 0) + 1)
