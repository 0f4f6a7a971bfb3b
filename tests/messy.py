"""Builders for messy spreadsheets like finance officers really have (used by several tests)."""

from __future__ import annotations

import io

import openpyxl


def messy_scheme_workbook(
    rows: list[list],
    title_rows: int = 2,
    unit_title: str = "All figures £000",
    two_row_header: bool = True,
    totals: bool = True,
    footnotes: bool = True,
    extra_sheets: bool = True,
) -> bytes:
    """A register with title rows, a merged two-row header, £000 units, a totals row and footnotes."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Register"
    if extra_sheets:
        notes = wb.create_sheet("Notes", 0)
        notes.append(["This workbook lists our shared services."])
        hidden = wb.create_sheet("Lookup")
        hidden.sheet_state = "hidden"
        hidden.append(["Scheme", "Partners", "Savings"])
        for i in range(50):
            hidden.append([f"Hidden {i}", "Adur", i])
    for k in range(title_rows):
        ws.append(["Shared services savings register 2017/18" if k == 0 else unit_title])
    ws.append([])
    if two_row_header:
        ws.append(["", "", "Savings", "", "Dates", ""])
        ws.merge_cells(start_row=ws.max_row, start_column=3, end_row=ws.max_row, end_column=4)
        ws.merge_cells(start_row=ws.max_row, start_column=5, end_row=ws.max_row, end_column=6)
        ws.append(["Scheme", "Councils involved", "Amount", "Basis", "Reported", "Started"])
    else:
        ws.append(["Scheme", "Councils involved", "Savings amount", "Savings basis", "Year reported", "Start year"])
    for r in rows:
        ws.append(r)
    if totals:
        ws.append(["Total", "", sum(r[2] for r in rows if isinstance(r[2], int | float)), "", "", ""])
    if footnotes:
        ws.append([])
        ws.append(["Source: council finance team, unaudited management accounts."])
        ws.append(["* Figures for 2017/18 are provisional."])
    wb.active = wb.sheetnames.index("Register")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
