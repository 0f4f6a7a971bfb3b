"""The view in the URL and in session state, kept across page switches.

Each setting has a canonical value in a plain session key ('ssd.saved.<name>') and a widget
key per page ('ssd.w.<page>.<name>'): Streamlit discards a widget's state when another page
draws a widget with the same key, so widgets are keyed per page and restored from the
canonical value; `synced()` draws such a widget in one call. A link someone opens is applied
once (an invalid value gives a visible notice and the default); after that the URL follows the widgets.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from ui import state
from ui.text import md_escape

Parser = Callable[[str], Any]  # raises ValueError (or KeyError) for a value it does not accept


def set_page(page: str) -> None:
    state.put("page", page)


def wkey(name: str) -> str:
    """The widget key for `name` on the current page."""
    return state.key(f"w.{state.get('page', 'app')}.{name}")


def saved(name: str, default: Any = None) -> Any:
    value = state.get(f"saved.{name}")
    return default if value is None else value


def remember(name: str, value: Any) -> None:
    state.put(f"saved.{name}", value)


def keep(name: str) -> Callable[[], None]:
    """on_change callback: copy the widget's new value to the canonical key."""
    return lambda: remember(name, st.session_state.get(wkey(name)))


def synced(
    widget: Callable[..., Any],
    name: str,
    label: str,
    *args: Any,
    default: Any = None,
    valid: Callable[[Any], bool] | None = None,
    on_invalid: Callable[[], object] | None = None,
    **kwargs: Any,
) -> Any:
    """Draw a widget whose value is kept across pages and in links: it starts from the saved value (or
    `default`), falls back to `default` when `valid` rejects what was saved (a council with no spending
    that year, a scheme no longer listed), and saves what it shows. `widget` is a Streamlit widget such as
    `st.selectbox` or a column's `c1.radio`; `on_invalid` says so when a saved value is dropped; other
    arguments pass through to the widget."""
    key = wkey(name)
    if key not in st.session_state:
        st.session_state[key] = saved(name, default)
    if valid is not None and not valid(st.session_state[key]):
        if on_invalid is not None:
            on_invalid()
        st.session_state[key] = default
    value = widget(label, *args, key=key, on_change=keep(name), **kwargs)
    remember(name, value)
    return value


def forget_widget(name: str, page: str) -> None:
    """Drop another page's widget state for `name`, so that page starts from the saved value."""
    st.session_state.pop(state.key(f"w.{page}.{name}"), None)


def apply_link(params: dict[str, tuple[str, Parser]]) -> list[str]:
    """Apply query parameters that arrived from outside (a shared link). `params` maps
    URL name -> (setting name, parser). Returns notices for values that were refused."""
    written = state.get("url.written", {})
    notices = []
    for url_name, (name, parse) in params.items():
        value = st.query_params.get(url_name)
        if value is None or written.get(url_name) == value:
            continue  # not in the link, or what this session wrote itself
        try:
            parsed = parse(value)
        except (ValueError, KeyError, TypeError):
            shown = md_escape(value[:40])  # a link is anyone's text: never Markdown in our notice
            notices.append(f"The link's {url_name} '{shown}' is not one this page knows: showing the default.")
            continue
        remember(name, parsed)
        st.session_state[wkey(name)] = parsed
    return notices


def write_link(values: dict[str, str | None]) -> None:
    """Make the URL say what the page shows (values of None are left out)."""
    wanted = {k: v for k, v in values.items() if v is not None}
    if {k: st.query_params.get(k) for k in st.query_params} != wanted:
        st.query_params.from_dict(wanted)
    state.put("url.written", wanted)


def show_notices(notices: list[str]) -> None:
    for n in notices:
        st.warning(n, icon=":material/link_off:")


def choice(options: list[Any]) -> Parser:
    """A parser accepting one of `options` (compared as text)."""
    by_text = {str(o): o for o in options}
    return lambda value: by_text[value]


def flag(value: str) -> bool:
    if value not in ("0", "1", "true", "false"):
        raise ValueError(value)
    return value in ("1", "true")
