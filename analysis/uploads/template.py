"""The template workbook: one sheet per table with the canonical headers, instructions and
drop-down lists for basis and status."""

from __future__ import annotations

import io

import xlsxwriter

from analysis.uploads.fields import SCHEME_FIELDS, SPENDING_FIELDS
from analysis.vocabulary import BASES, MEASURES, TOTAL_MEASURES

BASIS_CHOICES = BASES
STATUS_CHOICES = ("operational", "planned", "ended", "unknown")
BUDGET_CHOICES = ("outturn", "budget")

INSTRUCTIONS = [
    "How to fill in this template",
    "",
    "Schemes sheet: one row per shared-service scheme. Partner councils separated by semicolons.",
    "Savings in pounds (or write £1.2m, £450k). Basis: annual (per year), cumulative (total to date), one-off,",
    "or projected-annual / projected-cumulative for targets. Years as 2016 or 2016/17.",
    "A scheme with no savings figure is still worth a row: leave Savings blank.",
    "Per-partner shares (optional): e.g. 40;60 in the order the partners are listed.",
    "",
    "Spending sheet: one row per council and year, one column per measure, in pounds.",
    "Council: the name as you write it, or its ONS code (E07000223) or E-code (E3831).",
    "",
    "Your own files do not need to look like this: the Upload page finds the table, the header and the units.",
]


def template_workbook() -> bytes:
    """The template as .xlsx bytes."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    lists = book.add_worksheet("Lists")
    for j, (title, values) in enumerate(
        (("Basis", BASIS_CHOICES), ("Status", STATUS_CHOICES), ("Budget or outturn", BUDGET_CHOICES))
    ):
        lists.write(0, j, title, bold)
        for i, v in enumerate(values, start=1):
            lists.write(i, j, v)

    schemes = book.add_worksheet("Schemes")
    for j, f in enumerate(SCHEME_FIELDS):
        schemes.write(0, j, f.label, bold)
        schemes.set_column(j, j, 22)
        if f.key == "basis":
            schemes.data_validation(
                1, j, 5000, j, {"validate": "list", "source": f"=Lists!$A$2:$A${len(BASIS_CHOICES) + 1}"}
            )
        if f.key == "status":
            schemes.data_validation(
                1, j, 5000, j, {"validate": "list", "source": f"=Lists!$B$2:$B${len(STATUS_CHOICES) + 1}"}
            )
    schemes.freeze_panes(1, 0)

    spending = book.add_worksheet("Spending")
    heads = [f.label for f in SPENDING_FIELDS if f.key in ("council", "council_code", "year", "stage")]
    heads += [MEASURES[k][0] for k in TOTAL_MEASURES]
    for j, h in enumerate(heads):
        spending.write(0, j, h, bold)
        spending.set_column(j, j, 24)
    spending.data_validation(1, 3, 5000, 3, {"validate": "list", "source": "=Lists!$C$2:$C$3"})
    spending.freeze_panes(1, 0)

    notes = book.add_worksheet("Instructions")
    notes.set_column(0, 0, 110)
    for i, line in enumerate(INSTRUCTIONS):
        notes.write(i, 0, line, bold if i == 0 else None)
    notes.activate()
    book.close()
    return buffer.getvalue()
