"""Checking one savings claim the way a councillor or auditor would: annual equivalent, shares
of every denominator, the steps from the claim to a defensible figure, and red flags.

Money in pounds; shares are fractions 0..1. What the claim does not state (costs, funding, years
running, partners' spending) stays None, never zero, and every figure that depends on it carries
the reason it cannot be computed (`ClaimCheck.missing`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from analysis.arithmetic.savings import annual_equivalent, budget_lookup, every_partner_has, nearest_year, stated_period
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
    years_running: int | None = None  # years a cumulative figure is spread over; None if not stated
    year_reported: int = 2016
    implementation_cost_gbp: float | None = None  # None: not stated
    external_funding_gbp: float | None = None  # None: not stated
    reported_by_each_partner: bool = False
    has_source: bool = True
    ended: bool = False
    gross_or_net: str = "unknown"  # gross | net | unknown
    service_measure: str | None = None
    other_figures: tuple[str, ...] = ()  # disagreeing figures for the same scheme, described
    label: str = "the claim"
    years_note: str = ""  # where years_running comes from (a period the source states, or start to report)


@dataclass(frozen=True)
class Flag:
    name: str
    serious: bool
    reason: str
    question: str


@dataclass(frozen=True)
class ClaimCheck:
    """A checked claim. A figure that cannot be computed is NaN (or None) and `missing` says why,
    keyed by the figure's name: annual, share, times_baseline, costs, net, payback, to_target,
    defensible, spending_year, years_running, implementation_cost, external_funding."""

    claim: Claim
    annual_gbp: float  # annual equivalent of the figure as stated (NaN: cannot annualise)
    one_off_gbp: float
    spending_year: str | None
    shares: pd.DataFrame  # measure, council_id, name, budget_gbp, part_gbp, share (council "all" = combined)
    combined_share: float  # annual / partners' revenue expenditure
    combined_budget_gbp: float  # partners' revenue expenditure in the spending year
    times_baseline: float
    costs_gbp: float | None  # implementation costs + external funding; None if either is not stated
    net_gbp: float | None  # savings over the years running minus costs; None if it cannot be computed
    payback_years: float | None  # costs / annual saving; None if it cannot be computed
    gbp_to_target: float
    steps: pd.DataFrame  # step, change_gbp, running_gbp, explanation
    defensible_gbp: float
    flags: tuple[Flag, ...]
    rating: str  # red | amber | green
    missing: dict[str, str] = field(default_factory=dict)  # figure -> why it is not stated or not computed
    caveats: dict[str, str] = field(default_factory=dict)  # figure -> what it leaves out

    def short_missing(self, figure: str) -> str | None:
        """A few words for a figure that is missing (short enough for a metric): 'not stated' for what
        the claim leaves out, 'not computed' for what depends on it, 'no costs' where costs are stated
        as £0 (nothing to pay back); None when the figure is known. The reason is in `missing`."""
        reason = self.missing.get(figure)
        if reason is None:
            return None
        if figure in STATED_FIGURES:
            return NOT_STATED
        return "no costs" if reason.startswith("Nothing") else "not computed"

    def why_missing(self, figure: str) -> str:
        """The reason a figure is missing, without a leading 'Cannot be computed:'."""
        return self.missing.get(figure, "").removeprefix("Cannot be computed: ")

    def describe(self, figure: str, known: str) -> str:
        """`known` when the figure is known, else what is missing and why, in full (for exports)."""
        if figure not in self.missing:
            return known
        if figure in STATED_FIGURES:
            return f"{NOT_STATED}: {self.why_missing(figure)}"
        if self.missing[figure].startswith("Nothing"):
            return self.missing[figure]
        return f"cannot be computed: {self.why_missing(figure)}"

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


NOT_STATED = "not stated"
STATED_FIGURES = ("implementation_cost", "external_funding", "years_running", "costs", "spending_year")


def _years(claim: Claim) -> int:
    return max(1, claim.years_running or 1)


def known_costs_gbp(claim: Claim) -> float:
    """The costs the claim states (implementation and external funding), leaving out what it does not."""
    return sum(v for v in (claim.implementation_cost_gbp, claim.external_funding_gbp) if v is not None)


def unstated_costs(claim: Claim) -> list[str]:
    """Which of the costs the claim does not state, in words."""
    return [
        what
        for what, value in (
            ("implementation costs", claim.implementation_cost_gbp),
            ("external funding", claim.external_funding_gbp),
        )
        if value is None
    ]


def annual_equivalent_of(claim: Claim) -> tuple[float, float]:
    """(annual equivalent, one-off amount) of the figure as stated; NaN annual for a cumulative
    figure whose years are not stated."""
    if claim.basis == "one-off":
        return 0.0, claim.amount_gbp
    if claim.basis == "cumulative":
        if claim.years_running is None:
            return float("nan"), 0.0
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
    if claim.basis == "cumulative" and claim.years_running is not None:
        step(
            f"Cumulative total spread over {_years(claim)} year(s)",
            claim.amount_gbp - claim.amount_gbp / _years(claim),
            "A total since the start is not a yearly saving: divided by the years it took"
            + (f" ({claim.years_note})" if claim.years_note else "")
            + ".",
        )
    if claim.basis == "one-off":
        step("One-off, not a yearly saving", running, "A one-off saving does not recur, so it adds nothing a year.")
    if claim.projected:
        step("Projected only (a target)", running, "Nothing has been shown to be achieved yet.")
    costs = known_costs_gbp(claim)
    if costs > 0:
        unstated = unstated_costs(claim)
        step(
            f"Costs spread over {_years(claim)} year(s)",
            costs / _years(claim),
            "Implementation costs and external funding (such as a government grant) are costs to the public "
            "purse, spread over the years the scheme has run"
            + (f"; {' and '.join(unstated)} {NOT_STATED}, so not taken off" if unstated else "")
            + ".",
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
        # Each measure in the year nearest the report that has it for every partner: revenue expenditure is
        # not in the data for 2018-19 to 2022-23, total service expenditure is.
        m_year = nearest_year(claim.year_reported, years, every_partner_has(ids, budgets)) if ids else None
        partner = {c: budgets[(c, m_year)] for c in ids} if m_year is not None else {}
        total = sum(partner.values()) if partner else float("nan")
        # A partner's part is split by its revenue expenditure, or by this measure where that year lacks it.
        weights = re_budgets if all((c, m_year) in re_budgets for c in ids) else budgets
        w_total = sum(weights.get((c, m_year or ""), 0.0) for c in ids)
        for c, budget in partner.items():
            part = annual * weights.get((c, m_year or ""), 0.0) / w_total if w_total else float("nan")
            rows.append(
                (measure, m_year, c, names.get(c, c), budget, part, part / budget if budget > 0 else float("nan"))
            )
        rows.append(
            (measure, m_year, "all", "All partners", total, annual, annual / total if total > 0 else float("nan"))
        )
    columns = ["measure", "year", "council_id", "name", "budget_gbp", "part_gbp", "share"]
    shares = pd.DataFrame(rows, columns=columns)
    combined = shares[(shares["council_id"] == "all") & (shares["measure"] == "revenue_expenditure")]
    combined_share = float(combined["share"].iat[0]) if len(combined) else float("nan")
    combined_budget = float(combined["budget_gbp"].iat[0]) if len(combined) else float("nan")
    service = None
    if claim.service_measure and year:
        lines = budget_lookup(dataset.spending, claim.service_measure)
        service = sum(lines.get((c, year), 0.0) for c in ids)
    gap = year_start(year) - claim.year_reported if year else None
    flags = red_flags(claim, combined_share if combined_share == combined_share else 0.0, service, gap)
    steps = defensible_steps(claim)
    missing = missing_figures(claim, annual, year, combined_budget)
    if target_share != target_share and "to_target" not in missing:  # no target to compare with
        missing["to_target"] = "Cannot be computed: no target share of budget is given to compare with."
    costs = None if "costs" in missing else known_costs_gbp(claim)
    defensible = float("nan") if "defensible" in missing else float(steps["running_gbp"].iat[-1])
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
        net_gbp=None if "net" in missing or costs is None else annual * _years(claim) + one_off - costs,
        payback_years=None if "payback" in missing or costs is None else costs / annual,
        gbp_to_target=max(0.0, target_share * combined_budget - annual) if "to_target" not in missing else float("nan"),
        steps=steps,
        defensible_gbp=defensible,
        flags=flags,
        rating=rating(flags),
        missing=missing,
        caveats=caveats_of(claim),
    )


def missing_figures(claim: Claim, annual: float, year: str | None, combined_budget: float) -> dict[str, str]:
    """Each figure that is not stated or cannot be computed, with the reason in words."""
    out: dict[str, str] = {}
    unstated = unstated_costs(claim)
    if claim.implementation_cost_gbp is None:
        out["implementation_cost"] = "The claim does not state what the scheme cost to set up."
    if claim.external_funding_gbp is None:
        out["external_funding"] = "The claim does not state any external funding (such as a government grant)."
    if claim.years_running is None:
        out["years_running"] = "The claim states neither the period its figure covers nor the year it started."
    if claim.basis == "cumulative" and claim.years_running is None:
        out["annual"] = (
            "Cannot be computed: a cumulative total needs the years it covers, and the claim states neither its "
            "period nor its start year."
        )
        out["defensible"] = out["annual"]
    if year is None:
        out["spending_year"] = (
            "No outturn year in the data has spending for every partner."
            if claim.council_ids
            else "No partner council is given."
        )
    if combined_budget != combined_budget or not combined_budget:
        why = out.get("spending_year", "The partners' spending is not in the data.")
        out["share"] = f"Cannot be computed: the partners' spending is {NOT_STATED}. {why}"
        out["times_baseline"] = out["share"]
        out["to_target"] = out["share"]
    elif "annual" in out:
        out["share"] = out["times_baseline"] = out["to_target"] = out["annual"]
    if unstated:
        out["costs"] = f"{' and '.join(unstated).capitalize()} {NOT_STATED}."
        out["payback"] = (
            f"Cannot be computed: {' and '.join(unstated)} {NOT_STATED}, so the costs to pay back are unknown."
        )
        out["net"] = f"Cannot be computed: {' and '.join(unstated)} {NOT_STATED}, so the costs to take off are unknown."
    else:
        if annual != annual or annual <= 0:
            out["payback"] = "Cannot be computed: there is no annual saving to pay the costs back from."
        elif known_costs_gbp(claim) == 0:
            out["payback"] = "Nothing to pay back: the claim states its costs as £0."
    if "net" not in out and "annual" in out:
        out["net"] = out["annual"]
    elif "net" not in out and claim.basis != "one-off" and claim.years_running is None:
        out["net"] = "Cannot be computed: the years the scheme has run are not stated."
    return out


def defensible_in_words(claim: Claim) -> str | None:
    """Why the defensible annual saving is nothing, when a step took all of it: a target shows no saving
    achieved yet, and a one-off saving does not recur. Then the page says so in words, not "£0", because
    what a target will achieve is unknown rather than zero."""
    if claim.projected:
        return "none shown yet (a target)"
    if claim.basis == "one-off":
        return "none a year (one-off)"
    return None


def caveats_of(claim: Claim) -> dict[str, str]:
    """What a computed figure leaves out because the claim does not state it."""
    unstated = unstated_costs(claim)
    if unstated and claim.basis != "one-off" and not claim.projected:
        return {"defensible": f"Before {' and '.join(unstated)}, which the claim does not state."}
    return {}


def claim_from_scheme(scheme: pd.Series, schemes: pd.DataFrame) -> Claim:
    """A register row as a claim: basis, years running, costs, source, status and sibling figures."""
    basis = str(scheme["basis"] or "")
    kind = basis.removeprefix("projected-") or "annual"
    start, reported = scheme["start_year"], scheme["year_reported"]
    years = max(1, int(reported) - int(start)) if pd.notna(start) and pd.notna(reported) else None
    years_note = f"reported {int(reported)}, started {int(start)}" if years is not None else ""
    if kind == "cumulative":  # the period the source states, else start to report, as on every other page
        eq = annual_equivalent(
            scheme["savings_gbp"], basis, reported, start, scheme.get("period", ""), scheme.get("source_quote", "")
        )
        years = eq.years_running
        years_note = eq.note.removeprefix("derived: ") if years is not None else ""
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
        implementation_cost_gbp=_stated(scheme.get("implementation_cost_gbp")),
        external_funding_gbp=_stated(scheme.get("external_funding_gbp")),
        reported_by_each_partner=bool(each),
        has_source=bool(str(scheme["source_url"]).strip()),
        ended=str(scheme["status"]).lower() == "ended",
        gross_or_net="unknown",
        service_measure=SERVICE_LINES.get(str(scheme["service_area"])),
        other_figures=others,
        label=str(scheme["scheme_name"]),
        years_note=years_note,
    )


def _stated(value: Any) -> float | None:
    """A money cell as a number, or None when the register leaves it blank (not stated, not zero)."""
    return None if value is None or pd.isna(value) else float(value)


def typed_years(period: str, years_typed: int | None, year_reported: int) -> tuple[int | None, str]:
    """Years a typed claim runs over, and where they come from: the period as the papers state it
    ('in ten years', '2007-2017') wins over a number typed; neither gives None (not stated)."""
    stated = stated_period(period, year_reported)
    if stated is not None:
        return stated.years, f"the period your papers state ('{stated.words}')"
    if years_typed:
        return int(years_typed), "years running as you typed them"
    return None, ""
