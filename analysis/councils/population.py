"""Residents per council: ONS mid-2014 estimates (MYE2) and mySociety's 2020 figures."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

MYE2_FILE = "UK persons-Table 1.csv"


def read_mid_2014(folder: Path) -> pd.Series:
    """ONS code -> residents, mid-2014 (two title lines, numbers with thousands separators)."""
    raw = pd.read_csv(folder / MYE2_FILE, skiprows=2, thousands=",", usecols=["CODE", "ALL AGES"], dtype={"CODE": str})
    return raw.dropna().set_index("CODE")["ALL AGES"].astype(float)


def population_for(
    fy_start: int, ons_codes: pd.Series, mid_2014: pd.Series, pop_2020: pd.Series
) -> tuple[pd.Series, str]:
    """Residents for each council and a label saying which estimate: mid-2014 up to 2017-18, 2020 after."""
    if fy_start <= 2018:
        return ons_codes.map(mid_2014), "ONS mid-2014 population estimates"
    return pop_2020, "2020 population (mySociety register, from ONS)"
