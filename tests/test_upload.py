"""Uploads: every accepted format, every refusal, messy layouts and fuzzed bytes."""

from __future__ import annotations

import contextlib
import io
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.errors import InputProblem
from analysis.outputs.export import defuse, to_csv_bytes, to_xlsx_bytes
from analysis.uploads.fields import mapping_from_json, mapping_to_json
from analysis.uploads.files import Limits
from analysis.uploads.pipeline import merge_uploads, read_uploaded_file
from analysis.uploads.schemes import ReadOptions
from analysis.uploads.template import template_workbook
from tests.messy import messy_scheme_workbook

DATA = Path(__file__).resolve().parents[1] / "data"

ROWS = [
    ["Joint waste contract", "Adur & Worthing", 1200, "p.a.", "2016/17", 2012],
    ["Shared HR", "LB Harrow / Barnet", 300, "to date", "FY18", "2014"],
    ["Revs and bens", "Malvern Hills, Wychavon and Worcester", "£0.5m", "annual", 2015, 2007],
    ["Anti-fraud hub", "Herts CC; Stevenage; Broxbourne", "", "", 2024, 2015],
    ["Typo partnership", "Tunbridge Wels and Sevenoaks", 250, "target", 2016, 2016],
    ["Lost partnership", "Atlantis DC", 100, "p.a.", 2016, 2015],
]


def _read(data: bytes, name: str, dataset, **kw):
    return read_uploaded_file(data, name, dataset, **kw)


def test_messy_workbook_reads_back_every_scheme(dataset):
    result = _read(messy_scheme_workbook(ROWS), "register.xlsx", dataset)
    s = result.schemes.set_index("scheme_name")
    assert result.kind == "schemes" and result.sheet == "Register"
    assert list(s.index) == [r[0] for r in ROWS]
    assert s.loc["Joint waste contract", "savings_gbp"] == 1_200_000  # £000 from the title row
    assert s.loc["Revs and bens", "savings_gbp"] == 500_000  # a unit in the cell wins
    assert s.loc["Shared HR", "basis"] == "cumulative" and s.loc["Typo partnership", "basis"] == "projected-annual"
    assert s.loc["Joint waste contract", "partner_ids"] == ("ADU", "WOT")
    assert s.loc["Shared HR", "partner_ids"] == ("HRW", "BNE")
    assert s.loc["Revs and bens", "partner_ids"] == ("MAV", "WYC", "WOC")
    assert s.loc["Anti-fraud hub", "partner_ids"] == ("HRT", "STV", "BRX")
    assert not s.loc["Anti-fraud hub", "has_figure"]  # kept, with no figure
    assert s.loc["Shared HR", "year_reported"] == 2017


def test_every_row_is_accounted_for(dataset):
    result = _read(messy_scheme_workbook(ROWS), "register.xlsx", dataset)
    summary = result.row_summary
    assert list(summary["row"]) == list(range(1, result.rows_in_sheet + 1))
    assert sum(result.counts.values()) == result.rows_in_sheet
    reasons = " ".join(summary["reason"])
    assert "totals row" in reasons and "footnote" in reasons and "header row" in reasons
    lost = result.report[result.report["reason"].str.contains("Atlantis")]
    assert list(lost["column"]) == ["Councils involved"] and list(lost["outcome"]) == ["used with warning"]


def test_close_spellings_match_with_a_warning(dataset):
    result = _read(messy_scheme_workbook(ROWS), "register.xlsx", dataset)
    assert result.schemes.set_index("scheme_name").loc["Typo partnership", "partner_ids"] == ("TUN", "SEV")
    assert result.report["reason"].str.contains("'Tunbridge Wels' matched to Tunbridge Wells").any()


def test_unmatched_names_are_listed_with_suggestions_and_can_be_overridden(dataset):
    result = _read(messy_scheme_workbook(ROWS), "register.xlsx", dataset)
    assert list(result.unmatched["name"]) == ["Atlantis DC"]
    assert result.unmatched["suggestions"].iat[0]
    fixed = _read(
        messy_scheme_workbook(ROWS),
        "register.xlsx",
        dataset,
        options=ReadOptions(name_overrides={"Atlantis DC": "ADU"}),
    )
    assert fixed.unmatched.empty
    assert fixed.schemes.set_index("scheme_name").loc["Lost partnership", "partner_ids"] == ("ADU",)


def test_default_basis_applies_only_where_a_row_is_silent(dataset):
    rows = [["A", "Adur", 100, "", 2016, 2015], ["B", "Arun", 100, "to date", 2016, 2014]]
    plain = _read(messy_scheme_workbook(rows, totals=False), "r.xlsx", dataset).schemes
    assert list(plain["basis"]) == ["", "cumulative"]
    annual = _read(
        messy_scheme_workbook(rows, totals=False), "r.xlsx", dataset, options=ReadOptions(default_basis="annual")
    ).schemes
    assert list(annual["basis"]) == ["annual", "cumulative"]


def test_csv_utf8_bom_and_windows_1252_and_semicolons(dataset):
    text = "Scheme;Partners;Savings (£k);Basis;Year\nShared legal;Harrow, Barnet;450;p.a.;2016\n"
    for data in (text.encode("utf-8-sig"), text.encode("cp1252")):
        result = _read(data, "export.csv", dataset)
        row = result.schemes.iloc[0]
        assert (row["scheme_name"], row["savings_gbp"], row["partner_ids"]) == ("Shared legal", 450_000, ("HRW", "BNE"))


@pytest.mark.parametrize(
    "name",
    [
        "Revenue_Outturn_Summary__RS__data_2014-15_by_LA_-_02-Feb-2016.xls",
        "RS_2023-24_data_by_LA.ods",
        "RA_2016-17_data_by_LA.xlsx",
    ],
)
def test_spending_returns_in_every_format(dataset, name):
    result = _read((DATA / "spending" / name).read_bytes(), name, dataset)
    assert result.kind == "spending"
    assert result.spending["council_id"].notna().all()
    assert sum(result.counts.values()) == result.rows_in_sheet
    assert result.counts["used"] + result.counts["used with warning"] >= 411


def test_wide_spending_table_with_units_in_the_title(dataset):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Our spending 2019-20 (£000)"])
    ws.append(["Authority", "ONS code", "Revenue expenditure"])
    ws.append(["Adur District Council", "", 30_000])
    ws.append(["", "E07000229", 40_000])
    out = io.BytesIO()
    wb.save(out)
    result = _read(out.getvalue(), "spend.xlsx", dataset)
    assert result.kind == "spending"
    assert dict(zip(result.spending["council_id"], result.spending["value_gbp"])) == {"ADU": 30e6, "WOT": 40e6}
    assert set(result.spending["year"]) == {"2019-20"}


def test_kind_and_mapping_can_be_overridden_and_reapplied(dataset):
    data = messy_scheme_workbook(ROWS)
    result = _read(data, "register.xlsx", dataset, kind="schemes")
    saved = mapping_to_json(result.location.mapping, "schemes")
    kind, mapping = mapping_from_json(saved, list(result.location.headers))
    again = _read(data, "register.xlsx", dataset, kind=kind, mapping=mapping)
    assert again.schemes["savings_gbp"].equals(result.schemes["savings_gbp"])
    no_amount = mapping.assign(field=mapping["field"].replace("savings_gbp", "(ignore)"))
    assert not _read(data, "register.xlsx", dataset, mapping=no_amount, kind="schemes").schemes["has_figure"].any()


def test_uploaded_schemes_add_to_or_replace_the_register(dataset):
    result = _read(messy_scheme_workbook(ROWS), "register.xlsx", dataset)
    added = merge_uploads(dataset, [result], "add")
    replaced = merge_uploads(dataset, [result], "replace")
    assert len(added.schemes) == len(dataset.schemes) + len(ROWS)
    assert len(replaced.schemes) == len(ROWS)
    assert set(replaced.schemes["origin"]) == {"your upload: register.xlsx"}
    assert len(dataset.schemes) == 98  # the bundled dataset is untouched


def test_uploaded_spending_replaces_the_same_figures_only(dataset):
    csv = b"Council,Year,Revenue expenditure\nAdur,2016-17,1000000\n"
    merged = merge_uploads(dataset, [_read(csv, "s.csv", dataset)])
    sp = merged.spending
    adur = sp[
        (sp["council_id"] == "ADU")
        & (sp["year"] == "2016-17")
        & (sp["stage"] == "outturn")
        & (sp["measure"] == "revenue_expenditure")
    ]
    assert list(adur["value_gbp"]) == [1_000_000]
    assert len(sp) == len(dataset.spending)


# --- refusals: each is an InputProblem with a plain message --------------------------------------------------------


def _xlsx(rows_at: int = 1) -> bytes:
    wb = openpyxl.Workbook()
    wb.active.cell(row=rows_at, column=1, value="Scheme")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _encrypted() -> bytes:
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(messy_scheme_workbook(ROWS))).encrypt("secret", out)
    return out.getvalue()


def _bomb(member_bytes: int) -> bytes:
    out = io.BytesIO()
    chunk = b"\0" * (1 << 20)
    with (
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z,
        z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f,
    ):
        for _ in range(member_bytes >> 20):
            f.write(chunk)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "empty.xlsx", "is empty"),
        (b"Scheme,Savings\nA,1\n", "fake.xlsx", "not a real .xlsx"),
        (None, "real.csv", "zipped workbook, not a .csv"),
        (None, "truncated.xlsx", "damaged"),
        (None, "locked.xlsx", "password-protected"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "garbage.xls", "could not be opened"),
        (b"%PDF-1.4 not a sheet", "report.pdf", "only .xlsx, .xls, .ods and .csv"),
        (b"\x00\x01\x02binary", "binary.csv", "binary data"),
        (b"just some words\nno table here\n", "words.csv", "No table"),
    ],
)
def test_refusals_are_plain_messages(dataset, data, name, message):
    data = {
        "real.csv": _xlsx(),
        "truncated.xlsx": _xlsx()[:400],
        "locked.xlsx": _encrypted() if data is None and name == "locked.xlsx" else None,
    }.get(name, data) or data
    with pytest.raises(InputProblem, match=message):
        _read(data, name, dataset)


def test_the_empty_template_reads_as_a_header_and_no_rows(dataset):
    """The template as downloaded is not refused: its Schemes sheet is found, its one row is the header,
    nothing is used and nothing reaches the data."""
    result = _read(template_workbook(), "template.xlsx", dataset)
    assert (result.kind, result.sheet, result.rows_in_sheet) == ("schemes", "Schemes", 1)
    assert result.schemes.empty and result.spending.empty and result.unmatched.empty
    assert result.counts == {"used": 0, "used with warning": 0, "rejected": 0, "skipped": 1}
    assert result.row_summary[["row", "outcome", "reason"]].values.tolist() == [[1, "skipped", "header row"]]
    assert len(merge_uploads(dataset, [result]).schemes) == len(dataset.schemes)


def test_decompression_bomb_refused_by_declared_size(dataset):
    with pytest.raises(InputProblem, match=r"would unpack to|packed suspiciously"):
        _read(_bomb(12 << 20), "bomb.xlsx", dataset, limits=Limits(max_unpacked_bytes=10 << 20))
    with pytest.raises(InputProblem, match="packed suspiciously"):
        _read(_bomb(20 << 20), "bomb.xlsx", dataset)


def test_sheet_claiming_too_many_rows_is_refused_before_reading(dataset):
    with pytest.raises(InputProblem, match="rows, more than"):
        _read(_xlsx(rows_at=300_000), "tall.xlsx", dataset)


def test_too_many_csv_rows(dataset):
    data = ("Scheme,Partners,Savings\n" + "A,Adur,1\n" * 200).encode()
    with pytest.raises(InputProblem, match="more than 100 rows"):
        _read(data, "long.csv", dataset, limits=Limits(max_rows=100))


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=3000), name=st.sampled_from(["f.xlsx", "f.xls", "f.ods", "f.csv"]))
def test_fuzzed_bytes_raise_only_input_problems(dataset, data, name):
    with contextlib.suppress(InputProblem):
        _read(data, name, dataset)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=400))
def test_fuzzed_csv_text_raises_only_input_problems(dataset, text):
    with contextlib.suppress(InputProblem):
        _read(text.encode("utf-8"), "f.csv", dataset)


SMALL_XLSX = messy_scheme_workbook(ROWS[:2], extra_sheets=False)
SMALL_XLS = (DATA / "spending" / "Revenue_Outturn_Summary__RS__data_2014-15_by_LA_-_02-Feb-2016.xls").read_bytes()[
    :60_000
]


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data(), base=st.sampled_from([("f.xlsx", SMALL_XLSX), ("f.xls", SMALL_XLS)]))
def test_mutated_workbooks_raise_only_input_problems(dataset, data, base):
    name, original = base
    mutated = bytearray(original)
    for _ in range(data.draw(st.integers(min_value=1, max_value=8))):
        mutated[data.draw(st.integers(min_value=0, max_value=len(mutated) - 1))] = data.draw(
            st.integers(min_value=0, max_value=255)
        )
    with contextlib.suppress(InputProblem):
        _read(bytes(mutated), name, dataset)


# --- exports -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "=cmd|' /C calc'!A0"])
def test_exported_cells_cannot_run_as_formulas(text):
    frame = pd.DataFrame({"name": [text], "value": [-5.0]})
    assert defuse(text).startswith("'")
    csv = to_csv_bytes(frame).decode("utf-8-sig")
    assert f"'{text.strip()}"[:3] in csv or "'" + text in csv
    assert "-5.0" in csv  # numbers are not touched
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes({"Data": frame})))
    cell = book["Data"]["A2"]
    assert cell.data_type == "s" and cell.value.startswith("'")


# --- hypothesis-made messy sheets must read back to the same records -----------------------------------------------

SPELLINGS = [
    ("LB Harrow", "HRW"),
    ("Bucks CC", "BKM"),
    ("Vale of White Horse DC", "VAL"),
    ("RBKC", "KEC"),
    ("King's Lynn & West Norfolk", "KIN"),
    ("City of Lincoln", "LIC"),
    ("Kingston-upon-Thames", "KTT"),
    ("Wigan MBC", "WGN"),
    ("Brighton & Hove", "BNH"),
    ("St Albans City & District Council", "SAL"),
    ("Hammersmith and Fulham", "HMF"),
    ("Adur", "ADU"),
    ("Telford & Wrekin", "TFW"),
]
UNITS = [("", 1), ("All figures £000", 1000), ("Figures in £m", 1_000_000)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    schemes=st.lists(
        st.tuples(
            st.lists(st.sampled_from(SPELLINGS), min_size=1, max_size=3, unique=True),
            st.integers(min_value=1, max_value=99_999),
        ),
        min_size=1,
        max_size=8,
    ),
    title_rows=st.integers(min_value=0, max_value=5),
    unit=st.sampled_from(UNITS),
    two_row=st.booleans(),
    totals=st.booleans(),
    footnotes=st.booleans(),
    separator=st.sampled_from(["; ", ", ", " / "]),
)
def test_messy_sheets_read_back_to_the_same_records(
    dataset, schemes, title_rows, unit, two_row, totals, footnotes, separator
):
    title, multiplier = unit
    rows = [
        [f"Scheme {i}", separator.join(s for s, _ in partners), amount, "p.a.", 2016, 2012]
        for i, (partners, amount) in enumerate(schemes)
    ]
    data = messy_scheme_workbook(
        rows,
        title_rows=max(title_rows, 2 if title else 0),
        unit_title=title,
        two_row_header=two_row,
        totals=totals,
        footnotes=footnotes,
    )
    result = _read(data, "messy.xlsx", dataset)
    got = result.schemes
    assert list(got["scheme_name"]) == [r[0] for r in rows]
    assert list(got["partner_ids"]) == [tuple(c for _, c in partners) for partners, _ in schemes]
    assert list(got["savings_gbp"]) == [amount * multiplier for _, amount in schemes]
    assert sum(result.counts.values()) == result.rows_in_sheet
