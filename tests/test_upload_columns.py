"""The column-wise upload reader against the row-wise reference (tests/reference_reader.py): the same
records, the same report line for line (row, status, column, reason) and the same unmatched names, on
generated messy registers and spending tables, read from CSV and from workbooks."""

from __future__ import annotations

import csv
import io

import pandas as pd
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

from analysis.readers.workbook import ColumnRows, Sheet, read_workbook
from analysis.uploads import schemes as column_wise
from analysis.uploads import spending as column_wise_spending
from analysis.uploads.files import decode_text, read_csv_rows, sniff_delimiter
from analysis.uploads.pipeline import choose_table
from analysis.uploads.schemes import ReadOptions
from analysis.uploads.table_finder import classify_rows
from tests import reference_reader as reference

MONEY = [
    "£40m", "(300)", "£750k", "2.3m", "1,200", "", "n/a", "about £3m", "tbc", "-5", "£1.2bn", "3e5", "450000",
    "£1m p.a.", "£17m in ten years", "£2m to date", "£ 300", "0", "-", "12 345", ".5m",
]  # fmt: skip
YEARS = ["2015/16", "FY17", "2016", "16/17", "", "April 2016", "next year", "1989", "2016-2017", "FY2018", "x"]
BASES = ["p.a.", "annual", "to date", "cumulative", "target", "one-off", "", "per year", "projected", "ongoing", "??"]
NAMES = [
    "LB Harrow", "Bucks CC", "Vale of White Horse DC", "RBKC", "King's Lynn & West Norfolk", "City of Lincoln",
    "Hammersmith and Fulham", "Adur", "Worthing", "Brighton & Hove", "Narnia DC", "Harow", "Newcastle", "Barnet",
]  # fmt: skip
SEPARATORS = ["; ", ", ", " / ", " and ", " & ", "|", "\n", " + "]
SCHEME_NAMES = [
    "Shared legal service", "Joint waste contract", "", "Total", "Scheme", "Shared HR (company)", "Board",
    "Source: our accounts", "* provisional", "Joint management team", "Café partnership", "Note 1. See above",
]  # fmt: skip
SHARES = ["50/50", "1:2", "", "half", "60, 40", "1/1/1"]
STATUS = ["achieved", "Target", "", "projected", "ACHIEVED "]
HEADERS = {
    "scheme": ["Scheme", "Scheme name", "Shared service"],
    "partners": ["Partners", "Councils involved", "Who is involved"],
    "savings": ["Savings", "Annual saving (£)", "Savings to date £000", "Saving £m"],
    "basis": ["Basis"],
    "year": ["Year reported"],
    "start": ["Start year"],
    "period": ["Period"],
    "status": ["Status"],
    "shares": ["Partner shares"],
    "funding": ["External funding"],
}

cell = st.one_of
money_cell = cell(st.sampled_from(MONEY), st.integers(-(10**6), 10**7), st.floats(-1e6, 1e7, allow_nan=False))
year_cell = cell(st.sampled_from(YEARS), st.integers(1985, 2030))
partners_cell = st.builds(
    lambda names, sep: sep.join(names), st.lists(st.sampled_from(NAMES), max_size=4), st.sampled_from(SEPARATORS)
)
FIELD_CELLS = {
    "scheme": st.sampled_from(SCHEME_NAMES),
    "partners": partners_cell,
    "savings": money_cell,
    "basis": st.sampled_from(BASES),
    "year": year_cell,
    "start": year_cell,
    "period": st.sampled_from(["", "2010-2015", "since 2012", "3 years"]),
    "status": st.sampled_from(STATUS),
    "shares": st.sampled_from(SHARES),
    "funding": money_cell,
}


@st.composite
def registers(draw: st.DrawFn) -> tuple[list[list], str]:
    """A messy register: title rows, a header, rows of messy cells (some blank, some totals), footnotes."""
    fields = [
        "scheme",
        "partners",
        "savings",
        *draw(
            st.lists(
                st.sampled_from([f for f in FIELD_CELLS if f not in ("scheme", "partners", "savings")]), unique=True
            )
        ),
    ]
    if draw(st.booleans()):
        fields.remove("scheme")
    order = draw(st.permutations(fields))
    header = [draw(st.sampled_from(HEADERS[f])) for f in order]
    rows: list[list] = [
        [t] for t in draw(st.lists(st.sampled_from(["Register 2017/18", "All figures £000"]), max_size=2))
    ]
    rows.append(header)
    for _ in range(draw(st.integers(1, 25))):
        kind = draw(st.sampled_from(["data"] * 8 + ["blank", "total", "note", "header"]))
        if kind == "blank":
            rows.append([])
        elif kind == "total":
            rows.append(["Total", "", draw(money_cell)])
        elif kind == "note":
            rows.append([draw(st.sampled_from(["Source: finance team, unaudited figures", "* provisional"]))])
        elif kind == "header":
            rows.append(list(header))
        else:
            rows.append([draw(FIELD_CELLS[f]) for f in order])
    return rows, draw(st.sampled_from(["", "not stated", "annual"]))


def _csv_bytes(rows: list[list]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([[str(c) for c in r] for r in rows])
    return out.getvalue().encode("utf-8")


def _xlsx_sheet(rows: list[list]) -> Sheet:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    ws = book.add_worksheet("Register")
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            if value != "":
                ws.write(i, j, value)
    book.close()
    return read_workbook(buffer.getvalue())[0]


def _rowwise_csv(data: bytes, name: str = "upload.csv") -> Sheet:
    """The CSV as the `csv` module reads it, row by row (what read_csv_rows did before)."""
    text = decode_text(data)
    return Sheet(name, list(csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))))


def _same(got: tuple, expected: tuple) -> None:
    for a, b in zip(got, expected, strict=True):
        assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True), check_exact=True)


def _compare_schemes(sheet: Sheet, reference_sheet: Sheet, dataset, options: ReadOptions) -> None:
    try:
        _chosen, location, kind = choose_table([sheet], "schemes")
    except Exception:
        return
    assert location is not None and kind == "schemes"
    j = dict(zip(location.mapping["field"], location.mapping["column"])).get("savings_gbp")
    assert_frame_equal(classify_rows(sheet, location, j), reference.classify_rows(reference_sheet, location, j))
    got = column_wise.build_schemes(sheet, location, dataset.index, "upload", options, "Utest")
    expected = reference.build_schemes(reference_sheet, location, dataset.index, "upload", options, "Utest")
    _same(got, expected)


OPTIONS = st.builds(
    ReadOptions,
    default_basis=st.sampled_from([None, "annual", "cumulative"]),
    name_overrides=st.sampled_from([{}, {"Narnia DC": "HRW", "Newcastle": "NET"}]),
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(register=registers(), options=OPTIONS)
def test_column_wise_csv_reads_as_the_row_wise_reference(dataset, register, options):
    rows, _ = register
    data = _csv_bytes(rows)
    sheet = read_csv_rows(data, "upload.csv")
    assert isinstance(sheet.rows, ColumnRows), "a plain generated CSV is read column-wise"
    _compare_schemes(sheet, _rowwise_csv(data), dataset, options)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(register=registers(), options=OPTIONS)
def test_column_wise_workbook_reads_as_the_row_wise_reference(dataset, register, options):
    rows, _ = register
    sheet = _xlsx_sheet(rows)
    _compare_schemes(sheet, sheet, dataset, options)


@given(
    text=st.lists(
        st.lists(st.sampled_from(["a", "", " ", "£1m", '"q"', 'x"y', "a,b", "line\nbreak", "é", "\r"]), max_size=6),
        max_size=12,
    ),
    delimiter=st.sampled_from([",", ";", "\t"]),
    title=st.booleans(),
)
def test_csv_read_column_wise_has_the_rows_the_csv_module_reads(text, delimiter, title):
    """Every row as the `csv` module reads it, padded to the widest row with empty cells."""
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(text)
    data = (("Title row\n" if title else "") + out.getvalue()).encode("utf-8")
    expected = list(_rowwise_csv(data).rows)
    width = max((len(r) for r in expected), default=0)
    got = read_csv_rows(data, "f.csv").rows
    assert list(got) == [r + [""] * (width - len(r)) for r in expected] or (
        not isinstance(got, ColumnRows) and list(got) == expected
    )


SPENDING_HEADERS = ["Council", "Year", "Education services", "Total service expenditure", "Status"]


@st.composite
def spending_tables(draw: st.DrawFn) -> list[list]:
    councils = [*NAMES, "E07000223", "E09000005", "Nowhere"]
    rows: list[list] = [["Spending by council (£ thousand)"], list(SPENDING_HEADERS)]
    for _ in range(draw(st.integers(1, 20))):
        kind = draw(st.sampled_from(["data"] * 6 + ["blank", "total"]))
        if kind == "blank":
            rows.append([])
        elif kind == "total":
            rows.append(["Total", "", draw(money_cell)])
        else:
            rows.append(
                [
                    draw(st.sampled_from(councils)),
                    draw(cell(st.sampled_from(YEARS), st.integers(2010, 2024))),
                    draw(money_cell),
                    draw(money_cell),
                    draw(st.sampled_from(["", "budget", "Outturn", "RA budget"])),
                ]
            )
    return rows


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(rows=spending_tables(), workbook=st.booleans())
def test_column_wise_spending_reads_as_the_row_wise_reference(dataset, rows, workbook):
    if workbook:
        sheet = reference_sheet = _xlsx_sheet(rows)
    else:
        data = _csv_bytes(rows)
        sheet, reference_sheet = read_csv_rows(data, "spending.csv"), _rowwise_csv(data, "spending.csv")
    try:
        _, location, _kind = choose_table([sheet], "spending")
    except Exception:
        return
    assert location is not None
    options = ReadOptions(stage="outturn")
    got = column_wise_spending.build_spending(sheet, location, dataset.index, dataset.register, "s", options)
    expected = reference.build_spending(reference_sheet, location, dataset.index, dataset.register, "s", options)
    _same(got, expected)


def test_a_large_register_reads_as_the_reference(dataset):
    """A few thousand rows resampled from the bundled register: the same on every line."""
    real = pd.read_csv("data/schemes/schemes.csv", dtype=str, keep_default_na=False)
    picks = real.sample(3000, replace=True, random_state=3).reset_index(drop=True)
    picks.loc[::7, "savings_gbp"] = "£1.5m"
    picks.loc[::11, "year_reported"] = "FY17"
    data = picks.to_csv(index=False).encode()
    _compare_schemes(read_csv_rows(data, "big.csv"), _rowwise_csv(data, "big.csv"), dataset, ReadOptions())


def test_a_wide_table_stays_wide_when_two_other_columns_read_as_measure_and_value(dataset):
    """The department's multi-year layout has a column per line; two of its other lines read as a
    'measure' and a 'value' column. A table with measure columns is read wide, every row used."""
    data = (
        "Spending (£ thousand)\n"
        "Financial year,ONS code,Local authority,Education services,Interest: HRA item 8 payments and receipts,"
        "Adjustments to net current expenditure\n"
        "2016-17,E07000223,Adur,1200,5,7\n"
        "2017-18,E09000005,Brent,3400,,\n"
    ).encode()
    from analysis.uploads.pipeline import read_uploaded_file

    result = read_uploaded_file(data, "outturn.csv", dataset)
    assert result.kind == "spending" and result.counts["used"] == 2
    got = result.spending.set_index(["year", "council_id"])["value_gbp"]
    assert got.to_dict() == {("2016-17", "ADU"): 1_200_000.0, ("2017-18", "BEN"): 3_400_000.0}
