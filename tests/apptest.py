"""Driving the app in AppTest the way the page tests do: open it with a link's parameters, switch pages."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from ui.pages import ROOT, PageKey, script_path


def open_app(**params: str) -> AppTest:
    """The app run once, as a link with these parameters opens it."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params.update(params)
    return at.run()


def switch(at: AppTest, page: PageKey, **params: str) -> AppTest:
    """Switch to a page (with a link's parameters), as its navigation would; fails on any exception."""
    at.query_params.update(params)
    at.switch_page(script_path(page)).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_page(page: PageKey, **params: str) -> AppTest:
    """A link to `page` with these parameters, opened in a new session."""
    at = open_app(**params)
    return at if page == "overview" else switch(at, page, **params)
