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
    report = next(d.value for d in at.dataframe if {"row", "outcome", "reason"} <= set(d.value.columns))
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


# --- identity by content: same-named files in two sessions, an edited re-upload ------------------------------------


def _register_csv(savings: str) -> bytes:
    return f"Scheme,Partners,Annual saving (£),Year\nShared waste,Adur; Worthing,{savings},2016\n".encode("cp1252")


def _expected_national(dataset, data: bytes) -> str:
    """The Overview's counted-savings line for one file, computed by the analysis layer alone."""
    from analysis.arithmetic.assessment import Options, assess
    from analysis.outputs.formatting import format_gbp
    from analysis.uploads.pipeline import merge_uploads, read_uploaded_file

    merged = merge_uploads(dataset, [read_uploaded_file(data, "register.csv", dataset)], "add")
    a = assess(merged, Options("revenue_expenditure", False, "budget"))
    return f"{format_gbp(a.national['annual_savings_gbp'])} a year"


def _overview_line(at) -> str:
    at.switch_page(str(ROOT / "views/overview.py")).run()
    assert not at.exception
    metric = next(m for m in at.metric if m.label.startswith("This register"))
    return str(metric.proto.body) + " | " + metric.proto.delta


def _schemes_saving(at) -> str:
    at.switch_page(str(ROOT / "views/schemes.py")).run()
    assert not at.exception
    return _metrics(at)["Counted annual savings (each scheme once)"]


def test_two_sessions_with_same_named_files_each_see_their_own_figures(dataset):
    sessions = []
    for savings in ("£40m", "£2.3m"):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.run()
        at.switch_page(str(ROOT / "views/upload.py")).run()
        at.file_uploader[0].upload("register.csv", _register_csv(savings), "text/csv").run()
        assert not at.exception and _metrics(at)["Used"] == "1"
        sessions.append(at)
    first, second = sessions
    lines = [_overview_line(at) for at in sessions]
    assert lines[0] != lines[1]
    assert _expected_national(dataset, _register_csv("£40m")) in lines[0]
    assert _expected_national(dataset, _register_csv("£2.3m")) in lines[1]
    assert _schemes_saving(first) != _schemes_saving(second)
    # the first session, back on its pages after the second uploaded, still sees its own figures
    assert _expected_national(dataset, _register_csv("£40m")) in _overview_line(first)


def test_an_edited_re_upload_under_the_same_name_shows_the_new_figures(dataset, upload_page):
    at = upload_page
    at.file_uploader[0].upload("register.csv", _register_csv("£40m"), "text/csv").run()
    before = _overview_line(at)
    at.switch_page(str(ROOT / "views/upload.py")).run()
    at.file_uploader[0].upload("register.csv", _register_csv("£750k"), "text/csv").run()
    assert not at.exception
    assert [s.value.replace("\\", "") for s in at.subheader].count("register.csv") == 1  # one version kept
    after = _overview_line(at)
    assert after != before and _expected_national(dataset, _register_csv("£750k")) in after


# --- never a dead end: a table that cannot be detected is read by choosing its header row and columns -------------

UNDETECTABLE = (
    "Shared services in our area\n"
    "Compiled from council papers\n"
    "Ref,Who,What,How much,When\n"
    "1,Adur; Worthing,Waste collection,£1.2m a year,2016/17\n"
    '2,Harrow; Barnet,Legal services,"£670,000",2015\n'
).encode("cp1252")


def test_an_undetectable_table_is_read_after_choosing_the_header_row_and_columns(upload_page):
    at = upload_page
    at.file_uploader[0].upload("notes.csv", UNDETECTABLE, "text/csv").run()
    assert not at.exception
    assert any("No table that looks like" in e.value.replace("\\", "") for e in at.error)
    assert any("header row" in e.value for e in at.error)  # the message points to the way forward
    preview = next(d.value for d in at.dataframe if list(d.value.columns[:2]) == ["row", "A"])
    assert list(preview["A"][:3]) == ["Shared services in our area", "Compiled from council papers", "Ref"]
    next(n for n in at.number_input if n.label.startswith("Header row")).set_value(3).run()
    next(s for s in at.selectbox if s.label == "Partner councils").set_value(1).run()
    next(s for s in at.selectbox if s.label == "Service area").set_value(2).run()
    next(s for s in at.selectbox if s.label == "Savings (£)").set_value(3).run()
    next(s for s in at.selectbox if s.label == "Year reported").set_value(4).run()
    next(b for b in at.button if b.label.startswith("Read the file with this header row")).click().run()
    assert not at.exception
    m = _metrics(at)
    assert (m["Rows in the sheet"], m["Used"], m["Used with warnings"], m["Rejected"]) == ("5", "1", "1", "0")
    read = next(d.value for d in at.dataframe if "savings_gbp" in d.value.columns)
    assert list(read["savings_gbp"]) == [1_200_000, 670_000]
    assert list(read["basis"]) == ["annual", ""]
    at.switch_page(str(ROOT / "views/schemes.py")).run()
    assert _metrics(at)["Schemes shown"] == str(98 + 2)
