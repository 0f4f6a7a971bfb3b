"""The multi-year outturn extract (issue 14): read, aggregates left out, counts pinned, codes resolved
through the directory, the workbooks win, and reconciliation against the RS workbooks checked
independently from the raw rows."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from analysis.dataset import DATA_DIR
from analysis.spending.extract import EXTRACT_MEASURES, authority_counts, read_extract, row_kind, year_from_ending
from analysis.spending.returns import SPENDING_COLUMNS, national_total_gbp

RAW = DATA_DIR / "spending" / "multi_year_extract" / "council_spending.json"
FILL_YEARS = ["2018-19", "2019-20", "2020-21", "2021-22", "2022-23"]
# Authorities per year in the extract (councils and other bodies; no England, class or group rows).
AUTHORITIES = {
    "2017-18": 445,
    "2018-19": 444,
    "2019-20": 436,
    "2020-21": 432,
    "2021-22": 426,
    "2022-23": 426,
    "2023-24": 411,
}


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    """The extract as published, read without the project's reader."""
    return pd.DataFrame(json.loads(RAW.read_text(encoding="utf-8")))


def _is_authority(code: str) -> bool:
    # independent of the reader: 9-character GSS codes except the country, or a bare E-code
    return (len(code) == 9 and code[0] == "E" and code[1:].isdigit() and code != "E92000001") or bool(
        re.fullmatch(r"E\d{4}", code)
    )


def _fy(year_ending: int) -> str:
    return f"{year_ending // 100 - 1}-{year_ending // 100 % 100:02d}"


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("E06000001", "authority"),
        ("E6803", "authority"),  # Lee Valley Regional Park: no ONS code, its E-code
        ("E12000007", "authority"),  # the GLA files under the London region code
        ("E92000001", "country total"),
        ("E09", "subtotal"),
        ("EOTH", "subtotal"),
        ("GLA", "subtotal"),
        ("P", "subtotal"),
        ("CA", "subtotal"),
    ],
)
def test_row_kind(code, kind):
    assert row_kind(code) == kind


@pytest.mark.parametrize(("ending", "year"), [(201803, "2017-18"), (202003, "2019-20"), (202403, "2023-24")])
def test_year_from_ending(ending, year):
    assert year_from_ending(ending) == year


def test_extract_is_tidy_in_pounds_and_names_its_source(raw):
    read = read_extract(RAW)
    assert list(read.table.columns) == SPENDING_COLUMNS
    assert set(read.table["stage"]) == {"outturn"}
    assert set(read.table["measure"]) == set(EXTRACT_MEASURES)
    assert set(read.table["source_file"]) == {"multi_year_extract/council_spending.json"}
    hartlepool = read.table[
        (read.table["ons_code"] == "E06000001")
        & (read.table["year"] == "2023-24")
        & (read.table["measure"] == "total_service_expenditure")
    ]
    assert hartlepool["value_gbp"].tolist() == [186_597_000.0]  # £ thousand in the file
    assert read.records == len(raw)
    # missing stays missing: every NaN in the file is NaN in the table, never 0
    missing_totals = raw.loc[raw["ONS_code"].map(_is_authority), "Total"].isna().sum()
    assert read.table["value_gbp"].isna().sum() == missing_totals * 14


def test_aggregate_rows_are_never_authorities(raw, dataset):
    read = dataset.extract
    aggregates = raw[~raw["ONS_code"].map(_is_authority)]
    assert len(read.aggregates) == len(aggregates) == 61
    assert set(read.aggregates["kind"]) == {"country total", "subtotal"}
    assert not set(read.table["ons_code"]) & set(aggregates["ONS_code"])
    assert not read.table["name"].str.fullmatch(r"England|.*(Authorities|Boroughs|Districts|Counties)").any()


def test_authority_counts_per_year_are_pinned(raw, dataset):
    independent = raw[raw["ONS_code"].map(_is_authority)].groupby("year_ending")["ONS_code"].nunique()
    assert {_fy(k): int(v) for k, v in independent.items()} == AUTHORITIES
    assert authority_counts(dataset.extract.table) == AUTHORITIES
    for year in FILL_YEARS:
        rows = dataset.spending[dataset.spending["year"] == year]
        assert rows["council_id"].nunique() == AUTHORITIES[year], year


@pytest.mark.parametrize("year", FILL_YEARS)
def test_national_tse_is_the_sum_over_authority_rows(raw, dataset, year):
    rows = raw[raw["ONS_code"].map(_is_authority) & (raw["year_ending"].map(_fy) == year)]
    expected = rows["Total"].sum() * 1000  # missing returns skipped, as everywhere
    assert national_total_gbp(dataset.spending, "total_service_expenditure", year, "outturn") == pytest.approx(expected)
    national = dataset.national.set_index(["year", "stage", "measure"])
    row = national.loc[(year, "outturn", "total_service_expenditure")]
    assert row["all_authorities_gbp"] == pytest.approx(expected)
    assert row["authorities_reporting"] == rows["Total"].notna().sum()
    assert row["source"] == "extract"


@pytest.mark.parametrize(
    ("year", "gap_gbp"),
    [("2018-19", 3_000), ("2019-20", 0), ("2020-21", 0), ("2021-22", 45_000)],
)
def test_the_extracts_england_row_is_the_sum_of_its_authorities_to_rounding(raw, year, gap_gbp):
    """Where no return is missing, England equals the authorities' sum to rounding (so no aggregate
    was double counted); 2022-23's England row includes the four missing returns, ours does not."""
    rows = raw[raw["year_ending"].map(_fy) == year]
    england = rows.loc[rows["ONS_code"] == "E92000001", "Total"].iat[0] * 1000
    authorities = rows.loc[rows["ONS_code"].map(_is_authority), "Total"].sum() * 1000
    assert abs(england - authorities) == pytest.approx(gap_gbp)


def test_missing_returns_in_2022_23_are_not_stated_never_zero(dataset):
    rows = dataset.spending[
        (dataset.spending["year"] == "2022-23") & (dataset.spending["measure"] == "total_service_expenditure")
    ]
    missing = set(rows.loc[rows["value_gbp"].isna(), "name"])
    assert missing == {"Birmingham", "High Peak", "North West Leicestershire", "Woking BC"}


def test_the_workbook_wins_where_both_exist(dataset):
    sp = dataset.spending
    from_extract = sp["source_file"].str.startswith("multi_year_extract/")
    assert sorted(sp.loc[from_extract, "year"].unique()) == FILL_YEARS
    assert not from_extract[sp["year"].isin(["2017-18", "2023-24"])].any()
    # the extract's own 2017-18 rows are kept for the reconciliation only
    assert "2017-18" in set(dataset.extract.table["year"])


def test_every_authority_row_links_to_the_directory(dataset):
    table = dataset.extract.table
    assert table["council_id"].notna().all()
    register = dataset.register.set_index("council_id")
    assert set(table["council_id"]) <= set(register.index)
    # each code is the council's own: current, former, or the one the workbooks pair with it
    workbook_codes = set(zip(dataset.spending["council_id"], dataset.spending["ons_code"]))
    for cid, code in set(zip(table["council_id"], table["ons_code"])):
        rec = register.loc[cid]
        assert code in {rec["ons_code"], *rec["former_ons_codes"].split(";")} or (cid, code) in workbook_codes, code


@pytest.mark.parametrize(
    ("code", "council_id", "years"),
    [
        ("E10000002", "BKM", ["2017-18", "2018-19", "2019-20"]),  # Buckinghamshire County, to March 2020
        ("E07000004", "AYL", ["2017-18", "2018-19", "2019-20"]),
        ("E06000060", "BUC", ["2020-21", "2021-22", "2022-23", "2023-24"]),  # Buckinghamshire Council
        ("E10000009", "DOR", ["2017-18", "2018-19"]),  # Dorset County, to March 2019
        ("E06000059", "DST", ["2019-20", "2020-21", "2021-22", "2022-23", "2023-24"]),
        ("E06000058", "BPC", ["2019-20", "2020-21", "2021-22", "2022-23", "2023-24"]),
        ("E10000021", "NTH", ["2017-18", "2018-19", "2019-20", "2020-21"]),  # Northamptonshire County
        ("E06000061", "NNT", ["2021-22", "2022-23", "2023-24"]),
        ("E06000062", "WNT", ["2021-22", "2022-23", "2023-24"]),
        ("E07000246", "SWT", ["2019-20", "2020-21", "2021-22", "2022-23"]),  # Somerset West and Taunton
        ("E10000027", "SOM", ["2017-18", "2018-19", "2019-20", "2020-21", "2021-22", "2022-23"]),
        ("E10000023", "NYK", ["2017-18", "2018-19", "2019-20", "2020-21", "2021-22", "2022-23"]),
        ("E10000006", "CMA", ["2017-18", "2018-19", "2019-20", "2020-21", "2021-22", "2022-23"]),
    ],
)
def test_reorganised_councils_resolve_for_each_year(dataset, code, council_id, years):
    rows = dataset.extract.table[dataset.extract.table["ons_code"] == code]
    assert set(rows["council_id"]) == {council_id}
    assert sorted(rows["year"].unique()) == years
    rec = dataset.register.set_index("council_id").loc[council_id]
    for year in years:  # each year falls within the council's life in the register
        assert not rec["start_date"] or rec["start_date"] <= f"{year[:4]}-04-01"
        assert not rec["end_date"] or rec["end_date"] >= f"{int(year[:4]) + 1}-03-31"


# ---- reconciliation -------------------------------------------------------------------------
# Today's agreement, the floor the test holds: total service expenditure agreed to the £1,000 for
# 434 of 444 authorities in 2017-18 and 397 of 411 in 2023-24 when matched on ONS code alone.
FLOOR = {"2017-18": 434, "2023-24": 397}


def _norm(name: str) -> str:
    name = re.sub(r"\((e|excluding .*)\)|\b(CC|UA|BC|MBC|DC|LB|Council)\b", " ", str(name))
    return re.sub(r"[^a-z]+", " ", name.lower()).strip()


def _independent(raw: pd.DataFrame, dataset, year: str, field: str, measure: str) -> tuple[int, int, list]:
    """Compare from the raw rows: ONS code first, then the name, for the authorities of both."""
    official = dataset.spending[
        (dataset.spending["year"] == year)
        & (dataset.spending["stage"] == "outturn")
        & (dataset.spending["measure"] == measure)
    ]
    extract = raw[(raw["year_ending"].map(_fy) == year) & raw["ONS_code"].map(_is_authority)]
    by_code = dict(zip(extract["ONS_code"], extract[field]))
    by_name = {_norm(n): v for n, v in zip(extract["LA_name"], extract[field])}
    pairs = []
    rows = list(zip(official["ons_code"], official["name"], official["value_gbp"]))
    for ons, name, value in rows:
        if ons in by_code:
            pairs.append((name, value, by_code[ons] * 1000))
    for ons, name, value in rows:
        if ons not in by_code and _norm(name) in by_name:
            pairs.append((name, value, by_name[_norm(name)] * 1000))
    agree = [p for p in pairs if not pd.isna(p[1]) and not pd.isna(p[2]) and abs(p[1] - p[2]) <= 1000]
    others = sorted(p[0] for p in pairs if p not in agree)
    return len(pairs), len(agree), others


@pytest.mark.parametrize("year", ["2017-18", "2023-24"])
def test_reconciliation_agrees_with_an_independent_check_and_holds_the_floor(raw, dataset, year):
    compared, agree, others = _independent(raw, dataset, year, "Total", "total_service_expenditure")
    summary = dataset.reconciliation.summary.set_index(["year", "measure"]).loc[(year, "total_service_expenditure")]
    assert (summary["compared"], summary["agree"]) == (compared, agree)
    assert agree >= FLOOR[year]
    listed = dataset.reconciliation.disagreements()
    assert sorted(listed.loc[listed["year"] == year, "name"]) == others
    assert summary["workbook only"] == summary["extract only"] == 0


def test_reconciliation_figures_today(dataset):
    s = dataset.reconciliation.summary.set_index(["year", "measure"])
    tse = s.xs("total_service_expenditure", level="measure")
    assert tse.loc["2017-18", ["compared", "agree", "differ", "missing in workbook"]].tolist() == [445, 435, 9, 1]
    assert tse.loc["2023-24", ["compared", "agree", "missing in both"]].tolist() == [411, 397, 14]
    # every service line agrees at least as well
    lines = s.drop(index="total_service_expenditure", level="measure")
    assert (lines.xs("2017-18", level="year")["agree"] >= 441).all()
    assert (lines.xs("2023-24", level="year")["agree"] >= 397).all()


def test_each_disagreement_lists_both_figures(dataset):
    listed = dataset.reconciliation.disagreements()
    differ = listed[listed["outcome"] == "differ"]
    assert differ["official_gbp"].notna().all() and differ["extract_gbp"].notna().all()
    assert ((differ["extract_gbp"] - differ["official_gbp"]).abs() > 1000).all()
    assert "North Yorkshire" not in set(listed["name"])  # matched through the directory despite the workbook's code


@pytest.mark.parametrize(
    ("official", "extract", "expected"),
    [
        (1000.0, 1000.0, "agree"),
        (1000.0, 2000.0, "agree"),  # to the £1,000
        (1000.0, 2000.5, "differ"),
        (float("nan"), 5.0, "missing in workbook"),
        (5.0, float("nan"), "missing in extract"),
        (float("nan"), float("nan"), "missing in both"),
    ],
)
def test_outcome_and_its_vectorised_form_agree(official, extract, expected):
    from analysis.spending.reconcile import outcome, reconcile

    assert outcome(official, extract) == expected
    rows = pd.DataFrame(
        {"year": "2017-18", "stage": "outturn", "council_id": "X", "name": "X", "measure": "education"}, index=[0]
    )
    rec = reconcile(rows.assign(value_gbp=official), rows.assign(value_gbp=extract))
    assert rec.detail["outcome"].tolist() == [expected]
