"""What the Check a claim page shows around the check itself: each partner against its class (in
MADs from the class median), the defensible saving in real terms, and 'what if every council did
this' scenarios. Money in pounds; shares are fractions 0..1."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.arithmetic.claims import ClaimCheck
from analysis.arithmetic.peers import distance_from_median, with_savings
from analysis.arithmetic.savings import budget_lookup, council_shares
from analysis.arithmetic.scenarios import scale_up
from analysis.dataset import Dataset
from analysis.spending.prices import to_real_terms
from analysis.vocabulary import CLASS_LABELS, year_label


def partner_peers(check: ClaimCheck, dataset: Dataset, apportioned: pd.DataFrame) -> pd.DataFrame:
    """Each partner's share of its revenue expenditure from this claim, and how far that is from the
    median of councils of its class with recorded savings in the same year, in MADs (never a rank).
    Empty when the claim has no spending year."""
    columns = ["council_id", "name", "class", "share", "class_median", "mad", "mads", "words", "class_with_savings"]
    if not check.spending_year:
        return pd.DataFrame(columns=columns)
    budgets = budget_lookup(dataset.spending, "revenue_expenditure")
    peers = council_shares(apportioned, budgets, check.spending_year, dataset.register)
    klass = dict(zip(dataset.register["council_id"], dataset.register["class"]))
    parts = check.shares[(check.shares["measure"] == "revenue_expenditure") & (check.shares["council_id"] != "all")]
    rows = []
    for p in parts.itertuples():
        same = with_savings(peers[peers["class"] == klass[p.council_id]])
        d = distance_from_median(p.share, same)
        rows.append((p.council_id, p.name, klass[p.council_id], p.share, d.median, d.mad, d.mads, d.short, d.peers))
    return pd.DataFrame(rows, columns=columns)


def peers_for_display(peers: pd.DataFrame) -> pd.DataFrame:
    """The partner table as people read it: every number labelled."""
    return pd.DataFrame(
        {
            "Council": peers["name"],
            "Class": peers["class"].map(CLASS_LABELS),
            "Its share (this claim)": peers["share"].map(_pct),
            "From its class median": peers["words"],
            "Class median": peers["class_median"].map(_pct),
            "One MAD": peers["mad"].map(_pct),
            "Class councils with savings": peers["class_with_savings"],
        }
    )


def _pct(share: float) -> str:
    return "not available" if share != share else f"{share * 100:.2f}%"


@dataclass(frozen=True)
class RealTerms:
    value_gbp: float
    label: str


def real_terms(check: ClaimCheck, base_year: int, deflators: pd.DataFrame) -> RealTerms | None:
    """The defensible annual saving in `base_year` prices (GDP deflator), saying so; None when the
    defensible saving cannot be computed. Raises InputProblem for a year without a deflator."""
    if check.defensible_gbp != check.defensible_gbp:
        return None
    year = check.claim.year_reported
    value = to_real_terms(check.defensible_gbp, year, base_year, deflators)
    forecast = bool(deflators.set_index("fy_start").at[base_year, "forecast"])
    label = (
        f"£{value:,.0f} a year in {year_label(base_year)} prices (real terms, GDP deflator"
        + (", forecast year" if forecast else "")
        + f"), from £{check.defensible_gbp:,.0f} in {year} prices"
    )
    return RealTerms(value, label)


def scenario_sentences(check: ClaimCheck, spending: pd.DataFrame, klass: str) -> list[str]:
    """'If every council of this class saved the same share…', as claimed and as defensible; none
    when either share cannot be computed."""
    if not check.spending_year or check.defensible_share != check.defensible_share:
        return []
    return [
        f"{scale_up(spending, share, klass, 'revenue_expenditure', check.spending_year).sentence} (using {what})"
        for share, what in (
            (check.combined_share, "the share as claimed"),
            (check.defensible_share, "the defensible share"),
        )
    ]
