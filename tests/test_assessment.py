"""The national picture and council profiles computed from the bundled data."""

from __future__ import annotations

import pytest

from analysis.arithmetic.assessment import Options, assess, council_profile, default_council_year
from analysis.spending.baselines import headline_readings


def test_headline_as_quoted_and_as_meant(dataset):
    r = headline_readings(dataset.lga_timeline, 94.134e9, 93.098e9)
    assert r["share"].iat[0] == pytest.approx(0.5 / 94.134)
    assert r["annual_gbp"].iat[1] == pytest.approx(125e6)
    assert r["quoted_over_this"].iat[1] == pytest.approx(4.0)
    assert r["annual_gbp"].iat[3] == pytest.approx(200e6)


def test_default_denominator_is_the_94bn(dataset):
    a = assess(dataset, Options())
    assert a.denominator.value_gbp / 1e9 == pytest.approx(94.134, abs=0.001)
    assert a.denominator.label == "revenue expenditure, 2016-17 budget"
    assert a.baseline_share == pytest.approx(0.005312, abs=1e-6)


def test_measure_choice_changes_the_denominator(dataset):
    nre = assess(dataset, Options(measure="net_revenue_expenditure"))
    assert nre.denominator.value_gbp / 1e9 == pytest.approx(54.697, abs=0.001)


def test_including_projected_adds_savings(dataset):
    achieved = assess(dataset, Options()).national["annual_savings_gbp"]
    with_targets = assess(dataset, Options(include_projected=True)).national["annual_savings_gbp"]
    assert with_targets > achieved > 0


def test_apportioned_parts_add_up_to_counted_savings(dataset):
    a = assess(dataset, Options())
    assert a.apportioned["apportioned_gbp"].sum() == pytest.approx(
        a.schemes.loc[a.schemes["counts_in_totals"] & a.schemes["partner_ids"].map(bool), "annual_gbp"].sum()
    )


def test_council_profile_tri_borough(dataset):
    a = assess(dataset, Options(include_projected=True))
    p = council_profile(dataset, a, "HMF", "2012-13")
    # £40m a year split by revenue expenditure among the three boroughs, over H&F's own budget
    assert 0 < p.share["annual_savings_gbp"] < 40e6
    assert p.share["share"] == pytest.approx(p.share["annual_savings_gbp"] / p.share["budget_gbp"])
    assert p.peer_counts["class_size"] == 33


def test_default_year_is_nearest_the_schemes(dataset):
    a = assess(dataset, Options())
    assert default_council_year(dataset, "HMF", a.outturn_years) in {"2014-15", "2015-16"}


def test_without_the_budget_workbook_the_headline_uses_the_nearest_outturn(dataset):
    import dataclasses

    from analysis.arithmetic.assessment import headline_denominator

    no_budget = dataclasses.replace(dataset, spending=dataset.spending[dataset.spending["stage"] == "outturn"])
    d = headline_denominator(no_budget, "revenue_expenditure", ["2015-16", "2016-17", "2017-18"])
    assert (d.year, d.stage) == ("2016-17", "outturn")
    assert d.label == "revenue expenditure, 2016-17 outturn"
    assert d.value_gbp / 1e9 == pytest.approx(93.432, abs=0.001)


def test_a_selection_with_nothing_counted_says_none_never_zero(dataset):
    from analysis.arithmetic.assessment import Options, assess, summarise_selection

    a = assess(dataset, Options("revenue_expenditure", False, "budget"))
    nothing = summarise_selection(a.schemes.iloc[0:0])
    assert (nothing.shown, nothing.counted, nothing.counted_annual_gbp, nothing.median_share) == (0, 0, None, None)
    every = summarise_selection(a.schemes)
    counted = a.schemes[a.schemes["counts_in_totals"].astype(bool)]
    assert every.counted == len(counted) > 0
    assert every.counted_annual_gbp == pytest.approx(counted["annual_gbp"].sum())
