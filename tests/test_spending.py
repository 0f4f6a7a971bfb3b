"""Ingest of every bundled workbook against the published totals (issue 2 acceptance)."""

from __future__ import annotations

import pytest

from analysis.errors import NoTableFound
from analysis.readers.workbook import Sheet
from analysis.spending.returns import choose_authority_sheet, national_total_gbp, read_spending_workbook
from analysis.vocabulary import measure_for_header

# (year, stage) -> (total service expenditure £bn, authorities, principal councils)
ACCEPTANCE = {
    ("2010-11", "outturn"): (102.630, 444, 353),
    ("2011-12", "outturn"): (95.435, 444, 353),
    ("2012-13", "outturn"): (91.072, 444, 353),
    ("2013-14", "outturn"): (91.809, 444, 353),
    ("2014-15", "outturn"): (91.199, 444, 353),
    ("2015-16", "outturn"): (90.634, 444, 353),
    ("2016-17", "outturn"): (90.312, 446, 353),
    ("2017-18", "outturn"): (89.791, 445, 353),
    ("2023-24", "outturn"): (120.761, 411, 317),
    ("2016-17", "budget"): (90.923, 443, 353),
}


@pytest.mark.parametrize(("year", "stage"), list(ACCEPTANCE))
def test_total_service_expenditure_and_authority_counts(dataset, year, stage):
    tse_bn, authorities, principal = ACCEPTANCE[(year, stage)]
    rows = dataset.spending[(dataset.spending["year"] == year) & (dataset.spending["stage"] == stage)]
    assert national_total_gbp(dataset.spending, "total_service_expenditure", year, stage) / 1e9 == pytest.approx(
        tse_bn, abs=0.001
    )
    assert rows["ecode"].nunique() == authorities
    assert rows.loc[rows["class"] != "O", "ecode"].nunique() == principal


@pytest.mark.parametrize(("year", "stage", "bn"), [("2012-13", "outturn", 94.148), ("2016-17", "budget", 94.134)])
def test_revenue_expenditure(dataset, year, stage, bn):
    assert national_total_gbp(dataset.spending, "revenue_expenditure", year, stage) / 1e9 == pytest.approx(
        bn, abs=0.001
    )


def test_ra_budget_is_budget_and_other_totals(dataset):
    assert national_total_gbp(dataset.spending, "net_revenue_expenditure", "2016-17", "budget") / 1e9 == pytest.approx(
        54.697, abs=0.001
    )


def test_missing_2023_24_returns_are_reported_by_name(dataset):
    read = next(r for r in dataset.reads if r.year == "2023-24")
    assert len(read.missing_returns) == 14
    assert {"Birmingham", "Woking BC", "Westmorland and Furness", "North of Tyne Combined Authority"} <= set(
        read.missing_returns
    )


def test_markers_are_missing_never_zero(dataset):
    sp = dataset.spending
    brum = sp[(sp["year"] == "2023-24") & (sp["name"] == "Birmingham")]
    assert brum["value_gbp"].isna().all()
    scilly = sp[(sp["year"] == "2016-17") & (sp["stage"] == "outturn") & (sp["name"] == "Isles of Scilly")]
    assert scilly["value_gbp"].isna().all()


def test_gla_counted_once_in_2023_24(dataset):
    sp = dataset.spending
    gla = sp[(sp["year"] == "2023-24") & (sp["ecode"] == "E5100") & (sp["measure"] == "total_service_expenditure")]
    assert len(gla) == 1


def test_values_are_pounds_not_thousands(dataset):
    sp = dataset.spending
    bath = sp[(sp["year"] == "2015-16") & (sp["ecode"] == "E0101") & (sp["measure"] == "education")]
    assert bath["value_gbp"].iat[0] == pytest.approx(93_591_000)


def test_one_class_code_across_years(dataset):
    assert set(dataset.spending["class"].unique()) == {"L", "MD", "UA", "SC", "SD", "O"}


def test_every_measure_found_each_year(dataset):
    for read in dataset.reads:
        found = set(read.measures_found)
        assert {
            "total_service_expenditure",
            "net_current_expenditure",
            "revenue_expenditure",
            "net_revenue_expenditure",
            "council_tax_requirement",
            "education",
        } <= found, read.source_file
        assert ("social_care" in found) == (read.year == "2010-11")


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("TOTAL SERVICE EXPENDITURE (total of lines 190 to 698)", "total_service_expenditure"),
        ("NET CURRENT EXPENDITURE(TOTAL OF LINES 699 TO 748)", "net_current_expenditure"),
        ("REVENUE EXPENDITURE (TOTAL OF LINES 785 TO 797)", "revenue_expenditure"),
        ("NET REVENUE EXPENDITURE", "net_revenue_expenditure"),
        ("COUNCIL TAX REQUIREMENT (total of lines 905 to 980)", "council_tax_requirement"),
        ("TOTAL CHILDREN\u2019S SOCIAL CARE", "children_social_care"),
        ("Housing services (GFRA only)", "housing_gfra"),
        ("Highways and transport services", "highways_transport"),
        ("Total service expenditure on non-IAS19 and PFI basis", None),
        ("Total capital items (total of lines 1031 to 1036)", None),
        ("Parish Precepts", None),
    ],
)
def test_measure_headers(header, key):
    assert measure_for_header(header) == key


def _sheet(name, title, values):
    rows = [[title, "", "", ""], ["", "", "", ""], ["E-code", "Local authority", "Class", "TOTAL SERVICE EXPENDITURE"]]
    rows += [[f"E{1000 + i}", f"Council {i}", "SD", v] for i, v in enumerate(values)]
    rows += [["", "ENGLAND", "", sum(values)], ["Source: test", "", "", ""]]
    return Sheet(name=name, rows=rows)


def test_sheet_chosen_by_content_not_position():
    empty = _sheet("RS LA Data (2)", "Capital charges (£ thousand)", [0, 0, 0])
    real = _sheet("RS LA Data (1)", "Net current expenditure (£ thousand)", [5, 6, 7])
    assert choose_authority_sheet([empty, real]).name == "RS LA Data (1)"


def test_hidden_sheets_are_ignored():
    hidden = Sheet("Data", _sheet("x", "Net current expenditure", [1, 2]).rows, hidden=True)
    with pytest.raises(NoTableFound):
        choose_authority_sheet([hidden])


def test_workbook_with_no_authority_table_is_a_plain_error(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["Just", "some", "words"])
    path = tmp_path / "notes.xlsx"
    wb.save(path)
    with pytest.raises(NoTableFound, match="No sheet"):
        read_spending_workbook(path, "notes.xlsx")
