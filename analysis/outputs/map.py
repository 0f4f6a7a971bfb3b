"""What the map shows: councils joined to the boundaries of the year, coloured by savings share,
evidence coverage or spending per resident. Any council left unjoined is reported.

Councils without a figure (no counted scheme in the register, no spending data) are their own
neutral classes, never painted as if they had a value; the others are binned by quantiles among
those with a value, and every class says its bounds and how many councils it holds."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.arithmetic.assessment import Assessment
from analysis.arithmetic.savings import budget_lookup, council_shares
from analysis.councils.geography import PreparedBoundaries, boundary_year, layer_geojson
from analysis.councils.population import population_for
from analysis.dataset import Dataset
from analysis.spending.availability import measure_for_year
from analysis.vocabulary import measure_label, year_start

LEVELS = {"districts": ("ltla", ("SD", "UA", "MD", "L")), "counties": ("utla", ("SC", "UA", "MD", "L"))}
COLOURS = {
    "share": "Savings as a share of budget",
    "coverage": "Schemes in the register",
    "per_resident": "Spending per resident",
}


NO_SCHEME = "no counted scheme in the register"
NO_DATA = "no spending data this year"
MAX_CLASSES = 5


@dataclass(frozen=True)
class MapClass:
    """One legend entry: its label (bounds and count), the areas in it, and whether it holds values
    (coloured on the scale) or stands for their absence (a neutral colour)."""

    label: str
    areacds: tuple[str, ...]
    has_value: bool
    low: float = float("nan")
    high: float = float("nan")


@dataclass(frozen=True)
class MapView:
    geojson: dict
    table: (
        pd.DataFrame
    )  # areacd, name, council_id, class, value, value_text, n_schemes, share, shading ("value" or why the area is grey)
    unjoined: tuple[str, ...]  # councils with spending this year and no boundary (names with codes)
    title: str
    subtitle: str
    colour_label: str
    measure_note: str = ""  # says so when the chosen measure is missing for the year (TSE shown)
    classes: tuple[MapClass, ...] = ()  # legend: value classes low to high, then the neutral ones


def _edge_text(value: float, unit: str, digits: int) -> str:
    if unit.startswith("%"):
        return f"{value:.{digits}f}%"
    if unit.startswith("£"):
        return f"£{value:,.0f}"
    return f"{value:,.0f}"


def _cut(values: pd.Series, edges: np.ndarray) -> list[tuple[float, float, pd.Index]]:
    """(lowest, highest, areas) of each non-empty class; the first class includes its lower edge."""
    groups = []
    for i in range(len(edges) - 1):
        lo, hi = edges[i], edges[i + 1]
        inside = (values >= lo) & (values <= hi) if i == 0 else (values > lo) & (values <= hi)
        if inside.any():
            groups.append((values[inside].min(), values[inside].max(), values.index[inside]))
    return groups


def value_classes(values: pd.Series, unit: str, k: int = MAX_CLASSES) -> list[MapClass]:
    """Quantile classes among the areas with a value (index: areacd): up to `k`, each with at least
    one area; where ties collapse quantile edges, classes split the distinct values instead."""
    values = values.dropna()
    if values.empty:
        return []
    distinct = np.sort(values.unique())
    if len(distinct) <= k:
        groups = [(v, v, values.index[values == v]) for v in distinct]
    else:
        groups = _cut(values, np.unique(values.quantile(np.linspace(0, 1, k + 1)).to_numpy()))
        if len(groups) < min(k, 4):  # ties collapsed the quantiles: cut the distinct values into k runs
            runs = np.array_split(distinct, k)
            groups = _cut(values, np.array([runs[0][0], *[r[-1] for r in runs]]))
    digits = 2
    while digits < 4 and any(
        _edge_text(groups[i][1], unit, digits) == _edge_text(groups[i + 1][0], unit, digits)
        for i in range(len(groups) - 1)
    ):
        digits += 1  # enough decimals that neighbouring classes' bounds read differently
    out = []
    for lo, hi, codes in groups:
        span = (
            _edge_text(lo, unit, digits)
            if _edge_text(lo, unit, digits) == _edge_text(hi, unit, digits)
            else f"{_edge_text(lo, unit, digits)} to {_edge_text(hi, unit, digits)}"
        )
        out.append(MapClass(f"{span} ({len(codes)})", tuple(codes), True, float(lo), float(hi)))
    return out


def map_classes(table: pd.DataFrame, unit: str) -> tuple[MapClass, ...]:
    """Value classes, then one neutral class per reason a council has no value."""
    indexed = table.set_index("areacd")
    classes = value_classes(indexed["value"].where(indexed["shading"] == "value"), unit)
    for shading in indexed["shading"].unique():
        if shading != "value":
            codes = tuple(indexed.index[indexed["shading"] == shading])
            classes.append(MapClass(f"{shading} ({len(codes)})", codes, False))
    return tuple(classes)


def map_view(
    dataset: Dataset,
    assessment: Assessment,
    topology: dict | PreparedBoundaries,
    mid_2014: pd.Series,
    year: str,
    level: str,
    colour: str,
) -> MapView:
    layer, classes = LEVELS[level]
    fy = year_start(year)
    geo = (
        topology.layer(layer, boundary_year(fy))
        if isinstance(topology, PreparedBoundaries)
        else layer_geojson(topology, layer, boundary_year(fy))
    )
    areas = pd.DataFrame([f["properties"] for f in geo["features"]])[["areacd", "areanm"]]
    areas["council_id"] = areas["areacd"].map(dataset.index.codes)
    reg = dataset.register.set_index("council_id")
    choice = measure_for_year(dataset.spending, assessment.options.measure, year)
    budgets = budget_lookup(dataset.spending, choice.used)
    shares = council_shares(assessment.apportioned, budgets, year, dataset.register).set_index("council_id")
    schemes = assessment.schemes[["scheme_id", "partner_ids"]].explode("partner_ids").dropna()
    n_schemes = schemes.groupby("partner_ids")["scheme_id"].nunique()
    table = areas.assign(
        name=areas["council_id"].map(reg["name"]).fillna(areas["areanm"]),
        klass=areas["council_id"].map(reg["class"]),
        share=areas["council_id"].map(shares["share"]),
        annual_savings_gbp=areas["council_id"].map(shares["annual_savings_gbp"]),
        budget_gbp=areas["council_id"].map(shares["budget_gbp"]),
        n_schemes=areas["council_id"].map(n_schemes).fillna(0).astype(int),
    ).rename(columns={"klass": "class"})
    measure = measure_label(choice.used).lower()
    if colour == "share":
        counted = table["annual_savings_gbp"].fillna(0) > 0
        table["shading"] = np.where(~counted, NO_SCHEME, np.where(table["share"].notna(), "value", NO_DATA))
        table["value"] = (table["share"] * 100).where(table["shading"] == "value")
        table["value_text"] = [
            f"{s:.2%} of its {measure}" if st == "value" else st for s, st in zip(table["share"], table["shading"])
        ]
        label, sub = (
            "% of budget",
            (
                f"Apportioned annual savings in the register / {measure}, {year} outturn; quintiles of councils "
                "with a counted scheme"
            ),
        )
    elif colour == "coverage":
        table["shading"] = np.where(table["n_schemes"] > 0, "value", "no scheme in the register")
        table["value"] = table["n_schemes"].astype(float).where(table["shading"] == "value")
        table["value_text"] = table["n_schemes"].astype(str) + " scheme(s) in the register"
        label, sub = "schemes", "Schemes in the register that name the council as a partner, with or without a figure"
    else:
        pop, source = population_for(fy, table["areacd"], mid_2014, table["council_id"].map(reg["population_2020"]))
        table["value"] = table["budget_gbp"] / pop
        table["shading"] = np.where(table["value"].notna(), "value", NO_DATA)
        table["value_text"] = table["value"].map(lambda v: NO_DATA if v != v else f"£{v:,.0f} per resident")
        label, sub = "£ per resident", f"{measure.capitalize()}, {year} outturn, per resident ({source})"
    title = {
        "share": "Where shared-service savings are claimed, as a share of budget",
        "coverage": "Which councils appear in the scheme register",
        "per_resident": "Council spending per resident",
    }[colour]
    level_text = "districts and unitaries" if level == "districts" else "counties and unitaries"
    joined = set(table["council_id"].dropna())
    spent = dataset.spending[
        (dataset.spending["year"] == year)
        & (dataset.spending["stage"] == "outturn")
        & dataset.spending["class"].isin(classes)
        & dataset.spending["value_gbp"].notna()
    ]
    missing = sorted(set(spent["council_id"]) - joined)
    unjoined = tuple(f"{reg.at[c, 'name']} ({reg.at[c, 'ons_code'] or c})" for c in missing)
    return MapView(
        geo,
        table,
        unjoined,
        title,
        f"England, {level_text}, boundaries of {boundary_year(fy)}. {sub}",
        label,
        choice.note if colour != "coverage" else "",
        map_classes(table, label),
    )
