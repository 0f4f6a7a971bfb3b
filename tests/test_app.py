"""Every page renders on the bundled data; controls change what is shown (AppTest)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.source_figures import first_scheme_row, national_figure, partners_figure
from ui.pages import PAGES as REGISTRY

ROOT = Path(__file__).resolve().parents[1]
PAGES = [p.script for p in REGISTRY]


def _register_rows() -> int:
    import csv

    with (ROOT / "data" / "schemes" / "schemes.csv").open(encoding="utf-8", newline="") as f:
        return sum(1 for _ in csv.DictReader(f))


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


# The headline's figures from the sources: the LGA's £0.5bn (June 2016, "the cumulative total since 2012")
# over the 2016-17 budget's revenue expenditure summed over the RA workbook's authority rows.
LGA_GBP, LGA_YEAR, SINCE = 0.5e9, 2016, 2012


def test_overview_headline(app):
    budget = national_figure("2016-17", "revenue_expenditure", "budget")
    m = _metrics(app)
    assert m["As quoted (£0.5bn ÷ one year)"] == f"{LGA_GBP / budget:.2%}"
    assert m["Cumulative, read per year (derived)"] == f"{LGA_GBP / (LGA_YEAR - SINCE) / budget:.2%}"
    assert m["Denominator"] == f"£{budget / 1e9:.1f}bn"
    assert (m["As quoted (£0.5bn ÷ one year)"], m["Cumulative, read per year (derived)"]) == (
        "0.53%",
        "0.13%",
    )  # README


def test_measure_choice_is_shown_and_changes_the_headline(app):
    app.sidebar.selectbox[0].select("net_revenue_expenditure").run()
    budget = national_figure("2016-17", "net_revenue_expenditure", "budget")
    m = _metrics(app)
    assert m["Denominator"] == f"£{budget / 1e9:.1f}bn"
    assert m["As quoted (£0.5bn ÷ one year)"] == f"{LGA_GBP / budget:.2%}"


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
    assert _metrics(at)["Schemes shown"] == str(_register_rows())
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
    first = first_scheme_row()  # the page opens on the register's first scheme: the tri-borough's target
    assert first["savings_basis"] == "projected-annual"
    at = app.switch_page(str(ROOT / "views/check_claim.py")).run()
    assert not at.exception
    m = _metrics(at)
    assert m["Annual equivalent (projected)"] == f"£{float(first['savings_gbp']) / 1e6:.1f}m"
    assert m["Defensible annual saving"] == "none shown yet (a target)"  # unknown, never £0
    assert any("RED" in e.value for e in at.error)
    assert any(len(d.value) == 3 for d in at.dataframe)  # the tri-borough public claims


def test_check_a_typed_claim(app):
    """£2.3m a year for Cherwell and South Norfolk, reported in 2016 (the page's default): its share of the
    partners' 2016-17 outturn from the RS workbook's rows, then read as cumulative."""
    partners = partners_figure(("CHR", "SNO"), "2016-17")
    at = app.switch_page(str(ROOT / "views/check_claim.py")).run()
    next(r for r in at.radio if r.label == "Claim").set_value("typed").run()
    at.multiselect[0].select("CHR").select("SNO").run()
    at.text_input(key="ssd.claim_amount").input("£2.3m").run()
    assert not at.exception
    m = _metrics(at)
    assert m["Annual equivalent"] == "£2.3m"
    assert m["Share of partners' revenue expenditure"] == f"{2.3e6 / partners:.2%}"
    assert any("Probably cumulative" in md.value for md in at.markdown)
    next(s for s in at.selectbox if s.label == "The figure is").select("cumulative").run()
    assert _metrics(at)["Annual equivalent (derived)"] == "not computed"  # years not stated: no default
    at.number_input(key="ssd.claim_years").set_value(3).run()
    assert _metrics(at)["Annual equivalent (derived)"] == f"£{2.3e6 / 3 / 1e3:.0f}k"  # over the 3 years running
    at.text_input(key="ssd.claim_period").input("saved £2.3m in ten years").run()
    assert _metrics(at)["Annual equivalent (derived)"] == f"£{2.3e6 / 10 / 1e3:.0f}k"  # the stated period wins


def test_a_claim_with_unknown_costs_says_not_stated(app):
    """The costs a claim does not state are 'not stated', never £0, and payback says why it is missing."""
    at = app.switch_page(str(ROOT / "views/check_claim.py")).run()
    next(r for r in at.radio if r.label == "Claim").set_value("typed").run()
    at.multiselect[0].select("CHR").select("SNO").run()
    at.text_input(key="ssd.claim_amount").input("£1m").run()
    m = _metrics(at)
    assert m["Costs (implementation + external funding)"] == "not stated"
    assert m["Payback"] == "not computed"
    assert m["Net saving over the years running"] == "not computed"
    assert not any(v in ("£0", "0") for v in m.values()), m
    assert any(
        "Payback" in c.value and "implementation costs and external funding not stated" in c.value for c in at.caption
    )
    at.text_input(key="ssd.claim_cost").input("£1.2m").run()
    at.text_input(key="ssd.claim_funding").input("0").run()
    at.number_input(key="ssd.claim_years").set_value(4).run()
    costs, annual, years = 1.2e6 + 0.0, 1e6, 4
    m = _metrics(at)
    assert m["Costs (implementation + external funding)"] == f"£{costs / 1e6:.1f}m"
    assert m["Payback"] == f"{costs / annual:.1f} years"  # costs ÷ annual saving
    assert m["Net saving over the years running"] == f"£{(years * annual - costs) / 1e6:.1f}m"


def test_a_register_claim_without_costs_says_not_stated(app):
    at = app.switch_page(str(ROOT / "views/check_claim.py")).run()  # the tri-borough: no costs in the register
    m = _metrics(at)
    assert m["Costs (implementation + external funding)"] == "not stated"
    assert m["Payback"] == "not computed"


def test_councils_are_described_in_mads_never_by_rank(app):
    at = app.switch_page(str(ROOT / "views/councils.py")).run()
    at.selectbox[0].select("CHR").run()
    labels = [m.label for m in at.metric]
    assert not any("ercentile" in label or "rank" in label.lower() for label in labels), labels
    value = _metrics(at)["From the median of shire districts with savings"]
    assert value.endswith(" MADs") or value in ("at the median", "not compared"), value
