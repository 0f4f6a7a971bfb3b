"""The living register in AppTest, on SQLite and on PostgreSQL: a visitor proposes, an editor reviews and
approves, a fresh session sees the new version on every page; a pinned link keeps the old figures; anyone
who is not an editor sees a sign-in prompt or a refusal and no proposal; switched off without configuration."""

from __future__ import annotations

import re
import time

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest import switch
from tests.test_register_versions import NEW
from ui.pages import ROOT

EDITOR = "ana@council.gov.uk"
SECRETS = {
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "test-only-cookie-secret-not-used-by-apptest",
        "client_id": "ssd",
        "client_secret": "test-only",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
    },
    "editors": {"emails": [EDITOR], "domains": ["shared.org.uk"]},
}
OVERVIEW_TOTAL = "This register: counted annual savings (derived)"


@pytest.fixture
def backend(database_url, monkeypatch) -> str:
    monkeypatch.setenv("SSD_DATABASE_URL", database_url)
    monkeypatch.delenv("SSD_EDITORS", raising=False)
    return database_url


def _app(user: dict | None = None, secrets: dict | None = SECRETS, **params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    if secrets:
        at.secrets = secrets
    if user is not None:
        at.user = user
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


def _page(at: AppTest, key: str, **params: str) -> AppTest:
    switch(at, key, **params)
    return at


def _text(at: AppTest) -> str:
    """Everything the page shows as text, tables included."""
    parts = [
        e.value
        for kind in ("markdown", "caption", "text", "info", "warning", "error", "success", "title")
        for e in getattr(at, kind)
    ]
    parts += [df.value.to_csv() for df in at.dataframe]
    return re.sub(r"\\(.)", r"\1", "\n".join(map(str, parts)))  # as read: Markdown escapes removed


def _editor(**claims) -> dict:
    now = int(time.time())
    return {"is_logged_in": True, "email": EDITOR, "email_verified": True, "iat": now, "exp": now + 3600} | claims


def _propose(at: AppTest, fields: dict[str, str] = NEW, email: str = "me@example.org") -> AppTest:
    _page(at, "propose")
    for key, label in (
        ("scheme_name", "Scheme name"),
        ("partner_councils", "Partner councils (separate them with ;)"),
        ("service_area", "Service area"),
        ("savings_gbp", "Savings figure (£; 1.2m and 450k are fine)"),
        ("year_reported", "Year reported"),
        ("start_year", "Year the scheme started"),
        ("source_url", "Source: link to the page or document"),
    ):
        next(t for t in at.text_input if t.label == label).input(fields.get(key, ""))
    next(s for s in at.selectbox if s.label == "The figure is…").set_value(fields.get("savings_basis", ""))
    next(t for t in at.text_area if t.label.startswith("The sentence of the source")).input(
        fields.get("source_quote", "")
    )
    next(t for t in at.text_input if t.label.startswith("Your email")).input(email)
    next(b for b in at.button if b.label == "Send the proposal").click().run()
    assert not at.exception, at.exception
    return at


def _overview_total(at: AppTest) -> str:
    _page(at, "overview")
    return next(m for m in at.metric if m.label == OVERVIEW_TOTAL).delta


def test_without_configuration_proposals_are_switched_off(backend):
    at = _app(secrets=None)
    assert "switched off" in _text(_page(at, "propose"))
    assert "switched off" in _text(_page(at, "review"))
    assert not at.button  # no sign-in, no review controls
    assert "Proposals are switched off on this site" in _text(_page(at, "methodology"))


def test_propose_review_approve_and_a_new_version_everywhere(backend):
    before = _overview_total(_app())
    visitor = _propose(_app())
    assert "proposal 1 is waiting for an editor's review" in _text(visitor)

    # Not signed in, signed in without the editor role, with an address the provider did not verify, or with
    # an expired sign-in: no proposal data.
    unverified = {k: v for k, v in _editor().items() if k != "email_verified"}
    for user in ({}, _editor(email="someone@elsewhere.org"), unverified, _editor(iat=int(time.time()) - 9 * 3600)):
        at = _page(_app(user=user), "review")
        shown = _text(at)
        assert NEW["scheme_name"] not in shown and "me@example.org" not in shown and NEW["source_quote"] not in shown
        assert not [b for b in at.button if b.label.startswith(("Approve", "Reject", "Check and approve"))]
        assert "Sign in" in shown or "not an editor" in shown or "expired" in shown

    editor = _page(_app(user=_editor()), "review")
    shown = _text(editor)
    assert NEW["scheme_name"] in shown and NEW["source_quote"] in shown and "me@example.org" in shown
    assert "Register rows it may duplicate" in shown and "Adur" in shown
    assert next(m for m in editor.metric if m.label == "Annual equivalent").value == "£1.2m"
    next(b for b in editor.button if b.label == "Approve as proposed").click().run()
    assert "the register is now version 2" in _text(editor)
    assert "1 proposal(s) await" not in _text(editor) and "0 proposal(s) await" in _text(editor)

    fresh = _app()
    after = _overview_total(fresh)
    assert after != before
    schemes = _text(_page(fresh, "schemes"))
    assert NEW["scheme_name"] in schemes and NEW["source_url"] in schemes
    log = _text(_page(fresh, "methodology"))
    assert "Version in use: 2" in log and EDITOR in log

    pinned = _app(register="1")
    assert _overview_total(pinned) == before
    assert pinned.query_params["register"] in ("1", ["1"])


def test_a_refused_proposal_says_why_and_keeps_nothing(backend):
    at = _propose(_app(), NEW | {"source_quote": "", "source_url": "javascript:alert(1)"})
    shown = _text(at)
    assert "Quote the sentence" in shown and "web link" in shown and "waiting for an editor" not in shown
    editor = _page(_app(user=_editor()), "review")
    assert "0 proposal(s) await" in _text(editor)


def test_a_rejection_needs_a_reason_and_is_in_the_audit_log(backend):
    _propose(_app())
    editor = _page(_app(user=_editor(email="bob@shared.org.uk")), "review")
    next(t for t in editor.text_input if t.label == "Reason (kept in the log)").input("Already in the register as S045")
    next(b for b in editor.button if b.label == "Reject").click().run()
    shown = _text(editor)
    assert (
        "Proposal 1 rejected" in shown and "Already in the register as S045" in shown and "bob@shared.org.uk" in shown
    )


def test_an_unknown_register_version_in_a_link_gives_a_notice(backend):
    at = _app(register="7")
    assert any("register version 7 does not exist" in w.value for w in at.warning)
    at = _app(register="abc")
    assert any("not a version number" in w.value for w in at.warning)


def test_the_database_unreachable_serves_the_seed_and_says_so(monkeypatch):
    monkeypatch.setenv("SSD_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:9/none")
    at = _app()
    assert any("bundled seed register" in w.value for w in at.warning)
    assert "cannot be reached" in _text(_page(at, "methodology"))
