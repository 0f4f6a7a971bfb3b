"""The bundled scheme register: rows kept, partners matched, second figures linked."""

from __future__ import annotations

import pytest

from analysis.schemes.collaboration import collaboration_direction, collaboration_form
from analysis.schemes.register import filter_schemes, split_partners


def test_every_row_kept_including_schemes_without_a_figure(dataset):
    s = dataset.schemes
    assert len(s) == 98
    assert (~s["has_figure"]).sum() == 29
    assert s["is_secondary"].sum() == 10


def test_every_named_partner_is_matched(dataset):
    unmatched = [u for row in dataset.schemes["unmatched_partners"] for u in row]
    assert unmatched == []


@pytest.mark.parametrize(
    ("secondary", "primary"),
    [
        ("Tri-borough shared services (Hammersmith & Fulham share)", "Tri-borough shared services"),
        ("Publica Group (achieved savings)", "2020 Vision Partnership (later Publica Group)"),
        ("oneSource (2017/18 delivered)", "oneSource (Havering-Newham back office)"),
        ("LGSS (savings banked to 2011)", "LGSS (Local Government Shared Services)"),
    ],
)
def test_second_figures_link_to_their_scheme(dataset, secondary, primary):
    s = dataset.schemes.set_index("scheme_name")
    assert s.loc[s.loc[secondary, "primary_id"] == s["scheme_id"]].index[0] == primary


def test_year_aware_partner_matching(dataset):
    s = dataset.schemes.set_index("scheme_name")
    assert "BKM" in s.loc["Buckinghamshire-Harrow shared HR and legal services", "partner_ids"]
    assert "DOR" in s.loc["Dorset Waste Partnership", "partner_ids"]


@pytest.mark.parametrize(
    ("classes", "direction"),
    [
        (["SC", "SD", "SD"], "vertical"),
        (["SD", "SD"], "horizontal"),
        (["L", "L", "L"], "horizontal"),
        (["SC", "UA"], "horizontal"),
        (["UA", "SD"], "vertical"),
        (["SD"], "single council"),
        ([], "unknown"),
    ],
)
def test_direction(classes, direction):
    assert collaboration_direction(classes) == direction


@pytest.mark.parametrize(
    ("name", "form"),
    [
        ("Hoople Ltd (Herefordshire council-NHS back office company)", "company"),
        ("Broadland-South Norfolk one officer team", "shared workforce"),
        ("Malvern Hills-Wychavon joint senior management team", "joint management team"),
        ("East Sussex Joint Waste Contract (Kier)", "joint contract or procurement"),
        ("Devon-Somerset Trading Standards", "not stated"),
    ],
)
def test_form(name, form):
    assert collaboration_form(name)[0] == form


def test_split_partners():
    assert split_partners("Hammersmith and Fulham; Kensington and Chelsea;  ") == (
        "Hammersmith and Fulham",
        "Kensington and Chelsea",
    )


def test_filters(dataset):
    s = dataset.schemes
    waste = filter_schemes(s, service_areas=["Waste and environment"])
    assert len(waste) == 7
    harrow = filter_schemes(s, partner_id="HRW")
    assert all("HRW" in ids for ids in harrow["partner_ids"]) and len(harrow) >= 3
    assert filter_schemes(s, with_figure_only=True)["has_figure"].all()
    assert len(filter_schemes(s)) == len(s)
