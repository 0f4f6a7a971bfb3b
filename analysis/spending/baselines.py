"""The national baselines: the LGA's announced totals and the '£0.5bn of £94bn' headline,
read both ways (as quoted, and as the cumulative figure it really is)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.spending.extract import EXTRACT_FOLDER
from analysis.vocabulary import TOTAL_MEASURES

HEADLINE_SAVINGS_GBP = 500_000_000.0  # LGA, June 2016: "more than half a billion" (cumulative)
HEADLINE_DATE = "2016-06"
CUMULATIVE_SINCE = 2012  # LGA, May 2015: "the cumulative total since 2012"


def read_lga_timeline(path: Path) -> pd.DataFrame:
    """The LGA's national totals with a decimal year for plotting (month unknown -> mid-year)."""
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)

    def decimal_year(d: str) -> float:
        parts = d.split("-")
        month = int(parts[1]) if len(parts) > 1 else 7
        return int(parts[0]) + (month - 1) / 12

    return pd.DataFrame(
        {
            "date": raw["date"],
            "decimal_year": raw["date"].map(decimal_year),
            "arrangements": pd.to_numeric(raw["arrangements"], errors="coerce").astype("Int64"),
            "councils": pd.to_numeric(raw["councils"], errors="coerce").astype("Int64"),
            "savings_gbp": pd.to_numeric(raw["savings_gbp"], errors="coerce"),
            "basis": raw["savings_basis"],
            "source_url": raw["source_url"],
            "source_quote": raw["source_quote"],
            "notes": raw["notes"],
        }
    )


def read_published_baselines(path: Path) -> pd.DataFrame:
    """Published national spending headlines (£bn) by year, measure and budget/outturn."""
    return pd.read_csv(path, dtype={"year": str})


def _growth_per_year(timeline: pd.DataFrame, start: str, end: str) -> tuple[float, float]:
    cum = timeline[timeline["basis"] == "cumulative"].drop_duplicates("date").set_index("date")
    a, b = cum.loc[start], cum.loc[end]
    years = b["decimal_year"] - a["decimal_year"]
    return (b["savings_gbp"] - a["savings_gbp"]) / years, years


def headline_readings(
    timeline: pd.DataFrame, denominator_gbp: float, later_denominator_gbp: float | None = None
) -> pd.DataFrame:
    """Each way of reading the LGA's £0.5bn against one year's spending.

    Columns: reading, annual_gbp, share (fraction), kind (as quoted | derived | reported annual),
    explanation. `later_denominator_gbp` is the spending year nearest 2018-19, for the LGA's
    only annual figure.
    """
    years = int(HEADLINE_DATE[:4]) - CUMULATIVE_SINCE
    growth, span = _growth_per_year(timeline, "2013-03", HEADLINE_DATE)
    annual = timeline[timeline["basis"] == "annual"].dropna(subset=["savings_gbp"])
    lga_annual = annual[annual["date"] >= "2018"].iloc[-1]
    rows = [
        (
            "As quoted: £0.5bn read as a year's saving",
            HEADLINE_SAVINGS_GBP,
            denominator_gbp,
            "as quoted",
            "The LGA's June 2016 total divided by one year's spending. But the total is cumulative.",
        ),
        (
            f"Cumulative since {CUMULATIVE_SINCE}, spread over {years} years",
            HEADLINE_SAVINGS_GBP / years,
            denominator_gbp,
            "derived",
            f"£0.5bn accumulated {CUMULATIVE_SINCE} to {HEADLINE_DATE[:4]}: "
            f"about £{HEADLINE_SAVINGS_GBP / years / 1e6:.0f}m a year.",
        ),
        (
            f"Growth of the LGA total, Mar 2013 to Jun 2016 ({span:.1f} years)",
            growth,
            denominator_gbp,
            "derived",
            "How fast the cumulative total grew: new savings added each year.",
        ),
        (
            "The LGA's only annual figure: 'nearly £200m' in 2018/19",
            float(lga_annual["savings_gbp"]),
            later_denominator_gbp or denominator_gbp,
            "reported annual",
            "Reported by the LGA as savings in 2018/19 alone; compared with the spending year nearest 2018-19.",
        ),
    ]
    out = pd.DataFrame(rows, columns=["reading", "annual_gbp", "denominator_gbp", "kind", "explanation"])
    out["share"] = out["annual_gbp"] / out["denominator_gbp"]
    out["quoted_over_this"] = out["share"].iloc[0] / out["share"]  # how many times the as-quoted reading is bigger
    return out


def national_totals(spending: pd.DataFrame) -> pd.DataFrame:
    """Sum over authority rows by year, stage and total measure, all authorities and
    principal councils only (class not O), with the `source` of the year's figures
    ("workbook" or "extract")."""
    totals = spending[spending["measure"].isin(TOTAL_MEASURES)]
    keys = ["year", "stage", "measure"]
    every = totals.groupby(["year", "stage", "measure"])["value_gbp"].sum().rename("all_authorities_gbp")
    principal = (
        totals[totals["class"] != "O"]
        .groupby(["year", "stage", "measure"])["value_gbp"]
        .sum()
        .rename("principal_councils_gbp")
    )
    reported = totals.groupby(["year", "stage", "measure"])["value_gbp"].count().rename("authorities_reporting")
    from_extract = totals["source_file"].astype(str).str.startswith(f"{EXTRACT_FOLDER}/")
    source = (
        from_extract.groupby([totals[k] for k in keys]).all().map({True: "extract", False: "workbook"}).rename("source")
    )
    return pd.concat([every, principal, reported, source], axis=1).reset_index()
