"""Editors' sign-in through Streamlit's own OpenID Connect (`st.login`, configured in the `[auth]` section of
`.streamlit/secrets.toml`) and who among the signed-in is an editor (`[editors]` or `SSD_EDITORS`, see
store/editors.py). Without both, proposals are switched off. A sign-in older than the editors' session
length signs the user out; a cookie whose signature fails never reaches here (Streamlit ignores it)."""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from typing import Any

import streamlit as st

from store.editors import EditorRule, auth_configured, editor_rule, is_editor, session_expired


def _secret_section(name: str) -> Mapping[str, Any] | None:
    try:
        if not st.secrets.load_if_toml_exists():
            return None
        section = st.secrets.get(name)
    except (FileNotFoundError, KeyError):  # no secrets file, or one that cannot be read
        return None
    return dict(section) if isinstance(section, Mapping) else None


def rule() -> EditorRule:
    return editor_rule(_secret_section("editors"), os.environ)


def proposals_enabled() -> bool:
    """A sign-in provider and at least one editor are configured."""
    return auth_configured(_secret_section("auth")) and rule().anyone


def signed_in() -> dict[str, Any]:
    """The signed-in identity's claims, or {} (not signed in, or sign-in not configured)."""
    try:
        if not st.user.get("is_logged_in"):
            return {}
        return dict(st.user.to_dict())
    except (AttributeError, KeyError):
        return {}


def current_editor() -> str | None:
    """The signed-in editor's email, or None. An expired sign-in is signed out here."""
    if not proposals_enabled():
        return None
    claims = signed_in()
    if not claims:
        return None
    if session_expired(claims, rule(), time.time()):
        st.warning(
            "Your sign-in has expired: you have been signed out. Sign in again to review.", icon=":material/timer_off:"
        )
        st.logout()
        st.stop()
    return str(claims["email"]).strip().lower() if is_editor(claims, rule()) else None


def sign_in_button(label: str = "Sign in as an editor") -> None:
    if st.button(label, type="primary", icon=":material/login:"):
        st.login()


def sign_out_button() -> None:
    if st.button("Sign out", icon=":material/logout:"):
        st.logout()
