"""Publishing in a real browser: upload, publish, open the link in a fresh browser context (a new session)
and see the same figures on Overview, Councils, Schemes and Check a claim; delete it with the manage key
and the link then gives a notice. Then the same with two app servers sharing one PostgreSQL."""

from __future__ import annotations

import pytest

from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, ROOT, require_chromium, running_app

pytestmark = pytest.mark.browser

require_chromium()

from playwright.sync_api import expect, sync_playwright  # noqa: E402

from tests.browser.actions import settle  # noqa: E402
from tests.messy import messy_scheme_workbook  # noqa: E402
from tests.test_upload import ROWS  # noqa: E402

PAGES = ("Overview", "Councils", "Schemes", "Check a claim")


def _go(page, link_name: str) -> None:
    """Move to another page through the app's own navigation (the same session)."""
    page.get_by_role("link", name=link_name, exact=True).click()
    page.wait_for_timeout(300)
    settle(page)


def _figures(page) -> dict[str, list[str]]:
    """Every metric on each of the four pages, reached through the sidebar."""
    out = {}
    for name in PAGES:
        _go(page, name)
        page.wait_for_selector('[data-testid="stMetric"]', timeout=60_000)
        out[name] = page.locator('[data-testid="stMetric"]').all_inner_texts()
    return out


def _publish(page, url: str, tmp_path) -> tuple[str, str, dict[str, list[str]]]:
    path = tmp_path / "our register 2017-18.xlsx"
    path.write_bytes(messy_scheme_workbook(ROWS))
    page.goto(f"{url}/upload")
    settle(page)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    expect(page.get_by_text("Rows in the sheet")).to_be_visible(timeout=60_000)
    settle(page)
    page.get_by_label("Title").fill("Our register <b>2017-18</b>")
    page.get_by_label("One-line description").fill("As sent to members")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Published. Anyone with this link")).to_be_visible(timeout=60_000)
    settle(page)
    codes = page.locator('[data-testid="stCode"]').all_inner_texts()
    link, key = codes[0].strip(), codes[1].strip()
    assert link.startswith(url + "/?dataset=")
    (ROOT / "screenshots").mkdir(exist_ok=True)
    page.locator('[data-testid="stCode"]').first.scroll_into_view_if_needed()
    page.screenshot(path=str(ROOT / "screenshots" / "browser-publish.png"), full_page=True)
    return link, key, _figures(page)


def _delete(page, link: str, key: str) -> None:
    _go(page, "Upload")
    page.get_by_text("Delete a published dataset, or mark it superseded").click()
    page.get_by_label("The dataset's link or id").fill(link)
    page.get_by_label("Its manage key", exact=True).fill(key)
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_text("Deleted: its link now shows a notice")).to_be_visible(timeout=30_000)


def _open(browser, link: str, screenshot: str | None = None) -> dict[str, list[str]]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})  # a fresh session, no cookies
    page = context.new_page()
    page.goto(link)
    settle(page)
    expect(page.get_by_text("Published data: Our register <b>2017-18</b>")).to_be_visible(timeout=60_000)
    if screenshot:
        page.screenshot(path=str(ROOT / "screenshots" / screenshot), full_page=True)
    figures = _figures(page)
    assert "dataset=" + link.rsplit("=", 1)[1] in page.url  # the link survives moving between pages
    assert page.locator('[data-testid="stException"]').count() == 0
    context.close()
    return figures


def _gone(browser, link: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(link)
    settle(page)
    expect(page.get_by_text("has been deleted by its publisher")).to_be_visible(timeout=30_000)
    _go(page, "Schemes")
    expect(page.locator('[data-testid="stMetric"]', has_text="Schemes shown")).to_contain_text("98")
    context.close()


def test_publish_open_in_a_fresh_context_and_delete(tmp_path):
    with running_app() as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        publisher = browser.new_page(viewport={"width": 1400, "height": 1000})
        link, key, mine = _publish(publisher, url, tmp_path)
        assert f"Schemes shown\n\n{98 + len(ROWS)}" in mine["Schemes"]
        assert _open(browser, link, "browser-opened-link.png") == mine
        _delete(publisher, link, key)
        _gone(browser, link)
        browser.close()


def test_two_app_servers_share_one_postgresql(postgres_url, tmp_path):
    from tests.db import fresh_database

    shared = {"SSD_DATABASE_URL": fresh_database(postgres_url)}
    with running_app(env=shared) as first, running_app(env=shared) as second, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        publisher = browser.new_page(viewport={"width": 1400, "height": 1000})
        link, key, mine = _publish(publisher, first, tmp_path)
        elsewhere = link.replace(first, second)
        assert _open(browser, elsewhere) == mine
        _delete(publisher, link, key)
        _gone(browser, elsewhere)
        browser.close()
