"""Everything a page shows, computed from the dataset and the user's options.

Pages call these and render; they never do arithmetic of their own.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.arithmetic.peers import PeerDistance, distance_from_median, with_savings
from analysis.arithmetic.savings import (
    apportioned_savings,
    budget_lookup,
    council_shares,
    evidence_coverage,
    national_share,
    nearest_year,
    scheme_shares,
    times_baseline,
    with_annual_equivalents,
)
from analysis.dataset import Dataset
from analysis.spending.availability import measure_for_year, years_with_measure
from analysis.spending.baselines import headline_readings
from analysis.spending.returns import available_years, national_total_gbp
from analysis.vocabulary import DEFAULT_MEASURE, measure_label

HEADLINE_YEAR, HEADLINE_STATUS = "2016-17", "budget"  # the "£94bn" of the August 2016 comment


@dataclass(frozen=True)
class Options:
    """The user's choices that change the arithmetic."""

    measure: str = DEFAULT_MEASURE
    include_projected: bool = False
    method: str = "budget"  # apportionment: budget | equal | explicit


@dataclass(frozen=True)
class Denominator:
    """One national denominator, saying what it is."""

    measure: str
    year: str
    stage: str  # budget or outturn
    value_gbp: float
    authorities: int

    @property
    def label(self) -> str:
        return f"{measure_label(self.measure).lower()}, {self.year} {self.stage}"


@dataclass(frozen=True)
class Assessment:
    options: Options
    schemes: pd.DataFrame  # annual equivalents, shares, why not counted
    apportioned: pd.DataFrame
    denominator: Denominator
    baseline_share: float  # the LGA £0.5bn as quoted over the denominator
    readings: pd.DataFrame
    national: dict
    coverage: pd.DataFrame
    outturn_years: tuple[str, ...]


def national_denominator(dataset: Dataset, measure: str, year: str, stage: str) -> Denominator:
    """Sum over every authority row for one measure, year and budget/outturn."""
    rows = dataset.spending[
        (dataset.spending["measure"] == measure)
        & (dataset.spending["year"] == year)
        & (dataset.spending["stage"] == stage)
    ]
    return Denominator(
        measure,
        year,
        stage,
        national_total_gbp(dataset.spending, measure, year, stage),
        int(rows["value_gbp"].notna().sum()),
    )


def headline_denominator(dataset: Dataset, measure: str, outturn_years: list[str]) -> Denominator:
    """The 2016-17 budget (the '£94bn'); where that workbook is absent, the outturn year nearest it.
    The label always says which."""
    budget = national_denominator(dataset, measure, HEADLINE_YEAR, HEADLINE_STATUS)
    if budget.value_gbp > 0 or not outturn_years:
        return budget
    with_measure = set(years_with_measure(dataset.spending, measure))
    year = nearest_year(int(HEADLINE_YEAR[:4]), outturn_years, lambda y: y in with_measure) or outturn_years[-1]
    return national_denominator(dataset, measure, year, "outturn")


def assess(dataset: Dataset, options: Options, schemes: pd.DataFrame | None = None) -> Assessment:
    """Annualise, place in spending years, apportion and total the schemes under `options`."""
    schemes = dataset.schemes if schemes is None else schemes
    years = available_years(dataset.spending, "outturn")
    budgets = budget_lookup(dataset.spending, options.measure, "outturn")
    table = scheme_shares(with_annual_equivalents(schemes, options.include_projected), budgets, years)
    apportioned = apportioned_savings(table, budgets, options.method)
    denominator = headline_denominator(dataset, options.measure, years)
    with_measure = set(years_with_measure(dataset.spending, options.measure))  # never a year it lacks: not £0
    later_year = nearest_year(2018, years, lambda y: y in with_measure)
    later = national_total_gbp(dataset.spending, options.measure, later_year, "outturn") if later_year else None
    readings = headline_readings(dataset.lga_timeline, denominator.value_gbp, later)
    baseline = float(readings["share"].iloc[0])
    return Assessment(
        options=options,
        schemes=table,
        apportioned=apportioned,
        denominator=denominator,
        baseline_share=baseline,
        readings=readings,
        national=national_share(table, denominator.value_gbp),
        coverage=evidence_coverage(table),
        outturn_years=tuple(years),
    )


@dataclass(frozen=True)
class CouncilProfile:
    record: dict
    spending: pd.DataFrame  # the council's rows, all years and measures
    schemes: pd.DataFrame  # schemes it is a partner in, with its apportioned part
    year: str
    share: dict  # annual_savings_gbp, budget_gbp, share, n_schemes, times_baseline
    peers: pd.DataFrame  # councils of the same class with their shares in `year`
    peer_counts: dict  # with_savings, class_size (councils of its class with a budget), without_savings
    peer_distance: PeerDistance  # its share from the class median, in MADs (never a rank)
    measure: str = DEFAULT_MEASURE  # the measure of every figure above: the chosen one, or TSE where `year` lacks it
    measure_note: str = ""  # says so when the chosen measure is missing for `year`


def default_council_year(
    dataset: Dataset, council_id: str, years: tuple[str, ...], measure: str = DEFAULT_MEASURE
) -> str:
    """The outturn year nearest the median year its schemes were reported (2016-17 if none),
    among years the council has a figure for in the measure (else any spending)."""
    rows = dataset.schemes[dataset.schemes["partner_ids"].map(lambda ids: council_id in ids)]
    reported = rows["year_reported"].dropna()
    target = int(reported.median()) if len(reported) else 2016
    own = dataset.spending[dataset.spending["council_id"] == council_id]
    have = set(own["year"])
    measured = set(own.loc[(own["measure"] == measure) & own["value_gbp"].notna(), "year"])
    return (
        nearest_year(target, list(years), lambda y: y in measured)
        or nearest_year(target, list(years), lambda y: y in have)
        or years[-1]
    )


def council_profile(dataset: Dataset, assessment: Assessment, council_id: str, year: str) -> CouncilProfile:
    """A council's spending, schemes and savings share in `year`, against its class; in total
    service expenditure, said in `measure_note`, where `year` lacks the chosen measure."""
    record = dataset.register.set_index("council_id").loc[council_id].to_dict() | {"council_id": council_id}
    choice = measure_for_year(dataset.spending, assessment.options.measure, year)
    budgets = budget_lookup(dataset.spending, choice.used, "outturn")
    shares = council_shares(assessment.apportioned, budgets, year, dataset.register)
    own = shares.set_index("council_id").loc[council_id]
    peers = shares[shares["class"] == record["class"]]
    saving_peers = with_savings(peers)
    own_share = float(own["share"]) if own["annual_savings_gbp"] > 0 else float("nan")
    in_scheme = assessment.schemes["partner_ids"].map(lambda ids: council_id in ids)
    parts = assessment.apportioned[assessment.apportioned["council_id"] == council_id]
    schemes = assessment.schemes[in_scheme].merge(
        parts[["scheme_id", "apportioned_gbp", "method"]], on="scheme_id", how="left"
    )
    return CouncilProfile(
        record=record,
        spending=dataset.spending[dataset.spending["council_id"] == council_id],
        schemes=schemes,
        year=year,
        share={
            "annual_savings_gbp": float(own["annual_savings_gbp"]),
            "budget_gbp": float(own["budget_gbp"]),
            "share": float(own["share"]),
            "n_schemes": int(own["n_schemes"]),
            "times_baseline": times_baseline(float(own["share"]), assessment.baseline_share),
        },
        peers=peers,
        peer_counts={
            "with_savings": len(saving_peers),
            "class_size": int(peers["budget_gbp"].notna().sum()),
            "without_savings": int(peers["budget_gbp"].notna().sum()) - len(saving_peers),
        },
        peer_distance=distance_from_median(own_share, saving_peers),
        measure=choice.used,
        measure_note=choice.note,
    )


def schemes_for_display(schemes: pd.DataFrame) -> pd.DataFrame:
    """The scheme table as people read it: one row per scheme, each number labelled."""

    achieved = np.where(schemes["projected"].astype(bool), "projected", "achieved")
    figure_kind = np.where(
        ~schemes["has_figure"].astype(bool),
        "no figure",
        np.where(schemes["derived"].astype(bool), np.char.add(achieved.astype(str), ", derived"), achieved),
    )

    return pd.DataFrame(
        {
            "Scheme": schemes["scheme_name"],
            "Partners": ["; ".join(p) for p in schemes["partners"].tolist()],
            "Service area": schemes["service_area"],
            "Reported £": schemes["savings_gbp"],
            "Basis": schemes["basis"].replace("", "no figure"),
            "Year reported": schemes["year_reported"],
            "Start": schemes["start_year"],
            "Annual equivalent £": schemes["annual_gbp"],
            "Figure is": figure_kind,
            "How annualised": schemes["annual_note"],
            "Spending year": schemes["spending_year"],
            "Share of partners' budget %": schemes["share"] * 100,
            "Counted in totals": schemes["counts_in_totals"],
            "Why not counted": schemes["why_not_counted"],
            "Direction": schemes["direction"],
            "Form (derived)": schemes["form"],
            "Status": schemes["status"],
            "Source": schemes["source_url"],
            "Unmatched partners": ["; ".join(p) for p in schemes["unmatched_partners"].tolist()],
        }
    )


def default_council(assessment: Assessment) -> str:
    """The council in the most counted schemes (a view with something to show), ties by id."""
    counts = assessment.apportioned.groupby("council_id")["scheme_id"].nunique()
    if counts.empty:
        return ""
    return sorted(counts[counts == counts.max()].index)[0]


@dataclass(frozen=True)
class SchemeSelection:
    """What a set of scheme rows adds up to. None where nothing is counted: never a £0 or 0% for unknown."""

    shown: int
    counted: int  # each scheme once; second, one-off and (unless included) projected figures left out
    counted_annual_gbp: float | None
    median_share: float | None  # among counted schemes with a share of their partners' budget


def summarise_selection(schemes: pd.DataFrame) -> SchemeSelection:
    counted = schemes[schemes["counts_in_totals"].astype(bool)]
    shares = counted["share"].dropna()
    return SchemeSelection(
        shown=len(schemes),
        counted=len(counted),
        counted_annual_gbp=float(counted["annual_gbp"].sum()) if len(counted) else None,
        median_share=float(shares.median()) if len(shares) else None,
    )
