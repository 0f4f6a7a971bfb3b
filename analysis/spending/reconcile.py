"""The multi-year extract against the official RS workbooks, in the years both cover.

The extract is a third party's copy, so it earns its place by agreeing with the department's own
workbooks where they overlap. Authorities are matched by council id (the directory resolves each
source's codes), figures compared to the £1,000 they are published in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

import numpy as np
import pandas as pd

from analysis.vocabulary import measure_label

TOLERANCE_GBP = 1000.0  # both sources publish £ thousand: agreement means the same published figure
Outcome = Literal["agree", "differ", "missing in workbook", "missing in extract", "missing in both"]
_KEYS = ["year", "council_id", "measure"]


@dataclass(frozen=True)
class Reconciliation:
    """`detail`: one row per year, authority and measure in both sources (official_gbp,
    extract_gbp, difference_gbp, outcome). `summary`: per year and measure, the counts."""

    detail: pd.DataFrame
    summary: pd.DataFrame
    years: tuple[str, ...]

    def disagreements(self, measure: str = "total_service_expenditure") -> pd.DataFrame:
        """The authorities that do not agree for one measure, with both figures (NaN: not stated)."""
        rows = self.detail[(self.detail["measure"] == measure) & (self.detail["outcome"] != "agree")]
        return rows.sort_values(["year", "outcome", "name"]).reset_index(drop=True)


def outcome(official_gbp: float, extract_gbp: float) -> Outcome:
    """How two published figures for the same authority, year and measure compare."""
    if np.isnan(official_gbp) and np.isnan(extract_gbp):
        return "missing in both"
    if np.isnan(official_gbp):
        return "missing in workbook"
    if np.isnan(extract_gbp):
        return "missing in extract"
    return "agree" if abs(official_gbp - extract_gbp) <= TOLERANCE_GBP else "differ"


def reconcile(official: pd.DataFrame, extract: pd.DataFrame) -> Reconciliation:
    """Compare every authority and measure the extract shares with an official outturn workbook.

    Both tables are tidy spending rows with `council_id`; rows without one cannot be matched
    and are counted as only in their source.
    """
    outturn = official[official["stage"] == "outturn"]
    years = sorted(set(outturn["year"]) & set(extract["year"]))
    measures = sorted(set(extract["measure"]))
    cols = [*_KEYS, "name", "value_gbp"]
    left = outturn[outturn["year"].isin(years) & outturn["measure"].isin(measures)][cols]
    right = extract[extract["year"].isin(years)][cols]
    left = left.dropna(subset=["council_id"]).drop_duplicates(_KEYS)
    right = right.dropna(subset=["council_id"]).drop_duplicates(_KEYS)
    merged = left.merge(right, on=_KEYS, how="outer", suffixes=("_official", "_extract"), indicator=True)
    merged = merged.rename(columns={"value_gbp_official": "official_gbp", "value_gbp_extract": "extract_gbp"})
    merged["name"] = merged["name_official"].fillna(merged["name_extract"])
    sources = {"both": "both", "left_only": "workbook only", "right_only": "extract only"}
    merged["source"] = merged["_merge"].map(sources)
    both = merged["source"] == "both"
    detail = merged[both].copy()
    detail["difference_gbp"] = detail["extract_gbp"] - detail["official_gbp"]
    o, e = detail["official_gbp"].to_numpy(float), detail["extract_gbp"].to_numpy(float)
    detail["outcome"] = np.select(  # vectorised `outcome`
        [np.isnan(o) & np.isnan(e), np.isnan(o), np.isnan(e), np.abs(o - e) <= TOLERANCE_GBP],
        ["missing in both", "missing in workbook", "missing in extract", "agree"],
        default="differ",
    )
    columns = ["year", "council_id", "name", "name_extract", "measure"]
    columns += ["official_gbp", "extract_gbp", "difference_gbp", "outcome"]
    detail = detail[columns].reset_index(drop=True)

    counts = detail.pivot_table(index=["year", "measure"], columns="outcome", values="council_id", aggfunc="count")
    counts = counts.reindex(columns=list(get_args(Outcome)), fill_value=0).fillna(0).astype(int)
    only = merged[~both].pivot_table(index=["year", "measure"], columns="source", values="council_id", aggfunc="count")
    only = only.reindex(columns=["workbook only", "extract only"], fill_value=0).fillna(0).astype(int)
    summary = counts.join(only, how="left").fillna(0).astype(int).reset_index()
    summary.insert(2, "compared", summary[list(get_args(Outcome))].sum(axis=1))
    return Reconciliation(detail=detail, summary=summary, years=tuple(years))


def summary_for_display(rec: Reconciliation) -> pd.DataFrame:
    """The summary as people read it: total service expenditure first, then the service lines."""
    order = {"total_service_expenditure": 0}
    s = rec.summary.sort_values(["year", "measure"], key=lambda c: c.map(order).fillna(1) if c.name == "measure" else c)
    return pd.DataFrame(
        {
            "Year": s["year"],
            "Measure": s["measure"].map(measure_label),
            "Authorities in both": s["compared"],
            "Agree to the £1,000": s["agree"],
            "Differ": s["differ"],
            "Not stated in one or both": s["missing in workbook"] + s["missing in extract"] + s["missing in both"],
            "Only in the workbook": s["workbook only"],
            "Only in the extract": s["extract only"],
        }
    ).reset_index(drop=True)


def disagreements_for_display(rec: Reconciliation, measure: str = "total_service_expenditure") -> pd.DataFrame:
    """Every authority that does not agree on one measure, with both figures in pounds."""
    d = rec.disagreements(measure)
    return pd.DataFrame(
        {
            "Year": d["year"],
            "Authority": d["name"],
            "Workbook £": d["official_gbp"],
            "Extract £": d["extract_gbp"],
            "Difference £": d["difference_gbp"],
            "Outcome": d["outcome"],
        }
    )
