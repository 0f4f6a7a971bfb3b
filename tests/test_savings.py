"""Savings arithmetic: table-driven cases and properties."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from analysis.arithmetic.savings import (
    annual_equivalent,
    apportion,
    duplicate_reports,
    gbp_to_reach,
    horizon_years,
    national_share,
    scheme_shares,
    stated_period,
    times_baseline,
    with_annual_equivalents,
)


@pytest.mark.parametrize(
    ("amount", "basis", "reported", "start", "period", "annual", "derived", "projected"),
    [
        (1_000_000, "annual", 2017, 2007, "", 1_000_000, False, False),
        (17_000_000, "cumulative", 2017, 2008, "", 17_000_000 / 9, True, False),
        (1_000_000, "cumulative", 2012, 2012, "", 1_000_000, True, False),  # at least one year
        (1_000_000, "cumulative", 2012, 2014, "", 1_000_000, True, False),  # start after report: one year
        (18_500_000, "cumulative", 2011, pd.NA, "", None, False, False),  # cannot annualise
        (40_000_000, "projected-annual", 2012, 2011, "", 40_000_000, False, True),
        (30_000_000, "projected-cumulative", 2012, 2013, "over ten years", 3_000_000, True, True),
        (600_000, "projected-cumulative", 2016, 2016, "cumulative by 2019/20", 150_000, True, True),
        (4_400_000, "projected-cumulative", 2012, 2012, "", 4_400_000, True, True),  # no horizon: years running
        (17_000_000, "cumulative", 2017, 2008, "over ten years (2007-2017)", 1_700_000, True, False),  # stated period
        (9_000_000, "cumulative", 2012, 2008, "2008-2011 procurement savings", 3_000_000, True, False),
        (5_690_000, "cumulative", 2012, 2008, "2007/08 to 2011/12", 1_138_000, True, False),
        (16_000_000, "cumulative", 2017, 2008, "since 2010", 16_000_000 / 7, True, False),
        (8_500_000, "projected-cumulative", 2010, pd.NA, "over five years", 1_700_000, True, True),  # no start needed
        (250_000, "one-off", 2015, 2014, "", None, False, False),
        (float("nan"), "", 2015, pd.NA, "", None, False, False),
    ],
)
def test_annual_equivalent(amount, basis, reported, start, period, annual, derived, projected):
    eq = annual_equivalent(amount, basis, reported, start, period)
    assert (eq.annual_gbp is None) == (annual is None)
    if annual is not None:
        assert eq.annual_gbp == pytest.approx(annual)
    assert (eq.derived, eq.projected) == (derived, projected)


@pytest.mark.parametrize(
    ("period", "start", "years"),
    [
        ("over ten years (contract c.£12m a year)", 2013, 10),
        ("over the first five years (indicative)", 2018, 5),
        ("over five years (to 2018/19)", 2014, 5),
        ("cumulative by 2019/20", 2016, 4),
        ("over 10 years", 2020, 10),
        ("since 2010", 2008, None),
        ("", 2010, None),
    ],
)
def test_horizon_years(period, start, years):
    assert horizon_years(period, start) == years


@pytest.mark.parametrize(
    ("text", "reported", "years", "words"),
    [
        ("over ten years (2007-2017)", 2017, 10, "over ten years"),
        ("saved taxpayers £17 million in ten years", 2017, 10, "in ten years"),
        ("2007-2017", 2017, 10, "2007-2017"),
        ("2008-2011 procurement savings (plus nearly £1.5m process savings)", 2012, 3, "2008-2011"),
        ("2007/08 to 2011/12 (gross employment cost savings)", 2012, 5, "2007/08 to 2011/12"),
        ("savings between 2007/08 – 2011/12 were £5.69m", 2012, 5, "2007/08 – 2011/12"),
        ("to date 2007-2012 (shared services incl. audit)", 2012, 5, "2007-2012"),
        ("first framework period (c.2010-2014)", 2014, 4, "2010-2014"),
        ("2015 to 2018", 2018, 3, "2015 to 2018"),
        ("over five years", 2010, 5, "over five years"),
        ("over the next decade", 2012, 10, "over the next decade"),
        ("over the following 10 years", 2021, 10, "over the following 10 years"),
        ("In Twelve Years", 2020, 12, "in twelve years"),
        ("since 2010", 2017, 7, "since 2010"),
        ("since 2021 (to Dec 2023)", 2023, 2, "since 2021"),
        ("since 2012", None, None, None),  # no report year: nothing to count to
        ("so far (to late 2011)", 2011, None, None),
        ("about 18 months of shared management", 2012, None, None),
        ("2017-2012", 2017, None, None),  # backwards span is not a period
        ("a year by 2015/16", 2012, None, None),
        ("", 2017, None, None),
    ],
)
def test_stated_period(text, reported, years, words):
    got = stated_period(text, reported)
    assert (got.years, got.words) == (years, words) if years else got is None


def test_the_annual_note_says_which_years_it_used():
    stated = annual_equivalent(17e6, "cumulative", 2017, 2008, "over ten years (2007-2017)")
    assert stated.years_running == 10 and "10 years, the period its source states ('over ten years')" in stated.note
    running = annual_equivalent(17e6, "cumulative", 2017, 2008, "")
    assert running.years_running == 9 and "9 years running (reported 2017, started 2008" in running.note
    quoted = annual_equivalent(17e6, "cumulative", 2017, 2008, "", "has saved £17 million in ten years")
    assert quoted.years_running == 10 and "'in ten years'" in quoted.note
    unknown = annual_equivalent(17e6, "cumulative", 2017, pd.NA, "so far")
    assert unknown.annual_gbp is None and "not stated" in unknown.note


_NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 10: "ten", 12: "twelve", 20: "twenty"}


@given(
    amount=st.floats(min_value=1, max_value=1e10),
    start=st.integers(1990, 2025),
    length=st.integers(1, 30),
    reported_after=st.integers(0, 10),
    style=st.sampled_from(["span", "fy_span", "over", "in_words", "since"]),
    before=st.sampled_from(["", "savings ", "the partnership saved £2m "]),
    after=st.sampled_from(["", " (estimate)", ", according to new figures"]),
)
def test_a_stated_period_spreads_the_total_over_its_years(amount, start, length, reported_after, style, before, after):
    """Whatever the start year in the register, a period the source states sets the years, and the
    annual equivalent times those years gives back the total."""
    end = start + length
    reported = end + reported_after if style != "since" else end
    if style == "in_words":
        length = min(_NUMBER_WORDS, key=lambda n: abs(n - length))
    text = {
        "span": f"{start}-{end}",
        "fy_span": f"{start}/{(start + 1) % 100:02d} to {end - 1}/{end % 100:02d}",
        "over": f"over {length} years",
        "in_words": f"in {_NUMBER_WORDS.get(length, '')} years",
        "since": f"since {start}",
    }[style]
    eq = annual_equivalent(amount, "cumulative", reported, start - 3, before + text + after)
    assert eq.years_running == length
    assert eq.annual_gbp * eq.years_running == pytest.approx(amount)
    assert "the period its source states" in eq.note


@pytest.mark.parametrize(
    ("method", "budgets", "shares", "expected", "used"),
    [
        ("budget", {"A": 300.0, "B": 100.0}, None, {"A": 75.0, "B": 25.0}, "budget"),
        ("equal", {"A": 300.0, "B": 100.0}, None, {"A": 50.0, "B": 50.0}, "equal"),
        ("budget", {"A": 300.0}, None, {"A": 50.0, "B": 50.0}, "equal (fallback)"),
        ("explicit", None, (0.2, 0.8), {"A": 20.0, "B": 80.0}, "explicit"),
    ],
)
def test_apportion_table(method, budgets, shares, expected, used):
    parts, got = apportion(100.0, ("A", "B"), method, budgets, shares)
    assert got == used
    assert parts == pytest.approx(expected)


money = st.floats(min_value=0, max_value=1e10, allow_nan=False)
positive = st.floats(min_value=1.0, max_value=1e11, allow_nan=False)


@given(
    total=money,
    budgets=st.lists(positive, min_size=1, max_size=12),
    method=st.sampled_from(["budget", "equal", "explicit"]),
)
def test_apportioned_parts_sum_to_the_saving(total, budgets, method):
    ids = tuple(f"C{i}" for i in range(len(budgets)))
    parts, _ = apportion(total, ids, method, dict(zip(ids, budgets)), tuple(budgets))
    assert math.fsum(parts.values()) == pytest.approx(total, rel=1e-9, abs=1e-6)
    assert all(v >= 0 for v in parts.values())


def _one_scheme(amount, basis="annual", partners=("A", "B"), reported=2015, start=2010, sid="S1", secondary=False):
    return {
        "scheme_id": sid,
        "scheme_name": sid,
        "partners": partners,
        "partner_ids": partners,
        "savings_gbp": amount,
        "basis": basis,
        "period": "",
        "year_reported": reported,
        "start_year": start,
        "is_secondary": secondary,
        "has_figure": not math.isnan(amount),
    }


def _table(rows):
    t = pd.DataFrame(rows)
    t["year_reported"] = t["year_reported"].astype("Int64")
    t["start_year"] = t["start_year"].astype("Int64")
    return t


@given(
    amount=st.floats(min_value=1, max_value=1e9), a=positive, b=positive, scale=st.floats(min_value=1e-3, max_value=1e3)
)
def test_scheme_share_is_scale_invariant(amount, a, b, scale):
    years = ["2014-15", "2015-16"]
    t = with_annual_equivalents(_table([_one_scheme(amount)]))
    base = scheme_shares(t, {("A", y): a for y in years} | {("B", y): b for y in years}, years)
    t2 = with_annual_equivalents(_table([_one_scheme(amount * scale)]))
    scaled = scheme_shares(t2, {("A", y): a * scale for y in years} | {("B", y): b * scale for y in years}, years)
    assert scaled["share"].iat[0] == pytest.approx(base["share"].iat[0], rel=1e-9)
    assert base["share"].iat[0] == pytest.approx(amount / (a + b), rel=1e-9)


@given(amount=st.floats(min_value=1, max_value=1e9), n=st.integers(min_value=2, max_value=6))
def test_a_scheme_reported_by_every_partner_is_counted_once(amount, n):
    partners = tuple(f"P{i}" for i in range(n))
    rows = [_one_scheme(amount, partners=partners, sid=f"S{i}") for i in range(n)]
    t = with_annual_equivalents(_table(rows))
    assert t["counts_in_totals"].sum() == 1
    assert national_share(t, 1e9)["annual_savings_gbp"] == pytest.approx(amount)


def test_duplicates_need_the_same_figure():
    rows = [_one_scheme(100.0, sid="S1"), _one_scheme(100.0, sid="S2"), _one_scheme(200.0, sid="S3")]
    assert list(duplicate_reports(_table(rows)).fillna("")) == ["", "S1", ""]


def test_secondary_one_off_and_projected_are_not_counted():
    rows = [
        _one_scheme(100.0, sid="S1"),
        _one_scheme(50.0, sid="S2", secondary=True, partners=("C",)),
        _one_scheme(70.0, "one-off", partners=("D",), sid="S3"),
        _one_scheme(90.0, "projected-annual", partners=("E",), sid="S4"),
    ]
    t = with_annual_equivalents(_table(rows))
    assert list(t["counts_in_totals"]) == [True, False, False, False]
    assert with_annual_equivalents(_table(rows), include_projected=True)["counts_in_totals"].sum() == 2


def test_nearest_spending_year_needs_every_partner():
    years = ["2014-15", "2015-16", "2017-18"]
    budgets = {("A", "2015-16"): 1.0, ("A", "2017-18"): 1.0, ("B", "2017-18"): 3.0}
    t = scheme_shares(with_annual_equivalents(_table([_one_scheme(1.0, reported=2015)])), budgets, years)
    assert t["spending_year"].iat[0] == "2017-18"
    assert t["year_gap"].iat[0] == 2
    assert t["share"].iat[0] == pytest.approx(0.25)


def test_baseline_helpers():
    assert times_baseline(0.0106, 0.0053) == pytest.approx(2.0)
    assert gbp_to_reach(0.01, 1e9, 4e6) == pytest.approx(6e6)
    assert gbp_to_reach(0.01, 1e9, 2e7) == 0.0


@given(
    amount=st.floats(min_value=0, max_value=1e10),
    basis=st.sampled_from(
        ["annual", "cumulative", "one-off", "projected-annual", "projected-cumulative", "", "nonsense"]
    ),
    reported=st.integers(1990, 2030),
    start=st.integers(1990, 2030),
    period=st.text(max_size=40),
)
def test_annual_equivalent_never_exceeds_the_figure(amount, basis, reported, start, period):
    eq = annual_equivalent(amount, basis, reported, start, period)
    assume(eq.annual_gbp is not None)
    assert 0 <= eq.annual_gbp <= amount + 1e-6
