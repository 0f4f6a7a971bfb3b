"""What the map shows: councils joined to the boundaries of the year, coloured by savings share,
evidence coverage or spending per resident. Any council left unjoined is reported."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.arithmetic.assessment import Assessment
from analysis.arithmetic.savings import budget_lookup, council_shares
from analysis.councils.geography import boundary_year, layer_geojson
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


@dataclass(frozen=True)
class MapView:
    geojson: dict
    table: pd.DataFrame  # areacd, name, council_id, class, value, value_text, n_schemes, share
    unjoined: tuple[str, ...]  # councils with spending this year and no boundary (names with codes)
    title: str
    subtitle: str
    colour_label: str
    measure_note: str = ""  # says so when the chosen measure is missing for the year (TSE shown)


def map_view(
    dataset: Dataset, assessment: Assessment, topology: dict, mid_2014: pd.Series, year: str, level: str, colour: str
) -> MapView:
    layer, classes = LEVELS[level]
    fy = year_start(year)
    geo = layer_geojson(topology, layer, boundary_year(fy))
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
        table["value"] = table["share"] * 100
        table["value_text"] = table["share"].map(lambda s: "—" if s != s else f"{s:.2%}")
        label, sub = (
            "% of budget",
            (
                f"Apportioned annual savings in the register / {measure}, {year} outturn; "
                "councils with no counted scheme show 0%"
            ),
        )
    elif colour == "coverage":
        table["value"] = table["n_schemes"]
        table["value_text"] = table["n_schemes"].astype(str) + " scheme(s)"
        label, sub = "schemes", "Schemes in the register that name the council as a partner, with or without a figure"
    else:
        pop, source = population_for(fy, table["areacd"], mid_2014, table["council_id"].map(reg["population_2020"]))
        table["value"] = table["budget_gbp"] / pop
        table["value_text"] = table["value"].map(lambda v: "—" if v != v else f"£{v:,.0f} per resident")
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
        & (dataset.spending["status"] == "outturn")
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
    )
