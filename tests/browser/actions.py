"""What the browser tests do again and again: wait for a page to settle, download the scheme table."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from playwright.sync_api import expect


def settle(page) -> None:
    """The page has drawn its title and Streamlit has finished running the script."""
    page.wait_for_selector("h1", timeout=60_000)
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
    page.wait_for_timeout(500)


def download_scheme_csv(page, url: str, tmp_path: Path) -> str:
    """The Schemes page's table as its CSV download gives it."""
    page.goto(f"{url}/schemes")
    settle(page)
    page.wait_for_selector('[data-testid="stDataFrame"]', timeout=60_000)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    button = page.get_by_role("button", name="Download this table (CSV)")
    expect(button).to_be_enabled(timeout=30_000)
    with page.expect_download(timeout=60_000) as download:
        button.click()
    path = tmp_path / "schemes.csv"
    download.value.save_as(path)
    return path.read_text(encoding="utf-8-sig")


def download_scheme_table(page, url: str, tmp_path: Path) -> list[dict[str, str]]:
    """The same download, one dict a row."""
    return list(csv.DictReader(io.StringIO(download_scheme_csv(page, url, tmp_path))))
