"""Which measures each year has, and the measure a page uses when the chosen one is missing.

The 2018-19 to 2022-23 outturn comes from the multi-year extract, which publishes total service
expenditure and the service lines only. A page asked for revenue expenditure in 2020-21 must say
so and show total service expenditure, never £0 and never another measure silently.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.vocabulary import measure_label

FALLBACK_MEASURE = "total_service_expenditure"  # the one total every year has


@dataclass(frozen=True)
class MeasureChoice:
    """The measure asked for, the one used for `year`, and why they differ."""

    requested: str
    used: str
    year: str

    @property
    def substituted(self) -> bool:
        return self.used != self.requested

    @property
    def note(self) -> str:
        """A sentence for the page, empty when the requested measure is used."""
        if not self.substituted:
            return ""
        asked, used = measure_label(self.requested), measure_label(self.used).lower()
        return (
            f"{asked} is not published for {self.year} in the data in use (2018-19 to 2022-23 come from the "
            f"multi-year outturn data set, which has total service expenditure and service lines only): "
            f"{used} is shown for {self.year} instead."
        )


def years_with_measure(spending: pd.DataFrame, measure: str, stage: str = "outturn") -> list[str]:
    """Years in which at least one authority has a figure for the measure, oldest first."""
    rows = spending[(spending["measure"] == measure) & (spending["stage"] == stage)]
    return sorted(rows.loc[rows["value_gbp"].notna(), "year"].unique())


def measure_for_year(spending: pd.DataFrame, measure: str, year: str, stage: str = "outturn") -> MeasureChoice:
    """The requested measure if `year` has it, else total service expenditure (stated by `note`)."""
    if year in years_with_measure(spending, measure, stage):
        return MeasureChoice(measure, measure, year)
    return MeasureChoice(measure, FALLBACK_MEASURE, year)


def measures_by_year(spending: pd.DataFrame, stage: str = "outturn") -> pd.DataFrame:
    """Authorities with a figure, by year (rows) and measure (columns); 0 where a year lacks it."""
    rows = spending[(spending["stage"] == stage) & spending["value_gbp"].notna()]
    return rows.pivot_table(index="year", columns="measure", values="value_gbp", aggfunc="count", fill_value=0)
