"""The register in use on every page: the bundled seed plus every approved change (the live version), or
the version a link pins (`?register=<n>`). A version never changes once made, so each one's dataset and
assessments are cached by its number; the seed (version 1) is the bundled dataset itself, untouched.
If the database cannot be reached the pages use the seed and say so."""

from __future__ import annotations

import dataclasses
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from analysis.arithmetic.assessment import Assessment, Options, assess
from analysis.curation.versions import SEED_VERSION, raw_at, schemes_at
from analysis.dataset import Dataset
from analysis.schemes.register import read_raw_register
from store.config import database_url
from store.errors import StoreUnavailable
from store.register import RegisterStore
from ui import state
from ui.data import bundled_assessment, bundled_dataset, data_dir
from ui.dataset_link import store_handle
from ui.text import md_escape

PARAM = "register"


@dataclass(frozen=True)
class InUse:
    version: int  # the version the pages show
    latest: int  # the live version (1 when the database cannot be reached)
    pinned: bool  # a link chose `version`
    problem: str | None = None  # why the database could not be asked


@st.cache_resource(max_entries=4, show_spinner=False)
def _register_store(url: str, per_hour: int) -> RegisterStore:
    return RegisterStore(store_handle().get().engine, url, per_hour)


def register_store() -> RegisterStore:
    """The register's tables in the store's database (StoreUnavailable when it cannot be reached)."""
    return _register_store(database_url(), int(os.environ.get("SSD_PROPOSALS_PER_HOUR") or 10))


def _notice(text: str) -> None:
    notices = state.get("register.notices", [])
    if text not in notices:
        state.put("register.notices", [*notices, text])


def _apply_link() -> None:
    param = st.query_params.get(PARAM)
    if param is None or param == state.get("register.link_seen"):
        return
    state.put("register.link_seen", param)
    if re.fullmatch(r"[0-9]{1,9}", param) and int(param) >= SEED_VERSION:  # isdigit() takes "²"
        state.put("register.pin", int(param))
    else:
        state.put("register.pin", None)
        _notice(f"The link's register version '{param[:20]}' is not a version number: showing the live register.")


def in_use() -> InUse:
    """Which register version this page shows."""
    _apply_link()
    pin = state.get("register.pin")
    try:
        latest = register_store().latest_version()
    except StoreUnavailable as problem:
        return InUse(SEED_VERSION, SEED_VERSION, bool(pin), problem.message)
    if pin is not None and pin > latest:
        state.put("register.pin", None)
        _notice(f"The link's register version {pin} does not exist (the newest is {latest}): showing the live one.")
        pin = None
    return InUse(pin or latest, latest, pin is not None)


def pinned_version() -> str | None:
    """The version to keep in links: the one a link pinned (none: links follow the live register)."""
    _apply_link()
    pin = state.get("register.pin")
    return None if pin is None else str(pin)


def unpin() -> None:
    state.put("register.pin", None)


@st.cache_data(max_entries=2, show_spinner=False)
def seed_raw(folder: str) -> pd.DataFrame:
    """The bundled register file as written (version 1)."""
    return read_raw_register(Path(folder) / "schemes" / "schemes.csv")


@st.cache_data(max_entries=16, show_spinner=False)
def raw_version(url: str, folder: str, version: int) -> pd.DataFrame:
    """A version as written: the seed plus the approved changes up to it (immutable, so keyed by number)."""
    if version == SEED_VERSION:
        return seed_raw(folder)
    log = [c.as_change() for c in register_store().changes(upto=version)]
    return raw_at(seed_raw(folder), log, version)


@st.cache_resource(max_entries=8, show_spinner="Applying the register's approved changes…")
def _dataset_at(url: str, folder: str, version: int) -> Dataset:
    base = bundled_dataset()
    return dataclasses.replace(base, schemes=schemes_at(raw_version(url, folder, version), base.index))


@st.cache_resource(max_entries=32, show_spinner=False)
def _assessment_at(url: str, folder: str, version: int, measure: str, projected: bool, method: str) -> Assessment:
    return assess(_dataset_at(url, folder, version), Options(measure, projected, method))


def version_key() -> int:
    """The version the pages use, for other caches' keys."""
    return in_use().version


def register_dataset() -> Dataset:
    """Everything the app runs on, with the register version in use."""
    version = in_use().version
    if version == SEED_VERSION:
        return bundled_dataset()
    try:
        return _dataset_at(database_url(), str(data_dir()), version)
    except StoreUnavailable as problem:
        _notice(f"The register's approved changes could not be read: showing the seed register. {problem.message}")
        return bundled_dataset()


def register_assessment(options: Options) -> Assessment:
    version = in_use().version
    if version != SEED_VERSION:
        try:
            m, p, method = options.measure, options.include_projected, options.method
            return _assessment_at(database_url(), str(data_dir()), version, m, p, method)
        except StoreUnavailable as problem:
            _notice(f"The register's approved changes could not be read: showing the seed register. {problem.message}")
    return bundled_assessment(options.measure, options.include_projected, options.method)


def register_banner() -> None:
    """Notices about the register (a refused link, an unreachable database), and which version a pinned link
    shows."""
    use = in_use()
    for text in state.get("register.notices", []):
        st.warning(md_escape(text), icon=":material/link_off:")
    state.put("register.notices", [])
    if use.problem:
        st.warning(
            "The register's database cannot be reached, so the pages show the bundled seed register (version 1) "
            "without any approved changes. " + md_escape(use.problem),
            icon=":material/cloud_off:",
        )
    elif use.pinned and use.version != use.latest:
        st.info(
            f"This link shows version {use.version} of the scheme register; the live register is version "
            f"{use.latest}. The Methodology page shows what changed.",
            icon=":material/history:",
        )


def live_dataset() -> Dataset:
    """The dataset with the live (newest) register version, whatever a link pinned: what editors review against."""
    latest = in_use().latest
    return bundled_dataset() if latest == SEED_VERSION else _dataset_at(database_url(), str(data_dir()), latest)
