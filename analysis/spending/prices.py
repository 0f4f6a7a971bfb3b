"""Real terms: GDP deflators by financial year (HM Treasury to 2018-19, OBR-based growth after).

The index is 2018-19 = 100. Years from 2025-26 are OBR forecasts and are marked as such.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.errors import InputProblem
from analysis.readers.workbook import read_workbook
from analysis.vocabulary import year_label

HMT_FILE = "GDP_Deflators_Budget_March_2020_update.xlsx"
OBR_FILE = "deflator.csv"
LAST_HMT_OUTTURN = 2018  # HMT's later years are pre-COVID forecasts: use the OBR series instead
FIRST_OBR_FORECAST = 2025


def read_deflators(folder: Path) -> pd.DataFrame:
    """fy_start, year ('2016-17'), index (2018-19 = 100), source, forecast."""
    rows = []
    for row in read_workbook(folder / HMT_FILE)[0].rows:
        label, value = str(row[1]).strip(), row[2] if len(row) > 2 else None
        if len(label) >= 7 and label[:4].isdigit() and label[4] == "-" and isinstance(value, float):
            start = int(label[:4])
            if start <= LAST_HMT_OUTTURN:
                rows.append((start, value, "HM Treasury GDP deflator, March 2020 (ONS outturn)", False))
    index = dict((r[0], r[1]) for r in rows)
    obr = pd.read_csv(folder / OBR_FILE)
    for start, growth in sorted(zip(obr["date"].astype(int), obr["gdp_deflator"].astype(float))):
        if start > LAST_HMT_OUTTURN:
            index[start] = index[start - 1] * growth
            rows.append(
                (
                    start,
                    index[start],
                    "OBR EFO November 2025, Table 1.7 (growth chained onto HMT)",
                    start >= FIRST_OBR_FORECAST,
                )
            )
    out = pd.DataFrame(rows, columns=["fy_start", "index", "source", "forecast"]).sort_values("fy_start")
    out.insert(1, "year", [year_label(y) for y in out["fy_start"]])
    return out.reset_index(drop=True)


def to_real_terms(value_gbp: float, from_year: int, base_year: int, deflators: pd.DataFrame) -> float:
    """Pounds of `from_year` (financial-year start) expressed in `base_year` prices."""
    index = dict(zip(deflators["fy_start"], deflators["index"]))
    if from_year not in index or base_year not in index:
        known = f"{deflators['year'].iat[0]} to {deflators['year'].iat[-1]}"
        raise InputProblem(f"No GDP deflator for that year: real terms are available for {known}.")
    return value_gbp * index[base_year] / index[from_year]
