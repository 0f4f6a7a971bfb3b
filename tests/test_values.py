"""Money, year and basis parsers: table-driven cases and hypothesis properties."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.readers.values import parse_basis, parse_money, parse_year, unit_in_text


@pytest.mark.parametrize(
    ("cell", "multiplier", "expected"),
    [
        ("£1.2m", 1, 1_200_000),
        ("£450k", 1, 450_000),
        ("1,200", 1, 1_200),
        ("1,200", 1000, 1_200_000),
        ("(300)", 1, -300),
        ("(£1.5m)", 1, -1_500_000),
        ("£1.2 million", 1, 1_200_000),
        ("2.5bn", 1, 2.5e9),
        ("about £2m a year", 1, 2_000_000),
        ("£40million", 1, 40_000_000),
        ("£ 3,500", 1, 3_500),
        ("£-5k", 1, -5_000),
        (7.5, 1000, 7_500),
        ("-", 1, None),
        ("n/a", 1, None),
        ("", 1000, None),
        (None, 1, None),
        ("…", 1, None),
        ("£450k", 1000, 450_000),  # a unit in the cell wins over the column's
        # money as people write it (issue 9): always read in pounds
        ("£40m", 1, 40_000_000),
        ("£670,000", 1, 670_000),
        ("£750k", 1, 750_000),
        ("2.3m", 1, 2_300_000),
        ("£1.2bn", 1, 1_200_000_000),
        ("40 million", 1, 40_000_000),
        ("£0.5 billion", 1, 500_000_000),
        ("£300K", 1, 300_000),
        ("£5.2M", 1, 5_200_000),
        ("1.2 mn", 1, 1_200_000),
        ("GBP 5m", 1, 5_000_000),
        ("40m pounds", 1, 40_000_000),
        ("£670 000", 1, 670_000),
        ("£1m to date", 1, 1_000_000),
        ("£12.5m over five years", 1, 12_500_000),
        ("£17m in ten years", 1, 17_000_000),
        ("£1.2m (est)", 1, 1_200_000),
        ("£3m+", 1, 3_000_000),
        ("£450k per annum", 1, 450_000),
        ("£2m saving", 1, 2_000_000),
        ("c. £3m", 1, 3_000_000),
        ("£1m a year to date", 1, 1_000_000),
    ],
)
def test_parse_money(cell, multiplier, expected):
    assert parse_money(cell, multiplier) == (None if expected is None else pytest.approx(expected))


@pytest.mark.parametrize("cell", ["abc", "1.2.3", "£", "twelve pounds", "12 apples"])
def test_parse_money_rejects_text(cell):
    with pytest.raises(ValueError, match="not an amount of money"):
        parse_money(cell)


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("Savings (£000)", 1e3),
        ("£k", 1e3),
        ("Savings £ thousand", 1e3),
        ("£m", 1e6),
        ("Amount (£ millions)", 1e6),
        ("Figures in thousands of pounds", 1e3),
        ("£'000", 1e3),
        ("All figures £000", 1e3),
        ("Total savings", None),
    ],
)
def test_unit_in_text(text, unit):
    assert unit_in_text(text) == unit


@pytest.mark.parametrize(
    ("cell", "year"),
    [
        (2016, 2016),
        ("2016/17", 2016),
        ("2016-17", 2016),
        ("FY17", 2016),
        ("FY2017", 2016),
        ("2016/2017", 2016),
        ("April 2016", 2016),
        ("16/17", 2016),
        (2016.0, 2016),
        ("", None),
        (None, None),
    ],
)
def test_parse_year(cell, year):
    assert parse_year(cell) == year


@pytest.mark.parametrize("cell", ["abc", 1899, "20xx", 2016.5])
def test_parse_year_rejects(cell):
    with pytest.raises(ValueError):
        parse_year(cell)


@pytest.mark.parametrize(
    ("words", "basis"),
    [
        ("p.a.", "annual"),
        ("per annum", "annual"),
        ("to date", "cumulative"),
        ("cumulative since 2012", "cumulative"),
        ("one-off", "one-off"),
        ("target", "projected-annual"),
        ("est.", "projected-annual"),
        ("target p.a.", "projected-annual"),
        ("expected over five years", "projected-cumulative"),
        ("annual", "annual"),
        ("projected-cumulative", "projected-cumulative"),
        ("", None),
        ("savings", None),
    ],
)
def test_parse_basis(words, basis):
    assert parse_basis(words) == basis


@given(pounds=st.integers(min_value=0, max_value=10**12))
def test_money_round_trips_through_common_spellings(pounds):
    assert parse_money(f"£{pounds:,}") == pounds
    assert parse_money(f"({pounds:,})") == -pounds
    assert parse_money(f"{pounds / 1000:.3f}", 1000) == pytest.approx(pounds, abs=1)
    assert parse_money(f"£{pounds / 1e6:.6f}m") == pytest.approx(pounds, abs=1)


@given(year=st.integers(min_value=1990, max_value=2098))
def test_year_spellings_agree(year):
    short = f"{(year + 1) % 100:02d}"
    assert parse_year(year) == parse_year(f"{year}/{short}") == parse_year(f"{year}-{short}") == year
    assert parse_year(f"FY{year + 1}") == year


@given(st.one_of(st.text(max_size=40), st.floats(allow_nan=True), st.integers(), st.none(), st.booleans()))
def test_parsers_raise_only_value_error(cell):
    for parse in (parse_money, parse_year):
        with contextlib.suppress(ValueError):
            parse(cell)
    parse_basis(cell)
    unit_in_text(cell)
