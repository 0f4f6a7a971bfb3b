"""Years that lack the chosen measure (2018-19 to 2022-23 have no revenue expenditure): every
look-up says so and uses total service expenditure, never £0 and never another measure silently."""

from __future__ import annotations

import pytest

from analysis.arithmetic.assessment import Options, assess, council_profile, default_council_year
from analysis.outputs.charts import national_spending_chart
from analysis.outputs.key_facts import council_facts
from analysis.spending.availability import measure_for_year, measures_by_year, years_with_measure
from analysis.vocabulary import TOTAL_MEASURES

FILL_YEARS = ["2018-19", "2019-20", "2020-21", "2021-22", "2022-23"]


@pytest.mark.parametrize(
    ("measure", "year", "used"),
    [
        ("revenue_expenditure", "2020-21", "total_service_expenditure"),
        ("net_revenue_expenditure", "2018-19", "total_service_expenditure"),
        ("revenue_expenditure", "2017-18", "revenue_expenditure"),
        ("total_service_expenditure", "2020-21", "total_service_expenditure"),
        ("revenue_expenditure", "2023-24", "revenue_expenditure"),
    ],
)
def test_measure_for_year(dataset, measure, year, used):
    choice = measure_for_year(dataset.spending, measure, year)
    assert choice.used == used
    assert bool(choice.note) == (used != measure)
    if choice.note:
        assert year in choice.note and "total service expenditure" in choice.note


def test_which_years_have_which_measures(dataset):
    assert not set(FILL_YEARS) & set(years_with_measure(dataset.spending, "revenue_expenditure"))
    assert set(FILL_YEARS) <= set(years_with_measure(dataset.spending, "total_service_expenditure"))
    table = measures_by_year(dataset.spending)
    assert (table.loc[FILL_YEARS, "revenue_expenditure"] == 0).all()
    assert (table.loc[FILL_YEARS, "education"] > 300).all()


@pytest.mark.parametrize("measure", TOTAL_MEASURES)
def test_no_denominator_is_ever_zero(dataset, measure):
    a = assess(dataset, Options(measure=measure))
    assert a.denominator.value_gbp > 0
    assert (a.readings["denominator_gbp"] > 0).all()
    years = set(years_with_measure(dataset.spending, measure))
    assert set(a.schemes["spending_year"].dropna()) <= years  # nearest years that have the measure


def test_schemes_of_2018_to_2022_use_the_new_years_where_the_measure_exists(dataset):
    tse = assess(dataset, Options(measure="total_service_expenditure")).schemes
    reported = tse[tse["year_reported"].between(2018, 2022) & tse["spending_year"].notna()]
    assert len(reported) and (reported["year_gap"].abs() <= 1).all()
    assert set(reported["spending_year"]) & set(FILL_YEARS)


@pytest.mark.parametrize("year", FILL_YEARS)
def test_a_council_in_a_year_without_the_measure_says_so(dataset, year):
    a = assess(dataset, Options())  # revenue expenditure, the default
    profile = council_profile(dataset, a, "HMF", year)
    assert profile.measure == "total_service_expenditure"
    assert "Revenue expenditure is not published" in profile.measure_note
    assert profile.share["budget_gbp"] > 0
    first = council_facts(profile, a)[0]
    assert "total service expenditure" in first[0] and "not published" in first[0]
    assert "multi-year" in first[1]


def test_default_year_prefers_a_year_with_the_measure(dataset):
    a = assess(dataset, Options())
    year = default_council_year(dataset, "BUC", a.outturn_years, "revenue_expenditure")
    assert year == "2023-24"  # Buckinghamshire Council: revenue expenditure only in the 2023-24 workbook
    tse_year = default_council_year(dataset, "BUC", a.outturn_years, "total_service_expenditure")
    assert tse_year in [*FILL_YEARS, "2023-24"]


def test_national_chart_marks_the_extract_and_leaves_gaps(dataset):
    fig = national_spending_chart(dataset.national, ["revenue_expenditure", "total_service_expenditure"], False)
    re_line, tse_line = (t for t in fig.data if t.name.endswith("(outturn)"))
    years = list(re_line.x)
    assert years[0] == "2010-11" and years[-1] == "2023-24" and len(years) == 14
    gaps = [y for y, v in zip(years, re_line.y) if v != v]
    assert gaps == FILL_YEARS  # a gap, never a bridge to another measure
    assert all(v == v and v > 80 for v in tse_line.y)  # total service expenditure has no gap
    symbols = dict(zip(years, tse_line.marker.symbol))
    assert {symbols[y] for y in FILL_YEARS} == {"diamond-open"} and symbols["2017-18"] == "circle"
    text = " ".join(a.text for a in fig.layout.annotations)
    assert "multi-year data set" in text and "Revenue Outturn Summary" in text and "extract" in text
    assert "revenue expenditure: none for 2018-19 to 2022-23" in fig.layout.title.text
