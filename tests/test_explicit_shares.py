"""Explicit partner shares end to end: a register whose rows state each partner's share ("Partner
shares": one number per partner, in the order the partners are listed, as the template says); with the
explicit method each council's part is the amount × its stated share; shares that cannot be used are
reported and the split falls back to equal; the Councils page shows the apportioned figure."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis.arithmetic.assessment import Options, assess
from analysis.uploads.pipeline import merge_uploads, read_uploaded_file
from analysis.uploads.schemes import ReadOptions, _shares

ROOT = Path(__file__).resolve().parents[1]
HEADER = "Scheme,Partners,Annual saving (£),Year,Partner shares\n"

# scheme -> (partners as written, council ids, amount £, shares as written, the shares they state)
STATED = {
    "Shared waste": ("Adur; Worthing", ("ADU", "WOT"), 1_000_000, "30;70", (30, 70)),
    "Shared legal": ("Harrow; Barnet; Brent", ("HRW", "BNE", "BEN"), 600_000, "20%; 30%; 50%", (20, 30, 50)),
    "Shared IT": ("Cherwell, South Norfolk", ("CHR", "SNO"), 450_000, "0.25 / 0.75", (0.25, 0.75)),
}
# shares that do not sum to one whole: normalised (savings.apportion, "normalised to sum to 1")
UNNORMALISED = {"Shared audit": ("Mid Suffolk; Babergh", ("MSU", "BAB"), 400_000, "30;30", (30, 30))}
# shares that cannot be used: reported on the shares column, ignored, and the split is equal
MALFORMED = {
    "Shared fraud": ("Hart; Rushmoor", ("HAT", "RUH"), 200_000, "40", "'40' does not give one share for each of the 2"),
    "Shared payroll": ("Adur; Worthing", ("ADU", "WOT"), 300_000, "half each", "does not give one share for each"),
    "Shared parking": ("Harrow; Barnet", ("HRW", "BNE"), 100_000, "0;0", "does not give one share for each"),
}


def register(rows: dict) -> bytes:
    lines = [f'{name},"{spec[0]}","{spec[2]:,}",2016,"{spec[3]}"\n' for name, spec in rows.items()]
    return (HEADER + "".join(lines)).encode("utf-8")


ALL = STATED | UNNORMALISED | MALFORMED
DATA = register(ALL)


@pytest.fixture(scope="module")
def result(dataset):
    return read_uploaded_file(DATA, "shares.csv", dataset)


def _parts(dataset, result, method: str) -> dict[tuple[str, str], tuple[float, str]]:
    """(scheme name, council) -> (apportioned £, method used) with only the uploaded register."""
    a = assess(merge_uploads(dataset, [result], "replace"), Options(method=method))
    names = dict(zip(a.schemes["scheme_id"], a.schemes["scheme_name"]))
    return {(names[r.scheme_id], r.council_id): (r.apportioned_gbp, r.method) for r in a.apportioned.itertuples()}


def test_the_shares_column_is_read_as_partner_shares(result):
    fields = dict(zip(result.location.mapping["header"], result.location.mapping["field"]))
    assert fields["Partner shares"] == "partner_shares"
    s = result.schemes.set_index("scheme_name")
    for name, (_, ids, _, _, stated) in (STATED | UNNORMALISED).items():
        assert s.at[name, "partner_ids"] == ids
        assert s.at[name, "partner_shares"] == pytest.approx(tuple(x / sum(stated) for x in stated))


def test_explicit_parts_are_the_amount_times_the_stated_share(dataset, result):
    parts = _parts(dataset, result, "explicit")
    for name, (_, ids, amount, _, stated) in (STATED | UNNORMALISED).items():
        for council, share in zip(ids, stated):
            got, used = parts[(name, council)]
            assert used == "explicit", name
            assert got == pytest.approx(amount * share / sum(stated)), (name, council)
    assert parts[("Shared waste", "WOT")][0] == pytest.approx(700_000)  # 70% of £1m
    assert parts[("Shared audit", "MSU")][0] == pytest.approx(200_000)  # 30:30 is half each


def test_the_other_methods_ignore_the_shares(dataset, result):
    equal = _parts(dataset, result, "equal")
    budget = _parts(dataset, result, "budget")
    for name, (_, ids, amount, _, _) in STATED.items():
        for council in ids:
            assert equal[(name, council)] == (pytest.approx(amount / len(ids)), "equal")
            assert budget[(name, council)][1] == "budget"
    assert budget[("Shared waste", "WOT")][0] != pytest.approx(700_000)


def test_shares_that_do_not_sum_to_one_are_normalised_with_a_warning(result):
    summary = result.row_summary.set_index("row")
    row = 2 + list(ALL).index("Shared audit")
    assert summary.at[row, "outcome"] == "used with warning"
    lines = result.report[(result.report["row"] == row) & (result.report["column"] == "Partner shares")]
    assert lines["reason"].tolist() == ["shares '30;30' sum to 60, not 100%: scaled to sum to 100%"]
    for name in STATED:  # shares that are a whole, as percentages or fractions, are read without a word
        row = 2 + list(ALL).index(name)
        assert summary.at[row, "outcome"] == "used", name


@pytest.mark.parametrize(
    ("written", "n", "shares", "scaled"),
    [
        ("30;70", 2, (0.3, 0.7), False),
        ("0.25 / 0.75", 2, (0.25, 0.75), False),
        ("33.3; 33.3; 33.3", 3, (1 / 3, 1 / 3, 1 / 3), False),  # a whole written with rounding
        ("60-40", 2, (0.6, 0.4), False),  # a dash between two numbers is not a minus sign
        ("1:2", 2, (1 / 3, 2 / 3), True),
        ("30;30", 2, (0.5, 0.5), True),
        ("0; 100", 2, (0.0, 1.0), False),
        ("", 2, None, False),
        (None, 2, None, False),
    ],
)
def test_shares_as_written(written, n, shares, scaled):
    got, note = _shares(written, n)
    assert (got is None) == (shares is None) and (got is None or got == pytest.approx(shares))
    assert (note is not None) == scaled
    if scaled:
        assert note.endswith("scaled to sum to 100%")


@pytest.mark.parametrize(
    ("written", "n"), [("-20;120", 2), ("20; -30; 110", 3), ("\u221220;120", 2), ("0;0", 2), ("40", 2)]
)
def test_shares_that_cannot_be_used(written, n):
    with pytest.raises(ValueError, match=f"'{written}'"):
        _shares(written, n)


@pytest.mark.parametrize("name", list(MALFORMED))
def test_malformed_shares_are_reported_and_the_split_is_equal(dataset, result, name):
    _, ids, amount, written, reason = MALFORMED[name]
    row = 2 + list(ALL).index(name)
    lines = result.report[result.report["row"] == row]
    warning = lines[lines["column"] == "Partner shares"]
    assert warning["outcome"].tolist() == ["used with warning"]
    assert reason in warning["reason"].iat[0] and warning["reason"].iat[0].endswith("shares ignored")
    assert f"'{written}'" in warning["reason"].iat[0]
    assert result.schemes.set_index("scheme_name").at[name, "partner_shares"] is None
    parts = _parts(dataset, result, "explicit")
    for council in ids:
        assert parts[(name, council)] == (pytest.approx(amount / len(ids)), "equal (fallback)")


def test_a_negative_share_is_reported_not_read_as_positive(dataset):
    data = register({"Shared HR": ("Hart; Rushmoor", ("HAT", "RUH"), 200_000, "-20;120", None)})
    result = read_uploaded_file(data, "negative.csv", dataset)
    warning = result.report[result.report["column"] == "Partner shares"]
    assert warning["outcome"].tolist() == ["used with warning"]
    assert result.schemes["partner_shares"].iat[0] is None


def test_an_unmatched_partner_falls_back_to_equal_until_its_name_is_fixed(dataset):
    data = register({"Shared fraud hub": ("Adur; Atlantis DC; Worthing", None, 300_000, "20;30;50", None)})
    before = read_uploaded_file(data, "hub.csv", dataset)
    assert list(before.unmatched["name"]) == ["Atlantis DC"]
    parts = _parts(dataset, before, "explicit")
    assert parts == {
        ("Shared fraud hub", "ADU"): (pytest.approx(150_000), "equal (fallback)"),
        ("Shared fraud hub", "WOT"): (pytest.approx(150_000), "equal (fallback)"),
    }
    fixed = read_uploaded_file(data, "hub.csv", dataset, options=ReadOptions(name_overrides={"Atlantis DC": "BNH"}))
    assert fixed.unmatched.empty
    parts = _parts(dataset, fixed, "explicit")
    for council, share in zip(("ADU", "BNH", "WOT"), (20, 30, 50)):
        assert parts[("Shared fraud hub", council)] == (pytest.approx(300_000 * share / 100), "explicit")


# --- the Councils page --------------------------------------------------------------------------------------------


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _councils_page_with_upload(method: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["method"] = method
    at.run()
    at.switch_page(str(ROOT / "views/upload.py")).run()
    at.file_uploader[0].upload("shares.csv", register(STATED), "text/csv").run()
    next(r for r in at.radio if r.label == "Your schemes are").set_value("replace").run()
    at.switch_page(str(ROOT / "views/councils.py")).run()
    assert not at.exception
    at.selectbox[0].select("WOT").run()
    assert not at.exception
    return at


def test_the_councils_page_shows_the_explicit_part():
    """Worthing's part of the £1m it shares with Adur at 30:70 is £700k; with only the uploaded register
    that is all its apportioned saving."""
    at = _councils_page_with_upload("explicit")
    method = next(r for r in at.sidebar.radio if r.label.startswith("Split a scheme's saving"))
    assert method.value == "explicit"
    expected = 1_000_000 * 70 / 100
    assert _metrics(at)["Apportioned annual savings"] == f"£{expected / 1e3:.0f}k"
    table = next(d.value for d in at.dataframe if "Its part £ (apportioned)" in d.value.columns)
    assert table["Its part £ (apportioned)"].tolist() == [pytest.approx(expected)]
    method.set_value("equal").run()
    assert _metrics(at)["Apportioned annual savings"] == f"£{1_000_000 / 2 / 1e3:.0f}k"
