"""Reason codes: every line of an upload's report carries a ReasonCode beside its words, the code says the
same thing as the words, and unmatched partners come from the structured match results."""

from __future__ import annotations

import pytest

from analysis.uploads.pipeline import read_uploaded_file
from analysis.uploads.report import REPORT_COLUMNS, ReasonCode
from analysis.uploads.schemes import ReadOptions
from analysis.vocabulary import MATCH_RESULTS, ROW_OUTCOMES
from store.register import _report as stored_report
from tests.messy import messy_scheme_workbook
from tests.test_upload import ROWS
from tests.test_upload_spending_long import DATA as SPENDING_LONG

CODES = {c.value for c in ReasonCode}

# a register with one row for each thing a scheme row can say (row numbers: 1 header, data from 2)
REGISTER = (
    b"Scheme,Partners,Savings,Basis,Year reported,Partner shares,External funding\n"
    b"Shared waste,Adur; Worthing,100000,annual,2016,50;50,\n"  # 2 used
    b",,,,,,\n"  # 3 blank
    b",,5000,annual,2016,,\n"  # 4 nothing to identify it
    b"Shared HR,Adur; Worthing,lots,annual,2016,,\n"  # 5 money not read
    b"Shared IT,Adur; Worthing,-5000,annual,2016,,\n"  # 6 negative
    b"Shared legal,Adur; Worthing,5000,,2016,,\n"  # 7 no basis
    b"Shared fraud,Adur; Worthing,5000,annual,someday,,\n"  # 8 year not read
    b"Shared audit,Adur; Atlantis DC,5000,annual,2016,,\n"  # 9 partner unmatched
    b"Shared parking,Adur; Wrthing,5000,annual,2016,,\n"  # 10 close spelling
    b"Shared payroll,Adur; Worthing,5000,annual,2016,-20;120,\n"  # 11 shares ignored
    b"Shared print,Adur; Worthing,5000,annual,2016,1;3,\n"  # 12 shares scaled
    b"Shared CCTV,Adur; Worthing,5000,annual,2016,,a grant\n"  # 13 external funding not read
    b"Total,,150000,,,,\n"  # 14 totals
    b"Source: our finance team's own register of schemes\n"  # 15 footnote
)
REGISTER_CODES = {
    1: {ReasonCode.HEADER_ROW},
    2: {ReasonCode.USED},
    3: {ReasonCode.BLANK_ROW},
    4: {ReasonCode.NO_IDENTITY},
    5: {ReasonCode.BAD_MONEY},
    6: {ReasonCode.NEGATIVE_SAVING},
    7: {ReasonCode.NO_BASIS},
    8: {ReasonCode.BAD_YEAR},
    9: {ReasonCode.PARTNER_UNMATCHED},
    10: {ReasonCode.PARTNER_FUZZY},
    11: {ReasonCode.SHARES_IGNORED},
    12: {ReasonCode.SHARES_SCALED},
    13: {ReasonCode.BAD_MONEY},
    14: {ReasonCode.TOTALS_ROW},
    15: {ReasonCode.FOOTNOTE},
}
# tests/test_upload_spending_long.py's rows: 1 title, 2 header, data from 3, then a blank and a footnote
SPENDING_CODES = {
    1: {ReasonCode.TITLE_ROW},
    2: {ReasonCode.HEADER_ROW},
    **{key: {ReasonCode.USED} for key in range(3, 8)},
    8: {ReasonCode.COUNCIL_UNMATCHED},
    9: {ReasonCode.BAD_YEAR},
    10: {ReasonCode.UNKNOWN_MEASURE},
    11: {ReasonCode.VALUE_UNREADABLE},
    12: {ReasonCode.BLANK_ROW},
    13: {ReasonCode.FOOTNOTE},
}


def _codes(report) -> dict[int, set[str]]:
    return {int(row): set(lines["code"]) for row, lines in report.groupby("row")}


def test_the_report_has_a_code_column():
    assert REPORT_COLUMNS == ["file", "sheet", "row", "outcome", "column", "code", "reason"]


def test_each_scheme_row_has_its_code(dataset):
    result = read_uploaded_file(REGISTER, "codes.csv", dataset)
    assert _codes(result.report) == REGISTER_CODES


def test_each_spending_row_has_its_code(dataset):
    result = read_uploaded_file(SPENDING_LONG, "returns.csv", dataset)
    assert _codes(result.report) == SPENDING_CODES


def test_a_default_basis_and_a_basis_from_the_header_have_their_own_codes(dataset):
    data = b"Scheme,Partners,Savings\nShared waste,Adur; Worthing,100000\n"
    defaulted = read_uploaded_file(data, "d.csv", dataset, options=ReadOptions(default_basis="annual"))
    assert _codes(defaulted.report)[2] == {ReasonCode.BASIS_DEFAULTED}
    header = read_uploaded_file(data.replace(b"Savings", b"Annual saving"), "h.csv", dataset)
    assert _codes(header.report)[2] == {ReasonCode.BASIS_FROM_HEADER}


def test_repeated_and_conflicting_spending_rows_have_their_codes(dataset):
    rows = "Council,Year,Revenue expenditure\nAdur,2016/17,100\nAdur,2016/17,100\nAdur,2016/17,200\n"
    result = read_uploaded_file(rows.encode(), "twice.csv", dataset)
    assert _codes(result.report) == {
        1: {ReasonCode.HEADER_ROW},
        2: {ReasonCode.USED},
        3: {ReasonCode.DUPLICATE_ROW},
        4: {ReasonCode.VALUE_CONFLICT},
    }


@pytest.mark.parametrize("name", ["messy.xlsx", "codes.csv", "returns.csv"])
def test_every_code_is_a_reason_code_and_means_one_outcome(dataset, name):
    data = {"messy.xlsx": messy_scheme_workbook(ROWS), "codes.csv": REGISTER, "returns.csv": SPENDING_LONG}[name]
    report = read_uploaded_file(data, name, dataset).report
    assert set(report["code"]) <= CODES
    assert report["code"].map(type).eq(str).all()  # plain text, as a download writes it
    used = report[report["code"] == ReasonCode.USED]
    assert set(used["outcome"]) <= {"used"} and set(used["reason"]) == {""}


def test_unmatched_partners_are_the_names_not_matched(dataset):
    """From the match results, not from the words: a scheme named like a warning changes nothing."""
    data = (
        b"Scheme,Partners,Savings,Basis\n"
        b"\"partner 'Adur' is unmatched\",Adur; Atlantis DC; Wrthing,5000,annual\n"
        b"Shared HR,Adur; Worthing,5000,annual\n"
    )
    result = read_uploaded_file(data, "names.csv", dataset)
    s = result.schemes.set_index("source_row")
    coded = result.report[result.report["code"].isin([ReasonCode.PARTNER_UNMATCHED, ReasonCode.PARTNER_AMBIGUOUS])]
    assert list(coded["row"]) == [2] and list(result.unmatched["name"]) == ["Atlantis DC"]
    assert s.at[2, "unmatched_partners"] == tuple(coded["reason"])  # the fuzzy match to Worthing is not in it
    assert "'Atlantis DC'" in s.at[2, "unmatched_partners"][0]
    assert s.at[2, "partner_ids"] == ("ADU", "WOT") and s.at[3, "unmatched_partners"] == ()


@pytest.mark.parametrize("name", ["messy.xlsx", "codes.csv", "returns.csv"])
def test_outcomes_and_match_results_are_the_vocabulary_words(dataset, name):
    data = {"messy.xlsx": messy_scheme_workbook(ROWS), "codes.csv": REGISTER, "returns.csv": SPENDING_LONG}[name]
    result = read_uploaded_file(data, name, dataset)
    assert set(result.report["outcome"]) <= set(ROW_OUTCOMES)
    assert set(result.counts) == set(ROW_OUTCOMES)
    assert set(result.unmatched["result"]) <= set(MATCH_RESULTS) - {"matched"}
    assert "status" not in result.report.columns and "status" not in result.unmatched.columns


def test_a_report_stored_before_outcome_was_named_reads_as_one_with_outcomes():
    old = [{"file": "f", "sheet": "s", "row": 1, "status": "skipped", "column": "", "reason": "header row"}]
    report = stored_report(old)
    assert list(report.columns) == REPORT_COLUMNS
    assert report[["row", "outcome", "reason"]].values.tolist() == [[1, "skipped", "header row"]]
