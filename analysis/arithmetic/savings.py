"""Savings arithmetic as defined in DOMAIN.md: annual equivalents, apportionment among
partners, and shares of budget per scheme, per council and nationally.

Money is in pounds (`*_gbp`); a `share` is a fraction 0..1 (0.0053 is 0.53%).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from analysis.vocabulary import year_start

APPORTION_METHODS = ("budget", "equal", "explicit")


@dataclass(frozen=True)
class AnnualEquivalent:
    """One figure made comparable: `annual_gbp` is None where no annual reading exists."""

    annual_gbp: float | None
    years_running: int | None
    derived: bool  # True when computed (cumulative / years), not reported
    projected: bool
    note: str


def years_running(year_reported: Any, start_year: Any) -> int | None:
    """Years from start to report, at least 1; None if either year is unknown."""
    if pd.isna(year_reported) or pd.isna(start_year):
        return None
    return max(1, int(year_reported) - int(start_year))


_WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
}
_YEAR = r"(?:19|20)\d\d"
_DASH = r"(?:-|–|—|to|until)"
_N_YEARS = re.compile(
    r"\b(?:over|in|within|across|during)\s+(?:the\s+)?(?:next\s+|first\s+|following\s+|last\s+|past\s+)?"
    r"(\d+|[a-z]+)\s+years?\b"
)
_DECADE = re.compile(r"\b(?:over|in|within)\s+(?:the\s+)?(?:next\s+|last\s+|past\s+)?(?:a\s+)?decade\b")
_FY_SPAN = re.compile(rf"\b({_YEAR})\s*[/-]\s*\d\d\s*{_DASH}\s*({_YEAR})\s*[/-]\s*\d\d\b")
_SPAN = re.compile(rf"\b({_YEAR})\s*{_DASH}\s*({_YEAR})\b")
_SINCE = re.compile(rf"\bsince\s+({_YEAR})\b")


@dataclass(frozen=True)
class StatedPeriod:
    """The years a cumulative figure covers, as its source states them, and the words that say so."""

    years: int
    words: str


def _count(word: str) -> int | None:
    return int(word) if word.isdigit() else _WORD_NUMBERS.get(word)


def stated_period(text: object, year_reported: Any = None) -> StatedPeriod | None:
    """The period a source's words give a cumulative figure, or None if they give none.

    'over ten years', 'in 10 years', 'over the next decade' -> that many years;
    a span of financial years '2007/08 to 2011/12' -> 5 (both ends included);
    a span of years '2007-2017', '2008-2011', '2015 to 2018' -> the years between (10, 3, 3);
    'since 2010' -> the years from then to the report. The first rule that matches wins.
    """
    raw = " ".join(str(text or "").split())
    low = raw.lower()
    m = _N_YEARS.search(low)
    if m and (n := _count(m.group(1))):
        return StatedPeriod(n, m.group(0))
    m = _DECADE.search(low)
    if m:
        return StatedPeriod(10, m.group(0))
    m = _FY_SPAN.search(low)
    if m and int(m.group(2)) >= int(m.group(1)):
        return StatedPeriod(int(m.group(2)) - int(m.group(1)) + 1, m.group(0))
    m = _SPAN.search(low)
    if m and int(m.group(2)) > int(m.group(1)):
        return StatedPeriod(int(m.group(2)) - int(m.group(1)), m.group(0))
    m = _SINCE.search(low)
    if m and not pd.isna(year_reported) and year_reported is not None:
        return StatedPeriod(max(1, int(year_reported) - int(m.group(1))), m.group(0))
    return None


def horizon_years(period: object, start: Any) -> int | None:
    """Years a projected total is spread over, from text such as 'over ten years',
    'over the next 5 years' or 'by 2019/20' (counted from `start`, inclusive)."""
    text = str(period or "").lower()
    m = _N_YEARS.search(text)
    if m and (n := _count(m.group(1))):
        return n
    m = re.search(r"\b(?:by|to) (20\d\d)\s*[/-]\s*\d\d", text)
    if m and not pd.isna(start):
        return max(1, int(m.group(1)) - int(start) + 1)
    return None


def _plural(n: int) -> str:
    return f"{n} year{'s' if n != 1 else ''}"


def annual_equivalent(
    savings_gbp: float,
    basis: str,
    year_reported: Any,
    start_year: Any,
    period: object = "",
    quote: object = "",
) -> AnnualEquivalent:
    """Annual saving implied by one reported figure.

    annual: as reported; cumulative: total / the period its source states (`period`, else the
    source's own words in `quote`), else / years running (derived); projected cumulative: total /
    the horizon its period states, else years running; one-off: no annual reading; projected-*:
    marked projected (a target, not an achievement). The note says which years were used.
    """
    basis = (basis or "").strip().lower()
    projected = basis.startswith("projected")
    kind = basis.removeprefix("projected-")
    if pd.isna(savings_gbp):
        return AnnualEquivalent(None, None, False, projected, "no savings figure reported")
    if kind == "annual":
        return AnnualEquivalent(
            float(savings_gbp),
            None,
            False,
            projected,
            "projected annual (a target)" if projected else "annual, as reported",
        )
    label = "projected cumulative" if projected else "cumulative"
    if kind == "cumulative":
        stated = stated_period(period, year_reported) or stated_period(quote, year_reported)
        if stated is not None:
            return AnnualEquivalent(
                float(savings_gbp) / stated.years,
                stated.years,
                True,
                projected,
                f"derived: {label} total ÷ {_plural(stated.years)}, the period its source states ('{stated.words}')",
            )
    if kind == "cumulative" and projected:
        start = start_year if not pd.isna(start_year) else year_reported
        years = horizon_years(period, start)
        if years is not None:
            return AnnualEquivalent(
                float(savings_gbp) / years,
                years,
                True,
                True,
                f"derived: projected total ÷ {_plural(years)} of its stated period",
            )
    if kind == "cumulative":
        years = years_running(year_reported, start_year)
        if years is None:
            return AnnualEquivalent(
                None,
                None,
                False,
                projected,
                "cumulative, but its period and start year are not stated: cannot annualise",
            )
        return AnnualEquivalent(
            float(savings_gbp) / years,
            years,
            True,
            projected,
            f"derived: {label} total ÷ {_plural(years)} running (reported {int(year_reported)}, started "
            f"{int(start_year)}; no period stated)",
        )
    if kind == "one-off":
        return AnnualEquivalent(None, None, False, projected, "one-off: not an annual saving, shown separately")
    return AnnualEquivalent(None, None, False, projected, f"basis '{basis or 'not stated'}': cannot annualise")


def duplicate_reports(schemes: pd.DataFrame) -> pd.Series:
    """scheme_id of the first report of the same scheme (same partners, figure, basis and year),
    for rows that repeat it, else NA: when every partner reports the whole saving."""
    eligible = schemes["has_figure"].astype(bool) & (schemes["partner_ids"].map(len) > 1)
    keys = pd.DataFrame(
        {
            "partners": schemes["partner_ids"].map(lambda ids: "|".join(sorted(ids))),
            "savings": schemes["savings_gbp"],
            "basis": schemes["basis"],
            "year": schemes["year_reported"].astype("Float64"),
            "id": schemes["scheme_id"],
        }
    )[eligible]
    first = keys.groupby(["partners", "savings", "basis", "year"], dropna=False)["id"].transform("first")
    repeats = first[first != keys["id"]]
    return pd.Series(pd.NA, index=schemes.index, dtype="object").where(
        ~schemes.index.isin(repeats.index), repeats.reindex(schemes.index)
    )


def with_annual_equivalents(schemes: pd.DataFrame, include_projected: bool = False) -> pd.DataFrame:
    """Adds annual_gbp, years_running, derived, projected, annual_note, duplicate_of,
    counts_in_totals and why_not_counted."""
    quotes = schemes["source_quote"] if "source_quote" in schemes else pd.Series("", index=schemes.index)
    eq = [
        annual_equivalent(s, b, y, st, p, q)
        for s, b, y, st, p, q in zip(
            schemes["savings_gbp"],
            schemes["basis"],
            schemes["year_reported"],
            schemes["start_year"],
            schemes["period"],
            quotes,
        )
    ]
    out = schemes.assign(
        annual_gbp=[e.annual_gbp for e in eq],
        years_running=pd.array([e.years_running for e in eq], dtype="Int64"),
        derived=[e.derived for e in eq],
        projected=[e.projected for e in eq],
        annual_note=[e.note for e in eq],
        duplicate_of=duplicate_reports(schemes),
    )
    out["annual_gbp"] = out["annual_gbp"].astype("float64")
    reasons = []
    columns = ("annual_gbp", "annual_note", "is_secondary", "duplicate_of", "projected")
    for annual, note, secondary, duplicate_of, projected in zip(*(out[c].tolist() for c in columns)):
        if pd.isna(annual):
            reasons.append(note)
        elif secondary:
            reasons.append("second figure for a scheme already counted")
        elif not pd.isna(duplicate_of):
            reasons.append(f"same scheme already reported as {duplicate_of}: counted once")
        elif projected and not include_projected:
            reasons.append("projected: excluded unless you include projected figures")
        else:
            reasons.append("")
    out["why_not_counted"] = reasons
    out["counts_in_totals"] = out["why_not_counted"] == ""
    return out


def budget_lookup(spending: pd.DataFrame, measure: str, stage: str = "outturn") -> dict[tuple[str, str], float]:
    """(council_id, year) -> value in pounds for one measure; missing values are left out."""
    rows = spending[(spending["measure"] == measure) & (spending["stage"] == stage)].dropna(
        subset=["value_gbp", "council_id"]
    )
    return dict(zip(zip(rows["council_id"], rows["year"]), rows["value_gbp"]))


def nearest_year(target: int, years: list[str], has_all: Callable[[str], bool] = lambda y: True) -> str | None:
    """The year nearest the target (a financial-year start) for which has_all(year) holds;
    ties go to the earlier year."""
    for y in sorted(years, key=lambda y: (abs(year_start(y) - target), year_start(y))):
        if has_all(y):
            return y
    return None


def every_partner_has(ids: tuple[str, ...], budgets: dict[tuple[str, str], float]) -> Callable[[str], bool]:
    """Whether every one of `ids` has a figure in `budgets` for a year (a test for `nearest_year`)."""
    return lambda year: all((c, year) in budgets for c in ids)


def scheme_shares(schemes: pd.DataFrame, budgets: dict[tuple[str, str], float], years: list[str]) -> pd.DataFrame:
    """Adds spending_year (nearest the year reported where every partner has a figure),
    year_gap, partners_budget_gbp and share (annual_gbp / partners_budget_gbp)."""
    spend_year: list[str | None] = []
    gap: list[float] = []
    combined: list[float] = []
    memo: dict[tuple, tuple] = {}
    for ids, reported in zip(schemes["partner_ids"], schemes["year_reported"]):
        if not ids or pd.isna(reported):
            spend_year.append(None)
            gap.append(pd.NA)
            combined.append(float("nan"))
            continue
        key = (ids, int(reported))
        if key not in memo:
            y = nearest_year(int(reported), years, every_partner_has(ids, budgets))
            memo[key] = (
                y,
                pd.NA if y is None else year_start(y) - int(reported),
                float("nan") if y is None else sum(budgets[(c, y)] for c in ids),
            )
        y, g, total = memo[key]
        spend_year.append(y)
        gap.append(g)
        combined.append(total)
    out = schemes.assign(spending_year=spend_year, year_gap=pd.array(gap, dtype="Int64"), partners_budget_gbp=combined)
    out["partners_budget_gbp"] = out["partners_budget_gbp"].astype("float64")
    denominator = out["partners_budget_gbp"].where(out["partners_budget_gbp"] > 0)
    out["share"] = out["annual_gbp"] / denominator
    return out


def apportion(
    total_gbp: float,
    partner_ids: tuple[str, ...],
    method: str,
    budgets: dict[str, float] | None = None,
    shares: tuple[float, ...] | None = None,
) -> tuple[dict[str, float], str]:
    """Split one scheme's saving among partners; the parts always sum to total_gbp.

    budget: by each partner's denominator (falls back to equal if any is missing or <= 0);
    equal: the same for each; explicit: by the given shares (normalised to sum to 1).
    Returns the parts and the method actually used.
    """
    if not partner_ids:
        return {}, "none"
    if method == "explicit" and shares and len(shares) == len(partner_ids) and sum(shares) > 0:
        weights = list(shares)
        used = "explicit"
    elif method == "budget" and budgets and all(budgets.get(c, 0) > 0 for c in partner_ids):
        weights = [budgets[c] for c in partner_ids]
        used = "budget"
    else:
        weights = [1.0] * len(partner_ids)
        used = "equal" if method == "equal" else "equal (fallback)"
    total_weight = sum(weights)
    parts = {c: total_gbp * w / total_weight for c, w in zip(partner_ids, weights)}
    return parts, used


def apportioned_savings(
    schemes: pd.DataFrame, budgets: dict[tuple[str, str], float], method: str = "budget"
) -> pd.DataFrame:
    """One row per (counted scheme, partner): scheme_id, council_id, apportioned_gbp, method."""
    rows = []
    counted = schemes[schemes["counts_in_totals"] & schemes["partner_ids"].map(bool)]
    for r in counted.itertuples(index=False):
        year = r.spending_year
        partner_budgets = {c: budgets.get((c, year), 0.0) for c in r.partner_ids} if year else None
        explicit = getattr(r, "partner_shares", None)
        parts, used = apportion(r.annual_gbp, r.partner_ids, method, partner_budgets, explicit)
        rows += [(r.scheme_id, c, v, used) for c, v in parts.items()]
    return pd.DataFrame(rows, columns=["scheme_id", "council_id", "apportioned_gbp", "method"])


def council_shares(
    apportioned: pd.DataFrame, budgets: dict[tuple[str, str], float], year: str, register: pd.DataFrame
) -> pd.DataFrame:
    """Per council: annual_savings_gbp (sum of apportioned parts), budget_gbp in `year`,
    share, n_schemes; every council of the register, with NaN share where it has no budget."""
    sums = apportioned.groupby("council_id").agg(
        annual_savings_gbp=("apportioned_gbp", "sum"), n_schemes=("scheme_id", "nunique")
    )
    out = register[["council_id", "name", "class", "region"]].set_index("council_id").join(sums)
    out["annual_savings_gbp"] = out["annual_savings_gbp"].fillna(0.0)
    out["n_schemes"] = out["n_schemes"].fillna(0).astype(int)
    out["budget_gbp"] = [budgets.get((c, year), float("nan")) for c in out.index]
    out["share"] = out["annual_savings_gbp"] / out["budget_gbp"].where(out["budget_gbp"] > 0)
    out["year"] = year
    return out.reset_index()


def national_share(schemes: pd.DataFrame, denominator_gbp: float) -> dict[str, float]:
    """Total of counted annual savings (each scheme once) and its share of the denominator."""
    total = float(schemes.loc[schemes["counts_in_totals"], "annual_gbp"].sum())
    return {
        "annual_savings_gbp": total,
        "denominator_gbp": denominator_gbp,
        "share": total / denominator_gbp if denominator_gbp > 0 else float("nan"),
    }


def times_baseline(share: float, baseline_share: float) -> float:
    """How many times the baseline a share is (2.0 reads 'twice the national figure')."""
    return share / baseline_share if baseline_share else float("nan")


def gbp_to_reach(target_share: float, denominator_gbp: float, current_gbp: float = 0.0) -> float:
    """Extra pounds a year needed to reach the target share (0 if already there)."""
    return max(0.0, target_share * denominator_gbp - current_gbp)


def evidence_coverage(schemes: pd.DataFrame) -> pd.DataFrame:
    """Counts of schemes by what their figure is: counted, excluded (why) and no figure."""
    category = np.select(
        [
            ~schemes["has_figure"].astype(bool),
            schemes["is_secondary"].astype(bool),
            schemes["counts_in_totals"].astype(bool),
            schemes["projected"].astype(bool),
        ],
        [
            "no savings figure",
            "second figure for a listed scheme",
            "counted: annual equivalent",
            "projected only (excluded)",
        ],
        default="figure that cannot be annualised",
    )
    return pd.Series(category).value_counts().rename_axis("evidence").reset_index(name="schemes")
