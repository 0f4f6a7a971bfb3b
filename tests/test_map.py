"""The map: boundaries decoded for each year, every council joined, figures coloured as labelled."""

from __future__ import annotations

import itertools
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.arithmetic.assessment import Options, assess
from analysis.councils.geography import _ring, boundary_year, layer_geojson, read_topology, valid_in
from analysis.councils.population import read_mid_2014
from analysis.outputs.charts import map_chart
from analysis.outputs.key_facts import band, council_facts, england_facts
from analysis.outputs.map import NO_SCHEME, map_view, value_classes

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def geography():
    return read_topology(DATA / "geo" / "topo.json"), read_mid_2014(DATA / "population")


@pytest.mark.parametrize(
    ("year", "districts", "counties"), [(2014, 326, 27), (2019, 317, 26), (2021, 309, 24), (2023, 296, 21)]
)
def test_boundaries_of_each_year(geography, year, districts, counties):
    topology, _ = geography
    ltla = layer_geojson(topology, "ltla", year)
    assert len(ltla["features"]) == districts
    cty = layer_geojson(topology, "cty", year)
    assert len(cty["features"]) == counties
    ring = ltla["features"][0]["geometry"]["coordinates"][0]
    ring = ring[0] if isinstance(ring[0][0], list) else ring
    assert -7 < ring[0][0] < 2 and 49 < ring[0][1] < 56  # decoded to longitude/latitude in England


def test_arcs_are_joined_and_reversed():
    arcs = [[(0, 0), (1, 0)], [(1, 0), (1, 1)]]
    assert _ring([0, 1], arcs) == [[0, 0], [1, 0], [1, 1]]
    assert _ring([~1, ~0], arcs) == [[1, 1], [1, 0], [0, 0]]


@pytest.mark.parametrize(
    ("props", "year", "valid"),
    [({}, 2016, True), ({"end": 2018}, 2018, True), ({"end": 2018}, 2019, False), ({"start": 2019}, 2018, False)],
)
def test_validity_years(props, year, valid):
    assert valid_in(props, year) == valid


def test_boundary_year_clamps_to_the_file():
    assert (boundary_year(2010), boundary_year(2016), boundary_year(2030)) == (2014, 2016, 2025)


@pytest.mark.parametrize("level", ["districts", "counties"])
def test_the_map_joins_every_council_of_each_boundary_year(dataset, geography, level):
    topology, mid_2014 = geography
    a = assess(dataset, Options())
    for year in a.outturn_years:
        view = map_view(dataset, a, topology, mid_2014, year, level, "share")
        assert view.unjoined == (), f"{year} {level}: {view.unjoined}"
        assert view.table["council_id"].notna().all(), view.table[view.table["council_id"].isna()]


def test_map_colours_say_what_they_are(dataset, geography):
    topology, mid_2014 = geography
    a = assess(dataset, Options())
    per_resident = map_view(dataset, a, topology, mid_2014, "2014-15", "districts", "per_resident")
    adur = per_resident.table.set_index("areacd").loc["E07000223"]
    assert adur["value"] == pytest.approx(adur["budget_gbp"] / mid_2014["E07000223"])
    assert "mid-2014" in per_resident.subtitle
    share = map_view(dataset, a, topology, mid_2014, "2017-18", "districts", "share")
    assert share.colour_label == "% of budget" and "2017-18 outturn" in share.subtitle
    fig = map_chart(share, "E07000177")
    assert {t.fill for t in fig.data if t.mode == "lines" and t.fill} == {"toself"}
    points = next(t for t in fig.data if t.mode == "markers")
    assert len(points.customdata) == len(share.table) and fig.data[-1].name == "Cherwell"


@pytest.mark.parametrize(
    ("share", "expected"),
    [(0.055, "close to"), (0.065, "above"), (0.08, "well above"), (0.035, "below"), (0.001, "well below")],
)
def test_bands_use_distance_from_the_median_in_mads(share, expected):
    peers = pd.Series([0.03, 0.04, 0.05, 0.06, 0.07])  # median 0.05, MAD 0.01
    assert band(share, peers).startswith(expected)


def test_too_few_peers_are_not_compared():
    assert band(0.05, pd.Series([0.01])).startswith("not comparable")


def test_key_facts_carry_sources(dataset):
    from analysis.arithmetic.assessment import council_profile

    a = assess(dataset, Options())
    facts = council_facts(council_profile(dataset, a, "CHR", "2017-18"), a) + england_facts(a)
    assert all(source for _, source in facts)
    assert any("cumulative total since 2012" in f for f, _ in facts)
    assert not any("worst" in f or "rank" in f for f, _ in facts)


@pytest.mark.parametrize("year", ["2014-15", "2016-17", "2023-24"])
@pytest.mark.parametrize("level", ["districts", "counties"])
def test_the_share_map_reads(dataset, geography, year, level):
    """At least four classes among councils with a value; councils with no counted scheme in a neutral
    class of their own, never painted as 0%; every legend entry states its bounds and count."""
    topology, mid_2014 = geography
    a = assess(dataset, Options())
    view = map_view(dataset, a, topology, mid_2014, year, level, "share")
    valued = [c for c in view.classes if c.has_value]
    assert len(valued) >= 4, [c.label for c in view.classes]
    assert all(" to " in c.label or c.low == c.high for c in valued)
    assert all(c.label.endswith(f"({len(c.areacds)})") for c in view.classes)
    assert [c.low for c in valued] == sorted(c.low for c in valued)
    none = next(c for c in view.classes if c.label.startswith(NO_SCHEME))
    t = view.table.set_index("areacd")
    assert (t.loc[list(none.areacds), "annual_savings_gbp"].fillna(0) == 0).all()
    assert t.loc[list(none.areacds), "value"].isna().all()
    assert (t.loc[list(none.areacds), "value_text"] == NO_SCHEME).all()
    in_classes = [code for c in view.classes for code in c.areacds]
    assert sorted(in_classes) == sorted(t.index)  # every council in exactly one class
    fig = map_chart(view)
    fills = {tr.name: tr.fillcolor for tr in fig.data if tr.mode == "lines" and tr.fill}
    assert fills[none.label] == "#D9D9D9" and len({fills[c.label] for c in valued}) == len(valued)


def test_the_coverage_map_keeps_councils_without_a_scheme_apart(dataset, geography):
    topology, mid_2014 = geography
    view = map_view(dataset, assess(dataset, Options()), topology, mid_2014, "2016-17", "districts", "coverage")
    labels = [c.label for c in view.classes]
    assert labels[0].startswith("1 (") and any(label.startswith("no scheme in the register (") for label in labels)
    assert len([c for c in view.classes if c.has_value]) >= 4


@pytest.mark.parametrize(
    ("values", "labels"),
    [
        ([1, 1, 2, 3], ["1 (2)", "2 (1)", "3 (1)"]),  # few distinct values: one class each
        ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], ["1 to 2 (2)", "3 to 4 (2)", "5 to 6 (2)", "7 to 8 (2)", "9 to 10 (2)"]),
        ([0.5] * 8 + [1, 2, 3, 4, 5], None),  # ties at the bottom: still at least four classes
        ([], []),
    ],
)
def test_value_classes(values, labels):
    classes = value_classes(pd.Series(values, index=[f"A{i}" for i in range(len(values))], dtype=float), "")
    if labels is not None:
        assert [c.label for c in classes] == labels
    else:
        assert len(classes) >= 4
    assert sum(len(c.areacds) for c in classes) == len(values)


@given(st.lists(st.floats(0, 100, allow_nan=False), min_size=1, max_size=300))
def test_every_value_is_in_exactly_one_class_and_classes_do_not_overlap(values):
    series = pd.Series(values, index=[f"A{i}" for i in range(len(values))])
    classes = value_classes(series, "%")
    codes = [code for c in classes for code in c.areacds]
    assert sorted(codes) == sorted(series.index)
    assert 1 <= len(classes) <= 5
    assert len(classes) >= min(4, series.nunique())
    for lower, upper in itertools.pairwise(classes):
        assert lower.high < upper.low
    for c in classes:
        inside = series[list(c.areacds)]
        assert inside.min() == c.low and inside.max() == c.high
