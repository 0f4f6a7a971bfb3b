"""The Upload page driven through AppTest's file_uploader: each format, each refusal, data flow."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.messy import messy_scheme_workbook
from tests.test_upload import ROWS

ROOT = Path(__file__).resolve().parents[1]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def upload_page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    return at.switch_page(str(ROOT / "views/upload.py")).run()


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_messy_workbook_shows_its_report(upload_page):
    at = upload_page
    at.file_uploader[0].upload("register.xlsx", messy_scheme_workbook(ROWS), XLSX).run()
    assert not at.exception
    m = _metrics(at)
    assert int(m["Used"]) + int(m["Used with warnings"]) == len(ROWS)
    total = sum(
        int(m[k]) for k in ("Used", "Used with warnings", "Rejected", "Skipped (titles, headers, totals, notes)")
    )
    assert total == int(m["Rows in the sheet"])
    report = next(d.value for d in at.dataframe if {"row", "status", "reason"} <= set(d.value.columns))
    assert len(report) >= int(m["Rows in the sheet"])
    assert any("could not be matched" in w.value for w in at.warning)


@pytest.mark.parametrize(
    ("name", "data", "mime"),
    [
        (
            "export.csv",
            "Scheme,Partners,Savings,Basis,Year\nShared legal,Harrow; Barnet,450000,annual,2016\n".encode("cp1252"),
            "text/csv",
        ),
        (
            "rs.xls",
            (
                ROOT / "data/spending/Revenue_Outturn_Summary__RS__data_2012-13_by_LA__Revised__-_18-Feb-2014.xls"
            ).read_bytes(),
            "application/vnd.ms-excel",
        ),
        (
            "rs.ods",
            (ROOT / "data/spending/RS_2023-24_data_by_LA.ods").read_bytes(),
            "application/vnd.oasis.opendocument.spreadsheet",
        ),
    ],
)
def test_each_format_is_read(upload_page, name, data, mime):
    at = upload_page
    at.file_uploader[0].upload(name, data, mime).run()
    assert not at.exception
    assert int(_metrics(at)["Used"]) >= 1
    assert not at.error


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.xlsx", b"", "is empty"),
        ("fake.xlsx", b"Scheme,Savings\n", "not a real .xlsx"),
        ("words.csv", b"hello\nworld\n", "No table"),
        ("<b>bold</b>.csv", b"\x00\x01", "binary data"),
    ],
)
def test_refusals_show_a_plain_message_and_the_app_keeps_working(upload_page, name, data, message):
    at = upload_page
    at.file_uploader[0].upload(name, data, "application/octet-stream").run()
    assert not at.exception
    assert any(message in e.value.replace("\\", "") for e in at.error)
    assert all("<b>" not in e.value for e in at.error)  # uploaded names are escaped, never rendered as HTML
    at.switch_page(str(ROOT / "views/overview.py")).run()
    assert not at.exception and _metrics(at)["Denominator"] == "£94.1bn"


def test_uploaded_schemes_flow_into_every_page_and_can_be_cleared(upload_page):
    at = upload_page
    at.file_uploader[0].upload("register.xlsx", messy_scheme_workbook(ROWS), XLSX).run()
    at.switch_page(str(ROOT / "views/schemes.py")).run()
    assert not at.exception
    assert _metrics(at)["Schemes shown"] == str(98 + len(ROWS))
    assert any("Including your uploaded data" in i.value for i in at.info)
    at.switch_page(str(ROOT / "views/upload.py")).run()
    assert int(_metrics(at)["Used"]) >= 1  # the upload survived the page switch
    next(r for r in at.radio if r.label == "Your schemes are").set_value("replace").run()
    at.switch_page(str(ROOT / "views/schemes.py")).run()
    assert _metrics(at)["Schemes shown"] == str(len(ROWS))
    at.switch_page(str(ROOT / "views/upload.py")).run()
    next(b for b in at.button if b.label == "Clear my data").click().run()
    at.switch_page(str(ROOT / "views/schemes.py")).run()
    assert _metrics(at)["Schemes shown"] == "98"
    assert not any("Including your uploaded data" in i.value for i in at.info)


def test_sessions_do_not_share_uploaded_data(upload_page):
    other = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    other.run()
    upload_page.file_uploader[0].upload("register.xlsx", messy_scheme_workbook(ROWS), XLSX).run()
    upload_page.switch_page(str(ROOT / "views/schemes.py")).run()
    other.switch_page(str(ROOT / "views/schemes.py")).run()
    assert _metrics(upload_page)["Schemes shown"] == str(98 + len(ROWS))
    assert _metrics(other)["Schemes shown"] == "98"


def test_unmatched_names_are_listed_on_the_page(upload_page):
    at = upload_page
    at.file_uploader[0].upload("register.xlsx", messy_scheme_workbook(ROWS), XLSX).run()
    assert any("could not be matched" in w.value for w in at.warning)
    names = next(d.value for d in at.dataframe if "suggestions" in d.value.columns)
    assert list(names["name"]) == ["Atlantis DC"]
