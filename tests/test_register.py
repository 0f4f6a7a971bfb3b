"""The council register: one record per council across years."""

from __future__ import annotations


def _rec(dataset, council_id):
    return dataset.register.set_index("council_id").loc[council_id]


def test_one_record_per_council(dataset):
    reg = dataset.register
    assert reg["council_id"].is_unique
    assert reg.loc[reg["ecode"] != "", "ecode"].is_unique


def test_every_spending_row_has_a_council(dataset):
    assert dataset.spending["council_id"].notna().all()


def test_post_2019_councils_get_ecodes_from_the_returns(dataset):
    for cid, ecode in {"BUC": "E0402", "BPC": "E1204", "WAF": "E0902", "NNT": "E2801", "ESK": "E3538"}.items():
        assert _rec(dataset, cid)["ecode"] == ecode


def test_lincolnshire_is_in_the_east_midlands(dataset):
    # mySociety says Yorkshire and The Humber; ONS and DCLG say East Midlands
    assert _rec(dataset, "LIN")["region"] == "East Midlands"


def test_abolished_council_has_successor_and_former_codes(dataset):
    bkm = _rec(dataset, "BKM")
    assert bkm["end_date"] == "2020-03-31"
    assert bkm["successor"] == "Buckinghamshire"
    assert "E07000097" in _rec(dataset, "EHE")["former_ons_codes"]


def test_old_years_get_ons_codes_from_the_register(dataset):
    sp = dataset.spending
    row = sp[(sp["year"] == "2010-11") & (sp["ecode"] == "E5016")].iloc[0]
    assert row["ons_code"] == "E09000020"
    assert row["region"] == "London"


def test_parent_county(dataset):
    assert _rec(dataset, "CHR")["county"] == "Oxfordshire"
