"""The Upload page's editors in AppTest: the column mapping (change the field a column holds and the file
is read again that way) and the name fixes (choose the council an unmatched name means and the row is used
with that partner, on every page). Editors are edited the way AppTest allows: their edit state is set on
the session before a run."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.source_figures import ECODES, council_figure, partners_figure

ROOT = Path(__file__).resolve().parents[1]
REGISTER = (
    b"Scheme,Partners,Saving,Basis,Year\n"
    b"Shared waste,Adur; Worthing,1200000,annual,2015\n"
    b"Shared legal,Atlantis DC,500000,annual,2016\n"
)
WORTHING = "Worthing (SD, WOT)"  # how the name-fix editor lists a council


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _counts(at) -> tuple[int, int, int]:
    m = _metrics(at)
    return int(m["Used"]), int(m["Used with warnings"]), int(m["Rejected"])


def _editor(at, prefix: str):
    return next(d for d in at.data_editor if d.key and d.key.startswith(f"ssd.upload.{prefix}."))


def _edit(at, prefix: str, row: int, column: str, value: object) -> AppTest:
    """Set one cell of an editor, as a user would, and rerun the page."""
    at.session_state[_editor(at, prefix).key] = {
        "edited_rows": {row: {column: value}},
        "added_rows": [],
        "deleted_rows": [],
    }
    return at.run()


def _read_table(at) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if "savings_gbp" in d.value.columns)


def _scheme_table(at) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if "Share of partners' budget %" in d.value.columns).set_index("Scheme")


@pytest.fixture
def uploaded() -> AppTest:
    """The register uploaded, replacing the bundled one (so every figure on the pages is from it)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page(str(ROOT / "views/upload.py")).run()
    at.file_uploader[0].upload("register.csv", REGISTER, "text/csv").run()
    next(r for r in at.radio if r.label == "Your schemes are").set_value("replace").run()
    assert not at.exception
    assert _counts(at) == (1, 1, 0)  # Shared legal's partner is not matched
    return at


# --- the mapping editor ---------------------------------------------------------------------------------------------


def test_a_column_mapped_to_ignore_is_no_longer_read(uploaded):
    at = uploaded
    mapping = _editor(at, "mapping").value
    assert list(mapping["header"]) == ["Scheme", "Partners", "Saving", "Basis", "Year"]
    assert list(_read_table(at)["basis"]) == ["annual", "annual"]
    _edit(at, "mapping", 3, "field", "(ignore)")  # the Basis column
    assert not at.exception
    assert _editor(at, "mapping").value.at[3, "field"] == "(ignore)"
    assert list(_read_table(at)["basis"]) == ["", ""]
    assert _counts(at) == (0, 2, 0)  # both rows now warn that the basis is not stated
    report = next(d.value for d in at.dataframe if {"row", "outcome", "reason"} <= set(d.value.columns))
    assert (report["reason"].str.contains("basis not stated").groupby(report["row"]).any()).tolist() == [
        False,
        True,
        True,
    ]
    at.switch_page(str(ROOT / "views/schemes.py")).run()
    assert not at.exception
    table = _scheme_table(at)
    assert not table["Counted in totals"].any()  # a figure whose basis is unknown is shown, never counted


def test_a_column_read_as_another_field_moves_its_values(uploaded):
    at = uploaded
    assert list(_read_table(at)["year_reported"]) == [2015, 2016]
    _edit(at, "mapping", 4, "field", "Start year")  # the Year column held the start, say
    assert not at.exception
    read = _read_table(at)
    assert list(read["start_year"]) == [2015, 2016]
    assert read["year_reported"].isna().all()
    assert _editor(at, "mapping").value.at[4, "field"] == "Start year"


# --- the name-fix editor --------------------------------------------------------------------------------------------


def test_fixing_an_unmatched_name_uses_the_row_with_that_partner(uploaded):
    at = uploaded
    names = _editor(at, "names").value
    assert list(names["name"]) == ["Atlantis DC"] and names["council"].isna().all()
    assert any("could not be matched" in w.value for w in at.warning)
    at.switch_page(str(ROOT / "views/schemes.py")).run()
    before = _scheme_table(at)
    assert pd.isna(before.at["Shared legal", "Share of partners' budget %"])  # no partner, no share
    waste = 1.2e6 / partners_figure(("ADU", "WOT"), "2015-16")  # reported 2015: 2015-16 outturn
    assert before.at["Shared waste", "Share of partners' budget %"] == pytest.approx(100 * waste)
    assert _metrics(at)["Median share of partners' budget"] == f"{100 * waste:.2f}%"

    at.switch_page(str(ROOT / "views/upload.py")).run()
    _edit(at, "names", 0, "council", WORTHING)
    assert not at.exception
    assert _counts(at) == (2, 0, 0)
    assert not any("could not be matched" in w.value for w in at.warning)
    assert any("Every council name was matched" in c.value for c in at.caption)

    at.switch_page(str(ROOT / "views/schemes.py")).run()
    assert not at.exception
    after = _scheme_table(at)
    legal = 5e5 / council_figure("2016-17", ECODES["WOT"][0])  # reported 2016: Worthing's 2016-17 outturn
    assert after.at["Shared legal", "Share of partners' budget %"] == pytest.approx(100 * legal)
    assert after.at["Shared legal", "Spending year"] == "2016-17"
    assert _metrics(at)["Median share of partners' budget"] == f"{100 * (waste + legal) / 2:.2f}%"

    at.switch_page(str(ROOT / "views/councils.py")).run()
    at.selectbox[0].select("WOT").run()
    assert not at.exception
    parts = next(d.value for d in at.dataframe if "Its part £ (apportioned)" in d.value.columns).set_index("Scheme")
    assert parts.at["Shared legal", "Its part £ (apportioned)"] == pytest.approx(5e5)  # its only partner


# --- found while writing these tests --------------------------------------------------------------------------------


def test_the_schemes_page_renders_a_register_reported_in_one_year():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page(str(ROOT / "views/upload.py")).run()
    at.file_uploader[0].upload("one-year.csv", REGISTER.replace(b",2015\n", b",2016\n"), "text/csv").run()
    next(r for r in at.radio if r.label == "Your schemes are").set_value("replace").run()
    at.switch_page(str(ROOT / "views/schemes.py")).run()
    assert not at.exception
    assert _metrics(at)["Schemes shown"] == "2"
    assert any("reported in 2016" in c.value for c in at.caption)


def test_the_schemes_page_renders_a_register_without_years():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page(str(ROOT / "views/upload.py")).run()
    at.file_uploader[0].upload(
        "no-year.csv", REGISTER.replace(b",2015\n", b",\n").replace(b",2016\n", b",\n"), "text/csv"
    ).run()
    next(r for r in at.radio if r.label == "Your schemes are").set_value("replace").run()
    at.switch_page(str(ROOT / "views/schemes.py")).run()
    assert not at.exception
    assert any("No scheme in use states the year" in c.value for c in at.caption)
