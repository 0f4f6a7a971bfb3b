"""The Map page follows the data in use: its cache is keyed on the data's identity, so switching an
upload between 'added to' and 'replacing' the bundled register redraws it (AppTest)."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
CSV = "Scheme,Partners,Savings,Basis,Year\nShared legal,Harrow; Barnet,450000,annual,2016\n".encode("cp1252")


def _map_table(at: AppTest):
    return next(d.value for d in at.dataframe if "shading" in d.value.columns)


def test_the_map_follows_add_or_replace():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.run()
    at.switch_page(str(ROOT / "views/map.py")).run()
    assert not at.exception
    bundled = _map_table(at)
    counted_bundled = set(bundled.loc[bundled["shading"] == "value", "council_id"])
    assert len(counted_bundled) > 10 and "value" in set(bundled["shading"])
    assert (bundled.loc[bundled["shading"] != "value", "value_text"] != "0.00%").all()  # never painted as 0%

    at.switch_page(str(ROOT / "views/upload.py")).run()
    at.file_uploader[0].upload("register.csv", CSV, "text/csv").run()
    next(r for r in at.radio if r.label == "Your schemes are").set_value("replace").run()
    at.switch_page(str(ROOT / "views/map.py")).run()
    replaced = _map_table(at)
    assert set(replaced.loc[replaced["shading"] == "value", "name"]) == {"Harrow", "Barnet"}

    at.switch_page(str(ROOT / "views/upload.py")).run()
    next(r for r in at.radio if r.label == "Your schemes are").set_value("add").run()
    at.switch_page(str(ROOT / "views/map.py")).run()
    added = _map_table(at)
    assert set(added.loc[added["shading"] == "value", "council_id"]) >= counted_bundled  # not the stale map
    assert {"Harrow", "Barnet"} <= set(added.loc[added["shading"] == "value", "name"])
