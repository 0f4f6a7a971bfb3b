"""'What if every council did the same?' and the public claims of the tri-borough, with the
arithmetic shown. Shares are fractions; money in pounds."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.spending.returns import national_total_gbp
from analysis.vocabulary import CLASS_LABELS, measure_label

TRI_BOROUGH = ("HMF", "KEC", "WSM")
TRI_BOROUGH_SAVING_GBP = 40_000_000.0  # "£40million-a-year by 2015/16" (H&F, 2012)


@dataclass(frozen=True)
class ScaleUp:
    share: float
    klass: str
    measure: str
    year: str
    councils: int
    class_budget_gbp: float
    savings_gbp: float
    national_gbp: float
    national_share: float

    @property
    def sentence(self) -> str:
        return (
            f"If every {CLASS_LABELS[self.klass].lower()} ({self.councils} councils) saved {self.share:.2%} of its "
            f"{measure_label(self.measure).lower()} ({self.year} outturn: £{self.class_budget_gbp / 1e9:.2f}bn in "
            f"all), England would save £{self.savings_gbp / 1e6:,.0f}m a year, {self.national_share:.2%} of "
            f"all authorities' {measure_label(self.measure).lower()} (£{self.national_gbp / 1e9:.1f}bn)."
        )


def scale_up(
    spending: pd.DataFrame, share: float, klass: str, measure: str, year: str, stage: str = "outturn"
) -> ScaleUp:
    """Savings if every council of `klass` saved `share` of its budget, and that as a national share."""
    rows = spending[
        (spending["class"] == klass)
        & (spending["measure"] == measure)
        & (spending["year"] == year)
        & (spending["stage"] == stage)
    ].dropna(subset=["value_gbp"])
    budget = float(rows["value_gbp"].sum())
    national = national_total_gbp(spending, measure, year, stage)
    savings = share * budget
    return ScaleUp(
        share,
        klass,
        measure,
        year,
        int(rows["council_id"].nunique()),
        budget,
        savings,
        national,
        savings / national if national else float("nan"),
    )


def tri_borough_claims(spending: pd.DataFrame, year: str = "2011-12") -> pd.DataFrame:
    """The public claims about the tri-borough checked against the outturn: claim, as published,
    computed, arithmetic."""

    def total(ids: tuple[str, ...] | None, measure: str, klass: str | None = None) -> float:
        rows = spending[
            (spending["measure"] == measure) & (spending["year"] == year) & (spending["stage"] == "outturn")
        ]
        if ids:
            rows = rows[rows["council_id"].isin(ids)]
        if klass:
            rows = rows[rows["class"] == klass]
        return float(rows["value_gbp"].sum())

    nre = "net_revenue_expenditure"
    hf = total(("HMF",), nre)
    three = total(TRI_BOROUGH, nre)
    share_three = TRI_BOROUGH_SAVING_GBP / three
    national = total(None, nre)
    london = total(None, nre, "L")
    boroughs = int(spending[(spending["class"] == "L") & (spending["year"] == year)]["council_id"].nunique())
    s = TRI_BOROUGH_SAVING_GBP
    rows = [
        (
            "£40m a year is about 7.3% of Hammersmith & Fulham's net budget",
            "7.3%",
            f"{s / hf:.1%}",
            f"£40m ÷ H&F net revenue expenditure £{hf / 1e6:,.0f}m. Against the three boroughs' combined "
            f"£{three / 1e6:,.0f}m it is {share_three:.1%}: the 7.3% fits the three boroughs together, not H&F alone.",
        ),
        (
            "If other councils saved half as much, national savings would be £2bn",
            "£2bn",
            f"£{share_three / 2 * national / 1e9:.2f}bn",
            f"Half of {share_three:.1%} × all authorities' net revenue expenditure £{national / 1e9:.1f}bn.",
        ),
        (
            "£400m if every London borough did the same (a minister)",
            "£400m",
            f"£{share_three * london / 1e6:,.0f}m or £{s / 3 * boroughs / 1e6:,.0f}m",
            f"{share_three:.1%} × London boroughs' £{london / 1e9:.2f}bn; or £40m ÷ 3 boroughs × {boroughs} "
            "London boroughs (same pounds each).",
        ),
    ]
    out = pd.DataFrame(rows, columns=["claim", "as published", "from the data", "arithmetic"])
    out.attrs["year"] = year
    return out
