"""The living register's pure logic: versions from the seed and approved changes, diffs between versions,
proposals checked as uploaded rows are, likely duplicates and who is an editor."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.curation.duplicates import likely_duplicates
from analysis.curation.proposals import check_form, check_upload_row, email_problem, source_problems
from analysis.curation.versions import REGISTER_COLUMNS, Change, diff_versions, for_download, raw_at, schemes_at
from analysis.dataset import DATA_DIR
from analysis.schemes.register import read_raw_register
from analysis.uploads.pipeline import read_uploaded_file
from store.editors import auth_configured, editor_rule, is_editor, session_expired
from tests.messy import messy_scheme_workbook
from tests.test_upload import ROWS

SEED = read_raw_register(DATA_DIR / "schemes" / "schemes.csv")
NEW = {
    "scheme_name": "Adur and Worthing joint waste service",
    "partner_councils": "Adur; Worthing",
    "service_area": "Waste collection",
    "savings_gbp": "£1.2m",
    "savings_basis": "annual",
    "year_reported": "2016",
    "start_year": "2012",
    "source_url": "https://www.adur-worthing.gov.uk/news/waste",
    "source_quote": "The joint service saves £1.2m a year.",
}


def _row(**over: str) -> dict[str, str]:
    return {c: "" for c in REGISTER_COLUMNS} | over


def test_version_one_is_the_seed_exactly(dataset):
    raw = raw_at(SEED, [], 1)
    assert list(raw["scheme_id"]) == list(SEED["scheme_id"])
    pd.testing.assert_frame_equal(schemes_at(raw, dataset.index), dataset.schemes)


def test_changes_apply_in_order_up_to_the_version():
    changed = dict(SEED.iloc[0][list(REGISTER_COLUMNS)]) | {"savings_gbp": "41000000"}
    log = [
        Change(2, "P0001", "add", _row(scheme_name="First")),
        Change(3, "S001", "change", changed),
        Change(4, "P0001", "remove", None),
    ]
    assert len(raw_at(SEED, log, 1)) == len(SEED)
    v2 = raw_at(SEED, log, 2)
    assert len(v2) == len(SEED) + 1 and v2.iloc[-1]["scheme_name"] == "First"
    v3 = raw_at(SEED, log, 3)
    assert v3.set_index("scheme_id").at["S001", "savings_gbp"] == "41000000"
    assert v3.set_index("scheme_id").at["S001", "source_row"] == 2  # a corrected row keeps its place in the seed
    assert "P0001" not in set(raw_at(SEED, log, 4)["scheme_id"])
    assert raw_at(SEED, list(reversed(log)), 3).equals(v3)  # the log's order does not matter, the versions do


def test_diff_names_added_changed_and_removed_rows():
    changed = dict(SEED.iloc[1][list(REGISTER_COLUMNS)]) | {"status": "ended", "notes": '=HYPERLINK("x")'}
    log = [Change(2, "P0001", "add", _row(scheme_name="New one")), Change(3, "S002", "change", changed)]
    old, new = raw_at(SEED, [], 1), raw_at(SEED, log, 3)
    diff = diff_versions(old, new)
    assert list(diff.added["scheme_name"]) == ["New one"]
    assert set(diff.changed["column"]) == {"notes"} | ({"status"} if SEED.iloc[1]["status"] != "ended" else set())
    assert diff.removed.empty
    back = diff_versions(new, old)
    assert list(back.removed["scheme_id"]) == ["P0001"] and back.added.empty
    assert diff_versions(new, new).empty


@given(st.lists(st.sampled_from(list(SEED["scheme_id"])), max_size=6, unique=True), st.integers(0, 4))
def test_a_diff_accounts_for_every_row(edits, adds):
    log = [
        Change(
            2 + i,
            sid,
            "change",
            dict(SEED.set_index("scheme_id").loc[sid, list(REGISTER_COLUMNS)]) | {"notes": f"edit {i}"},
        )
        for i, sid in enumerate(edits)
    ]
    log += [Change(2 + len(edits) + i, f"P{i:04d}", "add", _row(scheme_name=f"Added {i}")) for i in range(adds)]
    top = 1 + len(log)
    diff = diff_versions(raw_at(SEED, [], 1), raw_at(SEED, log, top))
    assert len(diff.added) == adds
    seed = SEED.set_index("scheme_id")
    assert set(diff.changed["scheme_id"]) == {
        sid for i, sid in enumerate(edits) if seed.at[sid, "notes"] != f"edit {i}"
    }
    assert len(for_download(raw_at(SEED, log, top))) == len(SEED) + adds


def test_a_good_proposal_is_read_as_an_upload_row_is(dataset):
    check = check_form(NEW, dataset)
    assert check.ok, check.problems
    assert check.row["savings_gbp"] == "1200000" and check.row["savings_basis"] == "annual"
    assert list(check.report["outcome"]) == ["skipped", "used"]  # the same row report as an upload


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"source_url": ""}, "Give the source"),
        ({"source_url": "javascript:alert(1)"}, "web link"),
        ({"source_quote": " "}, "Quote the sentence"),
        ({"savings_basis": ""}, "annual, cumulative, one-off or projected"),
        ({"savings_gbp": "about a lot"}, "not an amount of money"),
        ({"scheme_name": "", "partner_councils": ""}, "Name the partner councils"),
        ({"partner_councils": " "}, "Name the partner councils"),
        ({"scheme_name": ""}, "Give the scheme's name"),
        ({"notes": "x" * 1001}, "longer than"),
    ],
)
def test_a_proposal_without_what_it_needs_is_refused(dataset, change, says):
    check = check_form(NEW | change, dataset)
    assert not check.ok
    assert any(says in p for p in check.problems), check.problems


def test_an_unmatched_partner_is_a_warning_the_editor_sees(dataset):
    check = check_form(NEW | {"partner_councils": "Adur; Nowhere-on-Sea"}, dataset)
    assert check.ok and any("Nowhere-on-Sea" in w for w in check.warnings)


def test_a_row_picked_from_an_upload(dataset):
    result = read_uploaded_file(messy_scheme_workbook(ROWS), "register.xlsx", dataset)
    first = int(result.schemes["source_row"].iloc[0])
    check = check_upload_row(result, first, "https://example.org/report.pdf", "saves £1m a year")
    assert check.row["scheme_name"] == result.schemes["scheme_name"].iloc[0]
    assert check.row["source_url"] == "https://example.org/report.pdf"
    assert set(check.report["row"]) == {first}
    assert any("Quote the sentence" in p for p in check_upload_row(result, first, "", "").problems)
    assert not check_upload_row(result, 10_000, "https://example.org", "q").ok


def test_emails_are_optional_but_must_look_like_one():
    assert email_problem("") is None and email_problem("a@b.org") is None
    assert email_problem("not an email") and email_problem("a@b")


def test_source_problems_on_a_complete_row():
    assert (
        source_problems(_row(source_url="https://x.org/a", source_quote="q", savings_gbp="1", savings_basis="annual"))
        == []
    )


def test_likely_duplicates_find_the_same_partners_and_similar_names(dataset):
    tri = dataset.schemes.iloc[0]
    found = likely_duplicates("Tri borough shared services", tri["partner_ids"], tri["service_area"], dataset.schemes)
    assert found["scheme_id"].iloc[0] == "S001" and "same partners" in found["why"].iloc[0]
    assert (found["score"].diff().dropna() <= 0).all()
    assert likely_duplicates("Zzz qqq", (), "", dataset.schemes).empty


@pytest.mark.parametrize(
    ("claims", "editor"),
    [
        ({"email": "ana@council.gov.uk", "email_verified": True}, True),
        ({"email": "ANA@Council.gov.uk", "email_verified": True}, True),
        ({"email": "bob@shared.org.uk", "email_verified": True}, True),
        ({"email": "bob@notshared.org.uk", "email_verified": True}, False),
        ({"email": "ana@council.gov.uk", "email_verified": False}, False),
        ({"email": "ana@council.gov.uk"}, False),  # the provider does not say it checked the address
        ({"email": "bob@shared.org.uk"}, False),
        ({"email": ""}, False),
        ({}, False),
    ],
)
def test_who_is_an_editor(claims, editor):
    rule = editor_rule({"emails": ["ana@council.gov.uk"], "domains": ["@shared.org.uk"]}, {})
    assert is_editor(claims, rule) is editor


def test_editor_rule_from_the_environment_adds_to_the_secrets():
    rule = editor_rule({"emails": ["a@x.org"]}, {"SSD_EDITORS": "b@y.org, @z.org", "SSD_EDITOR_SESSION_HOURS": "2"})
    assert rule.emails == {"a@x.org", "b@y.org"} and rule.domains == {"z.org"} and rule.session_hours == 2
    assert not editor_rule(None, {}).anyone


def test_a_sign_in_expires():
    rule = editor_rule({"session_hours": 1}, {})
    assert not session_expired({"iat": 1000}, rule, 1000 + 3599)
    assert session_expired({"iat": 1000}, rule, 1000 + 3601)
    assert session_expired({"exp": 50}, rule, 51) and not session_expired({"exp": 50}, rule, 49)
    assert session_expired({}, rule, 0) and session_expired({"iat": "soon"}, rule, 0)


def test_auth_is_configured_only_with_every_key():
    full = {k: "x" for k in ("redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url")}
    assert auth_configured(full)
    assert not auth_configured(full | {"client_secret": ""}) and not auth_configured(None)


def test_a_version_downloads_formula_safe():
    from analysis.outputs.export import to_csv_bytes, to_xlsx_bytes

    log = [Change(2, "P0001", "add", _row(scheme_name='=HYPERLINK("http://x")', notes="+1+1", source_quote="@SUM(A1)"))]
    table = for_download(raw_at(SEED, log, 2))
    text = to_csv_bytes(table).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'+1+1" in text and "'@SUM" in text
    assert to_xlsx_bytes({"Register v2": table})[:2] == b"PK"
