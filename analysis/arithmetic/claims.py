"""Checking one savings claim the way a councillor or auditor would: annual equivalent, shares
of every denominator, the steps from the claim to a defensible figure, and red flags.

Money in pounds; shares are fractions 0..1.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.arithmetic.savings import budget_lookup, nearest_year
from analysis.dataset import Dataset
from analysis.spending.returns import available_years
from analysis.vocabulary import TOTAL_MEASURES, year_start

PROBABLY_CUMULATIVE_SHARE = 0.05  # an "annual" saving above 5% of the partners' revenue expenditure
MAX_YEAR_GAP = 3
SERVICE_LINES = {  # the register's service areas -> the spending line the saving comes from
    "Waste and environment": "environmental_regulatory",
    "Children's and adult social care": "adult_social_care",
    "Revenues and benefits": "central_services",
    "Back office / corporate (HR, finance, IT, legal, procurement)": "central_services",
    "Management (shared chief executive / management team)": "central_services",
    "Building control and planning": "planning_development",
    "Highways and transport": "highways_transport",
}


@dataclass(frozen=True)
class Claim:
    """A savings claim as stated. `amount_gbp` is the figure as written."""

    council_ids: tuple[str, ...]
    amount_gbp: float
    basis: str = "annual"  # annual | cumulative | one-off: what the figure is
    projected: bool = False
    years_running: int | None = None
    year_reported: int = 2016
    implementation_cost_gbp: float = 0.0
    external_funding_gbp: float = 0.0
    reported_by_each_partner: bool = False
    has_source: bool = True
    ended: bool = False
    gross_or_net: str = "unknown"  # gross | net | unknown
    service_measure: str | None = None
    other_figures: tuple[str, ...] = ()  # disagreeing figures for the same scheme, described
    label: str = "the claim"


@dataclass(frozen=True)
class Flag:
    name: str
    serious: bool
    reason: str
    question: str


@dataclass(frozen=True)
class ClaimCheck:
    claim: Claim
    annual_gbp: float  # annual equivalent of the figure as stated
    one_off_gbp: float
    spending_year: str | None
    shares: pd.DataFrame  # measure, council_id, name, budget_gbp, part_gbp, share (council "all" = combined)
    combined_share: float  # annual / partners' revenue expenditure
    combined_budget_gbp: float  # partners' revenue expenditure in the spending year
    times_baseline: float
    costs_gbp: float
    net_gbp: float  # savings over the years running minus costs
    payback_years: float
    gbp_to_target: float
    steps: pd.DataFrame  # step, change_gbp, running_gbp, explanation
    defensible_gbp: float
    flags: tuple[Flag, ...]
    rating: str  # red | amber | green

    @property
    def defensible_share(self) -> float:
        """The defensible annual saving as a share of the partners' revenue expenditure."""
        if not self.combined_budget_gbp or self.combined_budget_gbp != self.combined_budget_gbp:
            return float("nan")
        return max(self.defensible_gbp, 0.0) / self.combined_budget_gbp


RATING_RULE = (
    "Red: at least one serious flag (probably cumulative, projected only, counted by every partner, no "
    "source). Amber: only minor flags (year gap, scheme ended, gross or net unknown, disagreeing "
    "figures). Green: no flag."
)


def _years(claim: Claim) -> int:
    return max(1, claim.years_running or 1)


def annual_equivalent_of(claim: Claim) -> tuple[float, float]:
    """(annual equivalent, one-off amount) of the figure as stated."""
    if claim.basis == "one-off":
        return 0.0, claim.amount_gbp
    if claim.basis == "cumulative":
        return claim.amount_gbp / _years(claim), 0.0
    return claim.amount_gbp, 0.0


def defensible_steps(claim: Claim) -> pd.DataFrame:
    """From the claim as added up to a defensible annual saving, each step explained."""
    n = len(claim.council_ids)
    each = claim.reported_by_each_partner and n > 1
    start = claim.amount_gbp * (n if each else 1)
    rows = [
        (
            "Claimed" + (f", added up across the {n} partners' reports" if each else ", as stated"),
            start,
            "The figure as it appears" + (" in each partner's report" if each else "") + ".",
        )
    ]
    running = start

    def step(label: str, change: float, why: str) -> None:
        nonlocal running
        change = -min(max(change, 0.0), running)
        running += change
        rows.append((label, change, why))

    if each:
        step(
            "Counted once",
            claim.amount_gbp * (n - 1),
            f"Every partner reports the same {claim.amount_gbp:,.0f}: it is one saving, not {n}.",
        )
    if claim.basis == "cumulative":
        step(
            f"Cumulative total spread over {_years(claim)} year(s)",
            claim.amount_gbp - claim.amount_gbp / _years(claim),
            "A total since the start is not a yearly saving: divided by the years it took.",
        )
    if claim.basis == "one-off":
        step("One-off, not a yearly saving", running, "A one-off saving does not recur, so it adds nothing a year.")
    if claim.projected:
        step("Projected only (a target)", running, "Nothing has been shown to be achieved yet.")
    costs = claim.implementation_cost_gbp + claim.external_funding_gbp
    if costs > 0:
        step(
            f"Costs spread over {_years(claim)} year(s)",
            costs / _years(claim),
            "Implementation costs and external funding (such as a government grant) are costs to the public "
            "purse, spread over the years the scheme has run.",
        )
    out = pd.DataFrame(rows, columns=["step", "change_gbp", "explanation"])
    out = out[(out.index == 0) | (out["change_gbp"] != 0)].reset_index(drop=True)  # steps that change nothing
    out["running_gbp"] = out["change_gbp"].cumsum()
    return out


def red_flags(
    claim: Claim, combined_share: float, service_budget_gbp: float | None, year_gap: int | None
) -> tuple[Flag, ...]:
    """Each flag with its reason and the question to ask."""
    flags = []
    annual_as_stated = claim.basis == "annual"
    over_service = service_budget_gbp is not None and service_budget_gbp > 0 and claim.amount_gbp > service_budget_gbp
    if annual_as_stated and (combined_share > PROBABLY_CUMULATIVE_SHARE or over_service):
        why = (
            f"It is {combined_share:.1%} of the partners' revenue expenditure"
            if combined_share > PROBABLY_CUMULATIVE_SHARE
            else "It is larger than the partners' spending on the service it comes from"
        )
        flags.append(
            Flag(
                "Probably cumulative, though called annual",
                True,
                why + ".",
                "Is this a saving each year, or the total since the scheme began? Ask for the figure "
                "for the last full year.",
            )
        )
    if claim.projected:
        flags.append(
            Flag(
                "Projected only",
                True,
                "The figure is a target or estimate, not an achievement.",
                "How much of this has been achieved? Ask for the outturn figure and who audited it.",
            )
        )
    if claim.reported_by_each_partner and len(claim.council_ids) > 1:
        flags.append(
            Flag(
                "The same saving claimed by each partner",
                True,
                "Every partner reports the whole figure, so adding their reports counts it several times.",
                "Is this the whole partnership's saving or this council's share of it?",
            )
        )
    if not claim.has_source:
        flags.append(
            Flag(
                "No source",
                True,
                "No published source is given for the figure.",
                "Where is this figure published, and has it been audited?",
            )
        )
    if year_gap is not None and abs(year_gap) > MAX_YEAR_GAP:
        flags.append(
            Flag(
                "Reported far from the spending year used",
                False,
                f"The nearest spending data is {abs(year_gap)} years from the report.",
                "What was the council's budget in the year the saving was reported?",
            )
        )
    if claim.ended:
        flags.append(
            Flag(
                "The scheme has ended",
                False,
                "The arrangement is recorded as ended.",
                "Are these savings still being made now the scheme has ended, or were they reversed?",
            )
        )
    if claim.gross_or_net == "unknown":
        flags.append(
            Flag(
                "Gross or net unknown",
                False,
                "The claim does not say whether costs are taken off.",
                "Is this net of the cost of setting up and running the partnership?",
            )
        )
    if claim.other_figures:
        flags.append(
            Flag(
                "Disagreeing figures for the same scheme",
                False,
                "Other published figures: " + "; ".join(claim.other_figures) + ".",
                "Which figure is right, and why do they differ?",
            )
        )
    return tuple(flags)


def rating(flags: tuple[Flag, ...]) -> str:
    if any(f.serious for f in flags):
        return "red"
    return "amber" if flags else "green"


def check_claim(claim: Claim, dataset: Dataset, baseline_share: float, target_share: float) -> ClaimCheck:
    """Everything the Check a claim page shows, for one claim."""
    annual, one_off = annual_equivalent_of(claim)
    years = available_years(dataset.spending, "outturn")
    ids = claim.council_ids
    re_budgets = budget_lookup(dataset.spending, "revenue_expenditure")
    year = nearest_year(claim.year_reported, years, lambda y: all((c, y) in re_budgets for c in ids)) if ids else None
    names = dict(zip(dataset.register["council_id"], dataset.register["name"]))
    rows = []
    for measure in TOTAL_MEASURES:
        budgets = budget_lookup(dataset.spending, measure)
        partner = {c: budgets.get((c, year), float("nan")) for c in ids} if year else {}
        total = sum(partner.values()) if partner else float("nan")
        weights = budget_lookup(dataset.spending, "revenue_expenditure")
        re_total = sum(weights.get((c, year), 0.0) for c in ids) if year else 0.0
        for c, budget in partner.items():
            part = annual * weights.get((c, year), 0.0) / re_total if re_total else float("nan")
            rows.append(
                (measure, c, names.get(c, c), budget, part, part / budget if budget and budget > 0 else float("nan"))
            )
        rows.append(
            (measure, "all", "All partners", total, annual, annual / total if total and total > 0 else float("nan"))
        )
    shares = pd.DataFrame(rows, columns=["measure", "council_id", "name", "budget_gbp", "part_gbp", "share"])
    combined = shares[(shares["council_id"] == "all") & (shares["measure"] == "revenue_expenditure")]
    combined_share = float(combined["share"].iat[0]) if len(combined) else float("nan")
    combined_budget = float(combined["budget_gbp"].iat[0]) if len(combined) else float("nan")
    service = None
    if claim.service_measure and year:
        lines = budget_lookup(dataset.spending, claim.service_measure)
        service = sum(lines.get((c, year), 0.0) for c in ids)
    gap = year_start(year) - claim.year_reported if year else None
    flags = red_flags(claim, combined_share if combined_share == combined_share else 0.0, service, gap)
    costs = claim.implementation_cost_gbp + claim.external_funding_gbp
    steps = defensible_steps(claim)
    return ClaimCheck(
        claim=claim,
        annual_gbp=annual,
        one_off_gbp=one_off,
        spending_year=year,
        shares=shares,
        combined_share=combined_share,
        combined_budget_gbp=combined_budget,
        times_baseline=combined_share / baseline_share if baseline_share else float("nan"),
        costs_gbp=costs,
        net_gbp=annual * _years(claim) + one_off - costs,
        payback_years=costs / annual if annual > 0 and costs > 0 else float("nan"),
        gbp_to_target=max(0.0, target_share * combined_budget - annual)
        if combined_budget == combined_budget
        else float("nan"),
        steps=steps,
        defensible_gbp=float(steps["running_gbp"].iat[-1]),
        flags=flags,
        rating=rating(flags),
    )


def claim_from_scheme(scheme: pd.Series, schemes: pd.DataFrame) -> Claim:
    """A register row as a claim: basis, years running, costs, source, status and sibling figures."""
    basis = str(scheme["basis"] or "")
    kind = basis.removeprefix("projected-") or "annual"
    start, reported = scheme["start_year"], scheme["year_reported"]
    years = max(1, int(reported) - int(start)) if pd.notna(start) and pd.notna(reported) else None
    if (
        kind == "cumulative"
        and basis.startswith("projected")
        and scheme.get("years_running") is not None
        and pd.notna(scheme.get("years_running"))
    ):
        years = int(scheme["years_running"])
    group = scheme["primary_id"] if pd.notna(scheme.get("primary_id")) else scheme["scheme_id"]
    siblings = schemes[
        ((schemes["scheme_id"] == group) | (schemes["primary_id"] == group))
        & (schemes["scheme_id"] != scheme["scheme_id"])
        & schemes["has_figure"]
    ]
    others = tuple(
        f"{s.scheme_name}: £{s.savings_gbp:,.0f} ({s.basis or 'basis not stated'}, {s.year_reported})"
        for s in siblings.itertuples()
    )
    each = schemes["duplicate_of"].eq(scheme["scheme_id"]).any() or pd.notna(scheme.get("duplicate_of"))
    return Claim(
        council_ids=tuple(scheme["partner_ids"]),
        amount_gbp=float(scheme["savings_gbp"]),
        basis=kind,
        projected=basis.startswith("projected"),
        years_running=years,
        year_reported=int(reported) if pd.notna(reported) else 2016,
        implementation_cost_gbp=float(scheme["implementation_cost_gbp"])
        if pd.notna(scheme["implementation_cost_gbp"])
        else 0.0,
        external_funding_gbp=float(scheme["external_funding_gbp"]) if pd.notna(scheme["external_funding_gbp"]) else 0.0,
        reported_by_each_partner=bool(each),
        has_source=bool(str(scheme["source_url"]).strip()),
        ended=str(scheme["status"]).lower() == "ended",
        gross_or_net="unknown",
        service_measure=SERVICE_LINES.get(str(scheme["service_area"])),
        other_figures=others,
        label=str(scheme["scheme_name"]),
    )


def partner_percentiles(check: ClaimCheck, peers: pd.DataFrame, register: pd.DataFrame) -> pd.DataFrame:
    """Each partner's share of its revenue expenditure, and its percentile among councils of its class
    with recorded savings (`peers` from savings.council_shares in the same year)."""
    klass = dict(zip(register["council_id"], register["class"]))
    parts = check.shares[(check.shares["measure"] == "revenue_expenditure") & (check.shares["council_id"] != "all")]
    rows = []
    for p in parts.itertuples():
        same = peers[(peers["class"] == klass[p.council_id]) & (peers["annual_savings_gbp"] > 0)]["share"].dropna()
        rows.append(
            {
                "council_id": p.council_id,
                "name": p.name,
                "class": klass[p.council_id],
                "share": p.share,
                "percentile": float((same < p.share).mean() * 100) if len(same) else float("nan"),
                "class_with_savings": len(same),
            }
        )
    return pd.DataFrame(rows)
