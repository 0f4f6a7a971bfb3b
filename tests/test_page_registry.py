"""The page registry and the views folder agree, so no page escapes the page tests, the browser suite or the
benchmarks."""

from __future__ import annotations

from ui.pages import PAGES, ROOT


def test_every_view_is_registered_once() -> None:
    scripts = sorted(p.name for p in (ROOT / "views").glob("*.py"))
    registered = sorted(p.script.removeprefix("views/") for p in PAGES)
    assert scripts == registered


def test_exactly_one_default_page() -> None:
    assert [p.key for p in PAGES if p.default] == ["overview"]


def test_no_pages_folder_beside_app() -> None:
    # A pages/ folder would make Streamlit run a shared deep link's page without the app's navigation.
    assert not (ROOT / "pages").exists()
