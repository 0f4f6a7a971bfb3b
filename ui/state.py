"""Session state behind a few accessors; every key is namespaced 'ssd.'."""

from __future__ import annotations

import secrets
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


def session_token(name: str) -> str:
    """A random token for this browser session, made on first use (stores keep only its hash, to count
    what one session does per hour)."""
    token = get(name)
    if token is None:
        token = secrets.token_urlsafe(16)
        put(name, token)
    return token
