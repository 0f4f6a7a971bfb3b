"""Councils and Map for every year 2010-11 to 2023-24 in headless Chromium (issue 14)."""

from __future__ import annotations

import pytest

from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, require_chromium, running_app

pytestmark = pytest.mark.browser

require_chromium()

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser.actions import settle  # noqa: E402

YEARS = [f"{y}-{(y + 1) % 100:02d}" for y in range(2010, 2024)]
FILL_YEARS = {"2018-19", "2019-20", "2020-21", "2021-22", "2022-23"}


def _settle(page) -> None:
    settle(page)
    page.wait_for_selector(".js-plotly-plot", timeout=60_000)


def test_councils_and_map_for_every_year():
    with running_app() as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        for year in YEARS:
            for path in (f"councils?council=E09000013&year={year}", f"map?mapyear={year}&colour=per_resident"):
                page.goto(f"{url}/{path}")
                _settle(page)
                assert page.locator('[data-testid="stException"]').count() == 0, path
                note = page.get_by_text("Revenue expenditure is not published for", exact=False)
                assert (note.count() > 0) == (year in FILL_YEARS), path
        browser.close()
        assert errors == [], errors
