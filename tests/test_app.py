"""Every page renders on the bundled data; controls change what is shown (AppTest)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ui.pages import PAGES as REGISTRY

ROOT = Path(__file__).resolve().parents[1]
PAGES = [p.script for p in REGISTRY]


@pytest.fixture
def app() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    assert not at.exception
    return at


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders(app, page):
    at = app.switch_page(str(ROOT / page)).run()
    assert not at.exception
    assert at.title, page


def test_overview_headline(app):
    m = _metrics(app)
    assert m["As quoted (£0.5bn ÷ one year)"] == "0.53%"
    assert m["Cumulative, read per year (derived)"] == "0.13%"
    assert m["Denominator"] == "£94.1bn"


def test_measure_choice_is_shown_and_changes_the_headline(app):
    app.sidebar.selectbox[0].select("net_revenue_expenditure").run()
    m = _metrics(app)
    assert m["Denominator"] == "£54.7bn"
    assert m["As quoted (£0.5bn ÷ one year)"] == "0.91%"


def test_choosing_a_council_changes_what_is_shown(app):
    at = app.switch_page(str(ROOT / "views/councils.py")).run()
    first = _metrics(at)
    first_text = [md.value for md in at.markdown]
    at.selectbox[0].select("HMF").run()
    assert not at.exception
    assert _metrics(at) != first or [md.value for md in at.markdown] != first_text
    assert any("Hammersmith" in md.value for md in at.markdown)


def test_typed_name_finds_the_council(app):
    at = app.switch_page(str(ROOT / "views/councils.py")).run()
    at.text_input[0].input("RBKC").run()
    assert not at.exception
    assert at.selectbox[0].value == "KEC"
    assert any("Kensington and Chelsea" in md.value for md in at.markdown)


def test_ambiguous_typed_name_warns_with_suggestions(app):
    at = app.switch_page(str(ROOT / "views/councils.py")).run()
    before = at.selectbox[0].value
    at.text_input[0].input("Newcastle").run()
    assert at.selectbox[0].value == before
    assert any("ambiguous" in w.value and "Newcastle" in w.value for w in at.warning)


def test_including_projected_changes_a_council(app):
    at = app.switch_page(str(ROOT / "views/councils.py")).run()
    at.selectbox[0].select("HMF").run()
    without = _metrics(at)["Apportioned annual savings"]
    at.sidebar.checkbox[0].check().run()
    assert _metrics(at)["Apportioned annual savings"] != without


def test_scheme_filters(app):
    at = app.switch_page(str(ROOT / "views/schemes.py")).run()
    assert _metrics(at)["Schemes shown"] == "98"
    at.multiselect[0].select("Waste and environment").run()
    assert _metrics(at)["Schemes shown"] == "7"
    at.toggle[0].set_value(True).run()
    assert int(_metrics(at)["Schemes shown"]) < 7


def test_methodology_lists_every_workbook(app):
    at = app.switch_page(str(ROOT / "views/methodology.py")).run()
    table = at.dataframe[0].value
    assert len(table) == 10
    assert "Birmingham" in " ".join(table["missing returns"])


def test_check_a_chosen_scheme(app):
    at = app.switch_page(str(ROOT / "views/check_claim.py")).run()
    assert not at.exception
    m = _metrics(at)
    assert m["Annual equivalent (projected)"] == "£40.0m"  # the first scheme: the tri-borough's £40m target
    assert m["Defensible annual saving"] == "£0"
    assert any("RED" in e.value for e in at.error)
    assert any(len(d.value) == 3 for d in at.dataframe)  # the tri-borough public claims


def test_check_a_typed_claim(app):
    at = app.switch_page(str(ROOT / "views/check_claim.py")).run()
    next(r for r in at.radio if r.label == "Claim").set_value("typed").run()
    at.multiselect[0].select("CHR").select("SNO").run()
    at.text_input(key="ssd.claim_amount").input("£2.3m").run()
    assert not at.exception
    m = _metrics(at)
    assert m["Annual equivalent"] == "£2.3m"
    assert m["Share of partners' revenue expenditure"] == "5.38%"
    assert any("Probably cumulative" in md.value for md in at.markdown)
    next(s for s in at.selectbox if s.label == "The figure is").select("cumulative").run()
    assert _metrics(at)["Annual equivalent (derived)"] == "£767k"  # £2.3m over the default 3 years
