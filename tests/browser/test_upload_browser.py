"""Uploads in the real browser: two visitors with same-named files each see their own figures, and a file
whose table cannot be detected is read by choosing the header row and the columns by hand."""

from __future__ import annotations

import pytest

from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, ROOT, require_chromium, running_app

pytestmark = pytest.mark.browser

require_chromium()

from playwright.sync_api import expect, sync_playwright  # noqa: E402

from tests.browser.actions import settle  # noqa: E402


@pytest.fixture(scope="module")
def app_and_browser():
    with running_app() as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield url, browser
        browser.close()


def _register(savings: str) -> bytes:
    return f"Scheme,Partners,Annual saving (£),Year\nShared waste,Adur; Worthing,{savings},2016\n".encode("cp1252")


def _expected(savings: str) -> str:
    """The Overview's counted-savings line for one uploaded file, from the analysis layer alone."""
    from analysis.arithmetic.assessment import Options, assess
    from analysis.dataset import DATA_DIR, load_dataset
    from analysis.outputs.formatting import format_gbp
    from analysis.uploads.pipeline import merge_uploads, read_uploaded_file

    dataset = load_dataset(DATA_DIR)
    merged = merge_uploads(dataset, [read_uploaded_file(_register(savings), "register.csv", dataset)], "add")
    national = assess(merged, Options("revenue_expenditure", False, "budget")).national
    return f"{format_gbp(national['annual_savings_gbp'])} a year"


def _upload(page, url: str, path) -> None:
    page.goto(f"{url}/upload")
    settle(page)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(str(path))
    expect(page.get_by_text("Rows in the sheet")).to_be_visible(timeout=60_000)
    settle(page)


def _overview_line(page):
    page.get_by_role("link", name="Overview").click()  # a link keeps the session; a new URL would start another
    settle(page)
    return page.locator('[data-testid="stMetric"]', has_text="This register")


def test_two_visitors_with_same_named_files_each_see_their_own_figures(app_and_browser, tmp_path):
    url, browser = app_and_browser
    visitors = []
    for savings in ("£40m", "£2.3m"):
        folder = tmp_path / savings.strip("£")
        folder.mkdir()
        (folder / "register.csv").write_bytes(_register(savings))
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        _upload(page, url, folder / "register.csv")
        visitors.append((context, page, savings))
    try:
        for _, page, savings in visitors:
            expect(_overview_line(page)).to_contain_text(_expected(savings), timeout=30_000)
            assert page.locator('[data-testid="stException"]').count() == 0
        first_page, second_savings = visitors[0][1], visitors[1][2]
        first_page.get_by_role("link", name="Schemes").click()
        settle(first_page)
        line = _overview_line(first_page)  # still its own figures after the other visitor's upload
        expect(line).to_contain_text(_expected("£40m"))
        expect(line).not_to_contain_text(_expected(second_savings))
    finally:
        for context, _, _ in visitors:
            context.close()


def test_an_edited_re_upload_shows_the_new_figures(app_and_browser, tmp_path):
    url, browser = app_and_browser
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        path = tmp_path / "register.csv"
        path.write_bytes(_register("£40m"))
        _upload(page, url, path)
        expect(_overview_line(page)).to_contain_text(_expected("£40m"), timeout=30_000)
        path.write_bytes(_register("£750k"))
        page.get_by_role("link", name="Upload").click()
        settle(page)
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(str(path))
        settle(page)
        expect(_overview_line(page)).to_contain_text(_expected("£750k"), timeout=30_000)
    finally:
        context.close()


UNDETECTABLE = (
    "Shared services in our area\r\n"
    "Compiled from council papers\r\n"
    "Ref,Who,What,How much,When\r\n"
    "1,Adur; Worthing,Waste collection,£1.2m a year,2016/17\r\n"
    '2,Harrow; Barnet,Legal services,"£670,000",2015\r\n'
).encode("cp1252")


def _choose(page, label: str, option: str) -> None:
    box = page.get_by_role("combobox", name=label)
    if box.input_value() != option:  # the page may already suggest it
        box.click()
        box.press("ArrowDown")  # open the list from the keyboard, then type to filter it
        box.fill(option)
        page.get_by_role("option", name=option).click()
        settle(page)
    expect(box).to_have_value(option)


def test_an_undetectable_file_is_read_after_mapping_it_by_hand(app_and_browser, tmp_path):
    url, browser = app_and_browser
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        path = tmp_path / "council papers.csv"
        path.write_bytes(UNDETECTABLE)
        page.goto(f"{url}/upload")
        settle(page)
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(str(path))
        expect(page.get_by_text("No table that looks like", exact=False)).to_be_visible(timeout=60_000)
        expect(page.get_by_text("Choose the header row and the columns yourself")).to_be_visible()
        settle(page)
        box = page.get_by_label("Header row (as numbered in the preview)")
        box.fill("3")
        box.press("Enter")
        settle(page)
        expect(page.get_by_role("combobox", name="Partner councils")).to_have_value("B: Who", timeout=30_000)
        _choose(page, "Service area", "C: What")
        _choose(page, "Savings (£)", "D: How much")
        _choose(page, "Year reported", "E: When")
        (ROOT / "screenshots").mkdir(exist_ok=True)
        page.screenshot(path=str(ROOT / "screenshots" / "upload-manual-mapping.png"), full_page=True)
        page.get_by_role("button", name="Read the file with this header row and these columns").click()
        expect(page.get_by_text("Rows in the sheet")).to_be_visible(timeout=60_000)
        settle(page)
        used = page.locator('[data-testid="stMetric"]', has_text="Used").first
        expect(used).to_contain_text("1")
        assert page.locator('[data-testid="stException"]').count() == 0
        page.get_by_role("link", name="Schemes").click()
        settle(page)
        expect(page.locator('[data-testid="stMetric"]', has_text="Schemes shown")).to_contain_text("100")
        assert errors == [], errors
    finally:
        context.close()
