"""Take a screenshot of every page: `python -m tests.browser.screenshots` (writes screenshots/)."""

from __future__ import annotations

from playwright.sync_api import sync_playwright

from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, PAGES, ROOT, running_app


def main() -> None:
    out = ROOT / "screenshots"
    out.mkdir(exist_ok=True)
    with running_app() as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        for name, path in PAGES.items():
            page.goto(f"{url}/{path}")
            page.wait_for_selector("h1", timeout=60_000)
            page.wait_for_timeout(2500)
            page.screenshot(path=str(out / f"{name}.png"), full_page=True)
            print("wrote", out / f"{name}.png")
        browser.close()


if __name__ == "__main__":
    main()
