"""Every page works for every year 2010-11 to 2023-24 (AppTest): the Councils page and the Map for
each year, Check a claim for a claim reported in each year, Overview and Schemes once with the
new years in their tables and charts."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest import open_page
from ui import state

ROOT = Path(__file__).resolve().parents[1]
YEARS = [f"{y}-{(y + 1) % 100:02d}" for y in range(2010, 2024)]
FILL_YEARS = {"2018-19", "2019-20", "2020-21", "2021-22", "2022-23"}


def _open(page: str, **params: str) -> AppTest:
    at = open_page(page, **params)
    assert not at.exception
    return at


@pytest.mark.parametrize("year", YEARS)
def test_councils_page_for_every_year(year):
    at = _open("councils", council="E09000013", year=year)  # Hammersmith and Fulham: every year
    assert at.select_slider[0].value == year
    metrics = {m.label: m.value for m in at.metric}
    notes = [i.value for i in at.info]
    if year in FILL_YEARS:
        assert "Share of its total service expenditure" in metrics
        assert any("Revenue expenditure is not published for " + year in n for n in notes)
    else:
        assert "Share of its revenue expenditure" in metrics
        assert not any("not published" in n for n in notes)
    texts = [md.value.replace("\\", "") for md in at.markdown]  # unescape md_escape
    fact = next(t for t in texts if "Source:" in t and f"in {year} (outturn)" in t)
    measure = "total service expenditure" if year in FILL_YEARS else "revenue expenditure"
    assert f"{measure} of £" in fact and f"{measure} of £0 " not in fact and "nan" not in fact


@pytest.mark.parametrize("year", YEARS)
def test_map_for_every_year(year):
    at = _open("map", mapyear=year, colour="per_resident")
    assert at.select_slider[0].value == year
    notes = [i.value for i in at.info]
    assert any("not published" in n for n in notes) == (year in FILL_YEARS)


@pytest.mark.parametrize("year", YEARS)
def test_check_a_typed_claim_reported_in_every_year(year):
    at = _open("check_claim", claim="typed")
    at.multiselect(key=state.key("claim_councils")).select("HMF").select("KEC")
    at.text_input(key=state.key("claim_amount")).input("£2m")
    at.number_input(key=state.key("claim_year")).set_value(int(year[:4]))
    at.run()
    assert not at.exception
    shares = next(df.value for df in at.dataframe if str(df.value.columns[0]).startswith("Share of …"))
    by_measure = shares.set_index(shares.columns[0])
    used = by_measure.loc["Revenue expenditure", "Outturn year"]
    assert used not in FILL_YEARS  # revenue expenditure: a year that has it, stated beside it
    assert abs(int(used[:4]) - int(year[:4])) <= 6
    assert (by_measure.loc["Revenue expenditure"].drop("Outturn year") > 0).all()
    # total service expenditure is in the data for every year, so it is taken in the year reported
    assert by_measure.loc["Total service expenditure", "Outturn year"] == year


def test_overview_and_schemes_show_the_new_years():
    at = _open("overview", measures="total_service_expenditure")
    assert not at.exception
    table = at.dataframe[-2].value if len(at.dataframe) > 1 else None
    assert any(df.value["year"].isin(FILL_YEARS).any() for df in at.dataframe if "year" in df.value)
    assert table is not None
    at = _open("schemes", measure="total_service_expenditure")
    assert not at.exception
