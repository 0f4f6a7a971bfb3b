"""Synthetic data at 10x and 100x the bundled size, for benchmarks only.

Written to a temporary folder and never shipped: every scheme name says 'synthetic', every
workbook title says 'SYNTHETIC benchmark data'. Schemes are resampled from the real register
(real partner councils); spending is the real 2016-17 outturn grown 2% a year over 20 years.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pandas as pd
import xlsxwriter

from analysis.dataset import DATA_DIR
from analysis.vocabulary import MEASURES, TOTAL_MEASURES

CORE_MEASURES = (
    "education",
    "highways_transport",
    "children_social_care",
    "adult_social_care",
    "public_health",
    *TOTAL_MEASURES,
)


def write_schemes(path: Path, rows: int, seed: int = 1) -> None:
    """A scheme register of `rows` rows resampled from the real one."""
    real = pd.read_csv(DATA_DIR / "schemes" / "schemes.csv", dtype=str, keep_default_na=False)
    rng = random.Random(seed)
    picks = [rng.randrange(len(real)) for _ in range(rows)]
    out = real.iloc[picks].reset_index(drop=True)
    out["scheme_name"] = [f"{n} [synthetic {i}]" for i, n in enumerate(out["scheme_name"])]
    out["notes"] = out["notes"].str.replace(r"^\[secondary figure", "[synthetic copy of a secondary figure", regex=True)
    out["source_url"] = ""
    out["source_quote"] = "synthetic benchmark row"
    out.to_csv(path, index=False)


def write_spending_years(folder: Path, years: int, spending: pd.DataFrame) -> None:
    """`years` RS-layout workbooks from the real 2016-17 outturn, grown 2% a year."""
    base = spending[
        (spending["year"] == "2016-17") & (spending["stage"] == "outturn") & spending["measure"].isin(CORE_MEASURES)
    ]
    wide = base.pivot_table(
        index=["ecode", "ons_code", "name", "class"], columns="measure", values="value_gbp", aggfunc="first"
    ).reset_index()
    for k in range(years):
        start = 2004 + k
        growth = 1.02 ** (start - 2016)
        book = xlsxwriter.Workbook(str(folder / f"RS_{start}-{(start + 1) % 100:02d}_SYNTHETIC.xlsx"))
        ws = book.add_worksheet(f"RS LA Data {start}-{(start + 1) % 100:02d}")
        ws.write(0, 0, f"Revenue Outturn (RO) {start}-{(start + 1) % 100:02d}: SYNTHETIC benchmark data")
        ws.write(1, 0, "Net current expenditure (£ thousand)")
        header = ["E-code", "ONS Code", "Local authority", "", "Class", *(MEASURES[m][0] for m in CORE_MEASURES)]
        for j, h in enumerate(header):
            ws.write(6, j, h.upper() if j >= 5 and header[j] in {MEASURES[m][0] for m in TOTAL_MEASURES} else h)
        for i, row in enumerate(wide.itertuples(index=False), start=7):
            ws.write_row(i, 0, [row.ecode, row.ons_code or "", row.name, "", row._3])
            for j, m in enumerate(CORE_MEASURES, start=5):
                value = getattr(row, m)
                if pd.notna(value):
                    ws.write_number(i, j, round(value / 1000 * growth, 3))
        ws.write(len(wide) + 9, 2, "ENGLAND")
        book.close()


SCHEMES_AT_SCALE = {10: 6_000, 100: 60_000}  # the "about 6,000 and 60,000 schemes"


def make_synthetic_data_dir(folder: Path, scale: int, spending: pd.DataFrame) -> Path:
    """A complete data folder: 6,000 (10x) or 60,000 (100x) schemes and 20 years of spending."""
    if folder.exists():
        shutil.rmtree(folder)
    for sub in ("register", "baselines", "schemes", "prices", "geo", "population"):
        shutil.copytree(DATA_DIR / sub, folder / sub)
    write_schemes(folder / "schemes" / "schemes.csv", SCHEMES_AT_SCALE[scale])
    (folder / "spending").mkdir()
    write_spending_years(folder / "spending", 20, spending)
    return folder
