"""A shared link opened on a freshly started server, as an editor would open a journalist's link."""

from __future__ import annotations

import pytest

from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, require_chromium, running_app

pytestmark = pytest.mark.browser

require_chromium()

from playwright.sync_api import expect, sync_playwright  # noqa: E402

from tests.browser.actions import settle  # noqa: E402


def test_a_shared_link_opens_the_same_council_and_year():
    """On a fresh server, as an editor opening a journalist's link would: the deep link comes first."""
    with running_app() as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{url}/councils?council=E07000177&year=2015-16&measure=net_revenue_expenditure")
        settle(page)
        expect(page.get_by_text("Cherwell District Council")).to_be_visible(timeout=30_000)
        expect(page.locator('[data-testid="stSlider"]')).to_contain_text("2015-16")
        expect(
            page.locator('[data-testid="stMetric"]', has_text="Share of its net revenue expenditure")
        ).to_be_visible()
        expect(page.get_by_role("link", name="Check a claim")).to_be_visible()  # the app's own navigation
        assert page.get_by_role("link", name="app", exact=True).count() == 0
        assert "council=E07000177" in page.url and "year=2015-16" in page.url
        browser.close()
