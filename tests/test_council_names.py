"""Real name variants through the matcher, including ones that must not match."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.councils.names import match_council, match_councils, normalise_council_name

MATCHED = [
    ("LB Harrow", "HRW"),
    ("Harrow Council", "HRW"),
    ("London Borough of Harrow", "HRW"),
    ("Bucks CC", "BKM"),
    ("Buckinghamshire County Council", "BKM"),
    ("Vale of White Horse DC", "VAL"),
    ("Vale of White Horse District Council", "VAL"),
    ("King's Lynn & West Norfolk", "KIN"),
    ("Borough Council of King's Lynn and West Norfolk", "KIN"),
    ("City of Lincoln", "LIC"),
    ("Lincoln", "LIC"),
    ("Kingston-upon-Thames", "KTT"),
    ("Royal Borough of Kingston upon Thames", "KTT"),
    ("RBKC", "KEC"),
    ("Kensington & Chelsea", "KEC"),
    ("LBHF", "HMF"),
    ("Hammersmith & Fulham", "HMF"),
    ("BCP", "BPC"),
    ("BANES", "BAS"),
    ("B&NES", "BAS"),
    ("St Albans City & District Council", "SAL"),
    ("Saint Albans", "SAL"),
    ("St. Helens", "SHN"),
    ("Stoke on Trent", "STE"),
    ("Westminster City Council", "WSM"),
    ("City of London", "LND"),
    ("Brighton & Hove", "BNH"),
    ("Telford & Wrekin", "TFW"),
    ("N Somerset", "NSM"),
    ("Herts CC", "HRT"),
    ("Leeds CC", "LDS"),
    ("Windsor & Maidenhead RB", "WNM"),
    ("Shepway", "SHE"),
    ("Tunbridge Wels", "TUN"),
    ("E09000020", "KEC"),
    ("E5016", "KEC"),
    ("Northants CC", "NTH"),
    ("Newcastle-under-Lyme BC", "NEC"),
    ("Wigan MBC", "WGN"),
    ("County Durham", "DUR"),
]
NOT_MATCHED = [
    "Newcastle",
    "Kingston",
    "Richmond",
    "Buckinghamshire",
    "Dorset",
    "Somerset",
    "London",
    "Sheffield Hallam University",
    "",
    "Harrow and Barnet",
    "Council",
    "zzzz",
]


@pytest.mark.parametrize(("name", "council_id"), MATCHED)
def test_real_variants_match(dataset, name, council_id):
    m = match_council(name, dataset.index)
    assert (m.result, m.council_id) == ("matched", council_id), m


@pytest.mark.parametrize("name", NOT_MATCHED)
def test_ambiguous_or_weak_names_come_back_unmatched(dataset, name):
    m = match_council(name, dataset.index)
    assert m.result in {"ambiguous", "unmatched"}
    assert m.council_id is None


def test_ambiguous_names_list_the_candidates(dataset):
    m = match_council("Newcastle", dataset.index)
    assert m.result == "ambiguous"
    assert {"Newcastle upon Tyne (MD)", "Newcastle-under-Lyme (SD)"} == set(m.suggestions)


def test_weak_names_come_with_suggestions(dataset):
    m = match_council("Richmond", dataset.index)
    assert "Richmond upon Thames" in m.suggestions


@pytest.mark.parametrize(
    ("name", "year", "council_id"),
    [
        ("Buckinghamshire", 2017, "BKM"),
        ("Buckinghamshire", 2021, "BUC"),
        ("Dorset", 2010, "DOR"),
        ("Dorset", 2020, "DST"),
        ("Northamptonshire", 2012, "NTH"),
    ],
)
def test_year_settles_reorganised_councils(dataset, name, year, council_id):
    assert match_council(name, dataset.index, year).council_id == council_id


def test_fuzzy_matches_carry_a_score(dataset):
    m = match_council("Tunbridge Wels", dataset.index)
    assert m.method == "fuzzy"
    assert 90 <= m.score < 100


def test_match_councils_one_row_per_distinct_name(dataset):
    table = match_councils(["Harrow", "Harrow", "Newcastle"], dataset.index)
    assert list(table["query"]) == ["Harrow", "Newcastle"]


@pytest.mark.parametrize(
    ("text", "core", "hints"),
    [
        ("Bucks CC", "buckinghamshire", {"SC"}),
        ("LB Harrow", "harrow", {"L"}),
        ("Wigan Metropolitan Borough Council", "wigan", {"MD"}),
        ("City of London", "city of london", set()),
    ],
)
def test_normalise(text, core, hints):
    assert normalise_council_name(text) == (core, frozenset(hints))


@given(st.text(max_size=60))
def test_matcher_never_raises_and_never_matches_without_a_council(dataset, text):
    m = match_council(text, dataset.index)
    assert m.result in {"matched", "ambiguous", "unmatched"}
    assert (m.council_id is not None) == (m.result == "matched")


# Names built from the designation words themselves find what plain random text rarely does.
_DESIGNATIONS = st.lists(
    st.sampled_from(["city", "of", "the", "council", "county", "cc", "lb", "york", "london", "borough", "st", "and"]),
    max_size=8,
).map(" ".join)


@given(st.one_of(st.text(max_size=60), _DESIGNATIONS))
def test_normalising_is_idempotent(text):
    core, _ = normalise_council_name(text)
    assert normalise_council_name(core)[0] == core


@pytest.mark.parametrize(
    ("text", "core"),
    [("city of city of york", "york"), ("City of York Council", "york"), ("The City of London", "city of london")],
)
def test_normalising_strips_repeated_designations(text, core):
    assert normalise_council_name(text)[0] == core
