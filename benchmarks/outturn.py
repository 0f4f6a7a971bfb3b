"""A full-scale multi-year revenue outturn upload, for benchmarks only (written to a temporary folder,
never shipped; its title says SYNTHETIC).

The department publishes its revenue outturn as a multi-year data set: a wide CSV, one row per
authority and year, in £ thousand, a column for every line of the return. This builds one of the same
shape at full scale: every authority of the 2016-17 outturn (about 445), every year from 2010-11 to
2023-24, and every line of the RS return (the 95 lines of the bundled RS 2017-18 workbook, headers as
the department writes them). The lines the app reads (service lines and totals) are the real 2016-17
outturn grown 2% a year; the other lines are random figures of the same size.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pandas as pd

from analysis.dataset import DATA_DIR
from analysis.readers.workbook import read_workbook
from analysis.vocabulary import measure_for_header

FIRST_YEAR, LAST_YEAR = 2010, 2023  # 2010-11 to 2023-24
RS_WORKBOOK = DATA_DIR / "spending" / "RS_2017-18_data_by_LA.xlsx"


def rs_lines() -> list[str]:
    """Every line of the RS return, as the department heads its columns (after E-code, ONS code,
    authority, a blank and class)."""
    sheet = next(s for s in read_workbook(RS_WORKBOOK) if s.name.startswith("RS LA Data"))
    header = next(r for r in sheet.rows if r and str(r[0]).strip().lower() == "e-code")
    return [str(h) for h in header[5:] if str(h).strip()]


def write_multi_year_outturn(path: Path, spending: pd.DataFrame, seed: int = 13) -> dict:
    """Write the CSV; returns its rows, columns, years and authorities."""
    base = spending[(spending["year"] == "2016-17") & (spending["stage"] == "outturn")]
    wide = base.pivot_table(
        index=["ons_code", "name", "class"], columns="measure", values="value_gbp", aggfunc="first"
    ).reset_index()
    wide = wide[wide["ons_code"].fillna("") != ""]
    lines = rs_lines()
    measures = [measure_for_header(h) for h in lines]
    rng = random.Random(seed)
    rows = 0
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["Revenue outturn multi-year data set, 2010-11 to 2023-24: SYNTHETIC benchmark data (£ thousand)"])
        out.writerow(["Financial year", "ONS code", "Local authority", "Class", *lines])
        for start in range(FIRST_YEAR, LAST_YEAR + 1):
            growth = 1.02 ** (start - 2016)
            year = f"{start}-{(start + 1) % 100:02d}"
            for r in wide.itertuples(index=False):
                figures = []
                for m in measures:
                    value = getattr(r, m, None) if m else None
                    if m and value is not None and pd.notna(value):
                        figures.append(f"{value / 1000 * growth:.0f}")
                    else:
                        figures.append(str(rng.randrange(-5_000, 50_000)) if rng.random() < 0.8 else "")
                out.writerow([year, r.ons_code, r.name, r._2, *figures])
                rows += 1
    return {"rows": rows, "columns": 4 + len(lines), "years": LAST_YEAR - FIRST_YEAR + 1, "authorities": len(wide)}
