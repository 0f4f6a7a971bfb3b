"""Session state behind a few accessors; every key is namespaced 'ssd.'."""

from __future__ import annotations

from typing import Any

import streamlit as st

PREFIX = "ssd."


def key(name: str) -> str:
    """The namespaced session-state key for a widget or value."""
    return PREFIX + name


def get(name: str, default: Any = None) -> Any:
    return st.session_state.get(key(name), default)


def put(name: str, value: Any) -> None:
    st.session_state[key(name)] = value
