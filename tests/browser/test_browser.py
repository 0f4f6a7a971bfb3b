"""The running app in headless Chromium, used as a person would (Playwright + /usr/bin/chromium)."""

from __future__ import annotations

import pytest

from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, PAGES, ROOT, require_chromium, running_app

pytestmark = pytest.mark.browser

require_chromium()

from playwright.sync_api import expect, sync_playwright  # noqa: E402

from tests.browser.actions import download_scheme_csv, settle  # noqa: E402


@pytest.fixture(scope="module")
def browser_page():
    with running_app() as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        errors: list[str] = []
        page.on(
            "console",
            lambda m: (
                errors.append(m.text)
                if m.type == "error" and not m.text.startswith("Failed to load resource")
                else None
            ),
        )
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on(
            "response",
            lambda r: (
                errors.append(f"{r.status} {r.url}") if r.status >= 400 and not _streamlit_path_probe(r.url) else None
            ),
        )
        page.on(  # ERR_ABORTED is a download cancelled by our own navigation, not a failure
            "requestfailed",
            lambda r: errors.append(f"{r.failure} {r.url}") if "ERR_ABORTED" not in str(r.failure) else None,
        )
        yield page, url, errors
        browser.close()


def _streamlit_path_probe(url: str) -> bool:
    """On a deep link (/councils) Streamlit's frontend first asks /councils/_stcore/..., gets 404,
    then uses the base path: its own behaviour, not an error of ours."""
    return url.rsplit("/", 1)[-1] in {"health", "host-config"} and "/_stcore/" in url


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_opens_without_errors(browser_page, name):
    page, url, errors = browser_page
    errors.clear()
    page.goto(f"{url}/{PAGES[name]}")
    settle(page)
    if name not in ("methodology", "upload", "propose", "review"):  # pages without a chart
        page.wait_for_selector(".js-plotly-plot", timeout=60_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    (ROOT / "screenshots").mkdir(exist_ok=True)
    page.screenshot(path=str(ROOT / "screenshots" / f"browser-{name}.png"))
    assert errors == [], errors


def test_find_a_council_by_typing_its_name(browser_page):
    page, url, _ = browser_page
    page.goto(f"{url}/councils")
    settle(page)
    box = page.get_by_label("…or type a name as your papers spell it (e.g. 'LB Harrow', 'Bucks CC', 'RBKC')")
    box.fill("LB Harrow")
    box.press("Enter")
    expect(page.get_by_text("London Borough of Harrow", exact=False).first).to_be_visible(timeout=30_000)
    settle(page)
    assert page.locator('[data-testid="stException"]').count() == 0


def test_navigate_by_sidebar_links(browser_page):
    page, url, _ = browser_page
    page.goto(url)
    settle(page)
    page.get_by_role("link", name="Schemes").click()
    expect(page.get_by_role("heading", name="Shared-service schemes")).to_be_visible(timeout=30_000)
    assert page.locator('[data-testid="stException"]').count() == 0


def test_upload_a_messy_workbook_and_read_the_report(browser_page, tmp_path):
    from tests.messy import messy_scheme_workbook
    from tests.test_upload import ROWS

    page, url, errors = browser_page
    errors.clear()
    path = tmp_path / "our register 2017-18.xlsx"
    path.write_bytes(messy_scheme_workbook(ROWS))
    page.goto(f"{url}/upload")
    settle(page)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    expect(page.get_by_text("Rows in the sheet")).to_be_visible(timeout=60_000)
    settle(page)
    expect(page.get_by_text("could not be matched")).to_be_visible()
    expect(page.get_by_text("Used with warnings")).to_be_visible()
    assert page.locator('[data-testid="stException"]').count() == 0
    page.screenshot(path=str(ROOT / "screenshots" / "browser-upload.png"), full_page=True)
    page.get_by_role("link", name="Schemes").click()
    expect(page.get_by_text("Including your uploaded data")).to_be_visible(timeout=30_000)
    assert errors == [], errors


def test_main_controls_of_each_page(browser_page):
    page, url, errors = browser_page
    errors.clear()
    page.goto(url)
    settle(page)
    denominator = page.locator('[data-testid="stMetric"]', has_text="Denominator")
    expect(denominator).to_contain_text("£94.1bn")
    page.get_by_role("combobox", name="Spending measure (denominator)").click()
    page.get_by_role("option", name="Net revenue expenditure").click()
    expect(denominator).to_contain_text("£54.7bn", timeout=30_000)

    page.get_by_role("link", name="Schemes").click()
    expect(page.get_by_role("heading", name="Shared-service schemes")).to_be_visible(timeout=30_000)
    settle(page)
    shown = page.locator('[data-testid="stMetric"]', has_text="Schemes shown")
    expect(shown).to_contain_text("98")
    page.get_by_text("With a figure only").click()
    expect(shown).not_to_contain_text("98", timeout=30_000)
    assert errors == [], errors


def test_download_the_scheme_table_as_csv(browser_page, tmp_path):
    page, url, _ = browser_page
    text = download_scheme_csv(page, url, tmp_path)
    assert text.startswith("Scheme,Partners,")
    assert "Tri-borough shared services" in text
    assert "\n=" not in text and "\n+" not in text  # no cell can start a formula


def test_embedded_view_reads_well_in_an_iframe(browser_page):
    page, url, _ = browser_page
    page.set_viewport_size({"width": 700, "height": 900})  # an article-width iframe
    try:
        page.goto(f"{url}/map?embed=true&colour=coverage")
        settle(page)
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
        sidebar = page.locator('[data-testid="stSidebar"]')
        assert sidebar.count() == 0 or sidebar.get_attribute("data-collapsed") == "true"
        expect(page.get_by_text("Which councils appear in the scheme register")).to_be_visible()
        page.screenshot(path=str(ROOT / "screenshots" / "browser-embed-map.png"))
    finally:
        page.set_viewport_size({"width": 1400, "height": 1000})
