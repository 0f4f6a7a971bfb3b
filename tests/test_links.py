"""Every view has a URL: state -> URL -> state round trips, invalid values, page switches."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest import open_page

ROOT = Path(__file__).resolve().parents[1]


def _open(page: str, **params: str) -> AppTest:
    at = open_page(page, **params)
    assert not at.exception
    return at


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _url(at) -> dict[str, str]:
    return {k: v[0] if isinstance(v, list) else v for k, v in at.query_params.items()}


@pytest.mark.parametrize(
    ("page", "params"),
    [
        ("overview", {"measure": "net_revenue_expenditure", "measures": "revenue_expenditure", "principal": "1"}),
        ("councils", {"council": "E07000177", "year": "2015-16", "projected": "1"}),
        ("councils", {"council": "E09000020", "year": "2012-13", "method": "equal"}),
        ("schemes", {"basis": "annual,cumulative", "partner": "E07000223", "figure": "1"}),
        ("check_claim", {"scheme": "S018", "measure": "net_current_expenditure"}),
        ("upload", {"projected": "1"}),
        ("methodology", {"method": "equal"}),
    ],
)
def test_a_link_reproduces_the_view_and_the_url_says_so(page, params):
    at = _open(page, **params)
    assert _url(at) == params  # state -> URL: the page writes back exactly what it shows
    assert not at.warning or all("link" not in w.value for w in at.warning)


def test_council_link_shows_that_council_and_year():
    at = _open("councils", council="E07000177", year="2015-16")
    assert any("Cherwell District Council" in md.value for md in at.markdown)
    assert at.select_slider[0].value == "2015-16"


def test_measure_link_changes_the_headline():
    at = _open("overview", measure="net_revenue_expenditure")
    assert _metrics(at)["Denominator"] == "£54.7bn"


@pytest.mark.parametrize(
    ("page", "params", "expect"),
    [
        ("councils", {"council": "E99999999"}, "council"),
        ("councils", {"year": "2099-00"}, "year"),
        ("overview", {"measure": "dragons"}, "measure"),
        ("overview", {"measures": "revenue_expenditure,nope"}, "measures"),
        ("schemes", {"basis": "sometimes"}, "basis"),
        ("check_claim", {"scheme": "S999"}, "scheme"),
        ("overview", {"projected": "maybe"}, "projected"),
    ],
)
def test_an_invalid_value_gives_a_notice_and_the_default(page, params, expect):
    at = _open(page, **params)
    assert any(f"link's {expect}" in w.value for w in at.warning)
    assert expect not in _url(at) or _url(at)[expect] != params[expect]


def test_the_view_survives_switching_pages_and_back():
    at = _open("councils", council="E07000177", year="2015-16", measure="net_revenue_expenditure")
    at.switch_page(str(ROOT / "views/overview.py")).run()
    assert _metrics(at)["Denominator"] == "£54.7bn"
    at.switch_page(str(ROOT / "views/councils.py")).run()
    assert any("Cherwell District Council" in md.value for md in at.markdown)
    assert at.select_slider[0].value == "2015-16"
    assert _url(at)["council"] == "E07000177"


def test_changing_a_widget_updates_the_url():
    at = _open("councils")
    at.selectbox[0].select("HMF").run()
    assert _url(at)["council"] == "E09000013"
