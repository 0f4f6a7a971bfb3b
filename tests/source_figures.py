"""Figures read straight from the bundled source files, without the app's readers.

Tests compare what the app computes with what these give, worked through the formulas in the README
("How each figure is computed"). Nothing here imports `analysis/`: a reader bug cannot hide itself.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from python_calamine import CalamineWorkbook

DATA = Path(__file__).resolve().parents[1] / "data"

# financial year and budget/outturn -> (workbook, sheet): the department's returns, as published (£ thousand)
WORKBOOKS = {
    ("2011-12", "outturn"): (
        "Revenue_Outturn_Summary__RS__data_2011-12_by_LA_-_Revised_28-Nov-2013.xls",
        "RS LA Data 2011-12 (1)",
    ),
    ("2012-13", "outturn"): (
        "Revenue_Outturn_Summary__RS__data_2012-13_by_LA__Revised__-_18-Feb-2014.xls",
        "RS LA Data 2012-13 (1)",
    ),
    ("2015-16", "outturn"): ("RS_2015-16_data_by_LA_-_Revision.xlsx", "RS LA Data 2015-16"),
    ("2016-17", "outturn"): ("RS_2016-17_data_by_LA.xlsx", "RS LA Data 2016-17"),
    ("2017-18", "outturn"): ("RS_2017-18_data_by_LA.xlsx", "RS LA Data 2017-18"),
    ("2016-17", "budget"): ("RA_2016-17_data_by_LA.xlsx", "RA LA Data 2016-17"),
}

# the printed headers of the measures tests use (the first column whose header starts so)
HEADERS = {
    "revenue_expenditure": "REVENUE EXPENDITURE",
    "net_revenue_expenditure": "NET REVENUE EXPENDITURE",
}


@cache
def authority_rows(year: str, stage: str = "outturn") -> tuple[dict, ...]:
    """One dict per authority row of the return (rows with an E-code): ecode, name, class, and the
    measures in `HEADERS` in pounds (None where the cell is blank)."""
    file, sheet = WORKBOOKS[(year, stage)]
    rows = CalamineWorkbook.from_path(str(DATA / "spending" / file)).get_sheet_by_name(sheet).to_python()
    head = next(i for i, r in enumerate(rows) if r and str(r[0]).strip().lower() == "e-code")
    header = [str(c).strip().upper() for c in rows[head]]
    columns = {k: next(j for j, h in enumerate(header) if h.startswith(v)) for k, v in HEADERS.items()}
    klass, name = header.index("CLASS"), header.index("LOCAL AUTHORITY")
    out = []
    for r in rows[head + 1 :]:
        ecode = str(r[0]).strip() if r else ""
        if not (ecode.startswith("E") and ecode[1:].isdigit()):
            continue  # England total, class subtotals, blank and note rows
        figures = {k: float(r[j]) * 1000 if isinstance(r[j], int | float) else None for k, j in columns.items()}
        out.append({"ecode": ecode, "name": str(r[name]).strip(), "class": str(r[klass]).strip()} | figures)
    return tuple(out)


def council_figure(year: str, ecode: str, measure: str = "revenue_expenditure", stage: str = "outturn") -> float:
    """One authority's figure in pounds, from its row of the return."""
    (row,) = [r for r in authority_rows(year, stage) if r["ecode"] == ecode]
    value = row[measure]
    assert value is not None, (year, ecode, measure)
    return value


def national_figure(year: str, measure: str = "revenue_expenditure", stage: str = "outturn") -> float:
    """The sum over every authority row of the return, in pounds (blank cells skipped)."""
    return sum(r[measure] or 0.0 for r in authority_rows(year, stage))


def scheme_row(name: str) -> dict[str, str]:
    """One scheme's row of data/schemes/schemes.csv, as written."""
    with (DATA / "schemes" / "schemes.csv").open(encoding="utf-8", newline="") as f:
        (row,) = [r for r in csv.DictReader(f) if r["scheme_name"] == name]
    return row


def first_scheme_row() -> dict[str, str]:
    with (DATA / "schemes" / "schemes.csv").open(encoding="utf-8", newline="") as f:
        return next(csv.DictReader(f))


# E-codes of the councils the tests use (their rows' names are checked in test_claims.py)
ECODES = {
    "CHR": ("E3131", "Cherwell"),
    "SNO": ("E2637", "South Norfolk"),
    "ADU": ("E3831", "Adur"),
    "WOT": ("E3837", "Worthing"),
    "HMF": ("E5014", "Hammersmith"),
    "KEC": ("E5016", "Kensington"),
    "WSM": ("E5022", "Westminster"),
}


def partners_figure(ids: tuple[str, ...], year: str, measure: str = "revenue_expenditure") -> float:
    """The partners' combined outturn in pounds."""
    return sum(council_figure(year, ECODES[c][0], measure) for c in ids)
