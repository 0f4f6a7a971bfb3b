"""The living register in a real browser, signing in through a real OpenID Connect provider started locally:
a visitor proposes a scheme with its source; a visitor not signed in, one signed in without the editor role and
one with a tampered cookie see no proposal; the editor sees it beside its likely duplicates and approves it; a
fresh session sees it on the Schemes page with its source, in the Overview's totals, and a new version in the
change log naming the editor; a link pinned to version 1 still shows the earlier totals. SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, ROOT, free_port, require_chromium, running_app

pytestmark = pytest.mark.browser

require_chromium()

from playwright.sync_api import expect, sync_playwright  # noqa: E402

from tests.browser.actions import download_scheme_table, settle  # noqa: E402
from tests.browser.oidc import oidc_provider, write_secrets  # noqa: E402
from tests.test_register_versions import NEW  # noqa: E402

EDITOR, OUTSIDER = "editor@example.org", "someone@elsewhere.org"
TOTAL = "This register: counted annual savings (derived)"
SHOTS = ROOT / "screenshots"


def _overview_total(page, url: str, query: str = "") -> str:
    page.goto(f"{url}/{query}")
    settle(page)
    metric = page.locator('[data-testid="stMetric"]').filter(has_text=TOTAL)
    expect(metric).to_be_visible(timeout=60_000)
    return metric.inner_text()


def _propose(page, url: str) -> None:
    page.goto(f"{url}/propose")
    settle(page)
    fill = {
        "Scheme name": NEW["scheme_name"],
        "Partner councils (separate them with ;)": NEW["partner_councils"],
        "Service area": NEW["service_area"],
        "Savings figure (£; 1.2m and 450k are fine)": NEW["savings_gbp"],
        "Year reported": NEW["year_reported"],
        "Year the scheme started": NEW["start_year"],
        "Source: link to the page or document": NEW["source_url"],
    }
    for label, value in fill.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_label("The sentence of the source that gives the figure, quoted exactly").fill(NEW["source_quote"])
    page.get_by_label("Your email (optional; never shown publicly, only editors see it)").fill("me@example.org")
    page.get_by_role("combobox", name="The figure is…").click()
    page.get_by_role("option", name="annual (a saving every year)").click()
    page.get_by_role("button", name="Send the proposal").click()
    expect(page.get_by_text("is waiting for an editor's review")).to_be_visible(timeout=60_000)


def _sign_in(page, url: str, email: str) -> None:
    page.goto(f"{url}/review")
    settle(page)
    page.get_by_role("button", name="Sign in as an editor").click()
    page.wait_for_selector('input[name="sub"]', timeout=30_000)  # the provider's own sign-in page
    page.fill('input[name="sub"]', email)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{url}/**", timeout=30_000)
    page.goto(f"{url}/review")
    settle(page)


def _shows_no_proposal(page) -> None:
    body = page.locator("body").inner_text()
    assert NEW["scheme_name"] not in body and "me@example.org" not in body and NEW["source_quote"] not in body
    assert page.get_by_role("button", name="Approve as proposed").count() == 0


def test_propose_sign_in_review_approve_and_versions(database_url, tmp_path):
    port = free_port()
    with oidc_provider(verified=(EDITOR, OUTSIDER)) as provider:
        secrets_file = write_secrets(tmp_path, port, provider, [EDITOR])
        env = {"SSD_DATABASE_URL": database_url, "AUTHLIB_INSECURE_TRANSPORT": "1"}
        args = ("--secrets.files", str(secrets_file))
        with running_app(env=env, port=port, args=args) as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            fresh = lambda: browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()  # noqa: E731

            visitor = fresh()
            before = _overview_total(visitor, url)
            _propose(visitor, url)

            visitor.goto(f"{url}/review")  # not signed in: a sign-in prompt, no proposal
            settle(visitor)
            expect(visitor.get_by_text("Only editors can review proposals. Sign in to continue.")).to_be_visible()
            _shows_no_proposal(visitor)

            outsider = fresh()  # signed in, but not an editor: a refusal
            _sign_in(outsider, url, OUTSIDER)
            expect(outsider.get_by_text("which is not an editor on this site")).to_be_visible(timeout=30_000)
            _shows_no_proposal(outsider)

            editor = fresh()
            _sign_in(editor, url, EDITOR)
            expect(editor.get_by_text(f"Signed in as {EDITOR}, an editor.")).to_be_visible(timeout=30_000)
            expect(editor.get_by_text(f"Proposal 1: {NEW['scheme_name']}")).to_be_visible()
            expect(editor.get_by_text("Register rows it may duplicate")).to_be_visible()
            expect(editor.get_by_role("blockquote").get_by_text(NEW["source_quote"])).to_be_visible()

            # The editor's cookie with its signature changed: Streamlit refuses it, the user is signed out.
            cookies = editor.context.cookies()
            user = next(c for c in cookies if c["name"] == "_streamlit_user")
            forged = user["value"][:-2] + ("AA" if not user["value"].endswith("AA") else "BB")
            tampered = browser.new_context(viewport={"width": 1400, "height": 1000})
            tampered.add_cookies([{**c, "value": forged} if c["name"] == "_streamlit_user" else c for c in cookies])
            tampered_page = tampered.new_page()
            tampered_page.goto(f"{url}/review")
            settle(tampered_page)
            expect(tampered_page.get_by_text("Only editors can review proposals. Sign in to continue.")).to_be_visible()
            _shows_no_proposal(tampered_page)

            SHOTS.mkdir(exist_ok=True)
            editor.screenshot(path=str(SHOTS / "review-editor.png"), full_page=True)
            editor.get_by_role("button", name="Approve as proposed").click()
            expect(editor.get_by_text("the register is now version 2")).to_be_visible(timeout=60_000)

            third = fresh()
            assert _overview_total(third, url) != before
            rows = download_scheme_table(third, url, tmp_path)
            added = [r for r in rows if r["Scheme"] == NEW["scheme_name"]]
            assert added and added[0]["Source"] == NEW["source_url"] and added[0]["Annual equivalent £"] == "1200000.0"
            third.goto(f"{url}/methodology")
            settle(third)
            log = third.get_by_text("The scheme register and its versions")
            log.scroll_into_view_if_needed()
            expect(third.get_by_text("Version in use: 2")).to_be_visible()
            table = third.locator('[data-testid="stDataFrame"]').filter(has_text="the bundled register file")
            expect(table).to_contain_text(EDITOR, timeout=30_000)
            third.wait_for_timeout(500)
            third.screenshot(path=str(SHOTS / "methodology-change-log.png"), full_page=True)

            pinned = fresh()
            assert _overview_total(pinned, url, "?register=1") == before
            browser.close()
