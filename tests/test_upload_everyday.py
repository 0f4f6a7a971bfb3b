"""A journalist's CSV with everyday headers and money as people write it, in every common encoding and
delimiter, read with no manual step; and the hand-made read for tables detection cannot find."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.errors import NoTableFound
from analysis.readers.workbook import Sheet
from analysis.uploads.fields import mapping_from_json, mapping_to_json, saved_header_row
from analysis.uploads.pipeline import read_uploaded_file
from analysis.uploads.table_finder import location_at, preview_rows

JOURNALIST = [
    ["who is involved", "what is shared", "annual saving in pounds", "year it was reported"],
    ["Adur and Worthing", "Joint waste service", "£40m", "2015/16"],
    ["LB Harrow; Barnet", "Legal practice", "£670,000", "2016"],
    ["South Hams, West Devon", "Everything (one workforce)", "£750k", "2014/15"],
    ["Malvern Hills; Wychavon; Worcester", "Revenues and benefits", "2.3m", "2015"],
    ["Cardiff; Vale of Glamorgan; Bridgend", "Regulatory services", "£1.2bn", "2016"],
    ["Glasgow City Council", "Shared IT", "40 million", "2017"],
]
EXPECTED_GBP = [40e6, 670e3, 750e3, 2.3e6, 1.2e9, 40e6]
NOT_ENGLISH = ["Cardiff", "Vale of Glamorgan", "Bridgend", "Glasgow City Council"]


def _csv(rows: list[list[str]], delimiter: str = ",") -> str:
    def quote(cell: str) -> str:
        return f'"{cell}"' if any(c in cell for c in ",;\t|") else cell

    return "".join(delimiter.join(quote(c) for c in r) + "\r\n" for r in rows)


def test_a_windows_1252_journalists_csv_is_read_with_no_manual_step(dataset):
    data = _csv(JOURNALIST).encode("cp1252")
    assert b"\xa3" in data  # '£' as Windows writes it
    result = read_uploaded_file(data, "shared services.csv", dataset)
    s = result.schemes
    assert result.kind == "schemes" and len(s) == len(JOURNALIST) - 1  # every scheme row used
    assert result.counts["rejected"] == 0 and result.counts["used"] + result.counts["used with warning"] == 6
    assert list(s["savings_gbp"]) == EXPECTED_GBP  # in pounds
    assert set(s["basis"]) == {"annual"}  # from the header
    notes = result.report[result.report["reason"].str.startswith("basis annual, from the column header")]
    assert set(notes["column"]) == {"annual saving in pounds"} and len(notes) == 6
    assert list(s["year_reported"]) == [2015, 2016, 2014, 2015, 2016, 2017]
    assert s["partner_ids"].iat[0] == ("ADU", "WOT") and s["partner_ids"].iat[2] == ("SHA", "WDE")
    # partners that are not English councils: listed as unmatched by name, kept on the scheme, never matched
    assert sorted(result.unmatched["name"].unique()) == sorted(NOT_ENGLISH)
    assert s["partners"].iat[4] == ("Cardiff", "Vale of Glamorgan", "Bridgend") and s["partner_ids"].iat[4] == ()
    assert s["partners"].iat[5] == ("Glasgow City Council",) and s["partner_ids"].iat[5] == ()
    assert sum(result.counts.values()) == result.rows_in_sheet


ENCODINGS = ["cp1252", "latin-1", "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"]


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_every_common_encoding_and_delimiter(dataset, encoding, delimiter):
    data = _csv(JOURNALIST, delimiter).encode(encoding)
    result = read_uploaded_file(data, "export.csv", dataset)
    assert list(result.schemes["savings_gbp"]) == EXPECTED_GBP
    assert list(result.location.headers) == JOURNALIST[0]
    assert result.schemes["partner_ids"].iat[1] == ("HRW", "BNE")


# --- reading by hand: the header row and the columns chosen by the user ----------------------------------------

HIDDEN_TABLE = [
    ["Shared services in our area"],
    ["Compiled from council papers, 2017"],
    ["Ref", "Col 1", "Col 2", "How much", "When"],
    ["1", "Adur; Worthing", "Waste collection", "£1.2m a year", "2016/17"],
    ["2", "Harrow; Barnet", "Legal services", "£670,000", "2015"],
    ["Total", "", "", "£1.87m", ""],
]


def test_a_table_detection_cannot_find_is_read_with_a_chosen_header_row_and_mapping(dataset):
    data = _csv(HIDDEN_TABLE).encode("cp1252")
    with pytest.raises(NoTableFound, match="Choose the header row"):
        read_uploaded_file(data, "notes.csv", dataset)
    location = location_at(Sheet("notes.csv", [r[:] for r in HIDDEN_TABLE]), 3, "schemes")
    assert location.headers == ("Ref", "Col 1", "Col 2", "How much", "When")
    mapping = location.mapping.assign(field=["(ignore)", "partners", "service_area", "savings_gbp", "year_reported"])
    result = read_uploaded_file(data, "notes.csv", dataset, kind="schemes", mapping=mapping, header_row=3)
    assert list(result.schemes["savings_gbp"]) == [1_200_000, 670_000]
    assert list(result.schemes["partner_ids"]) == [("ADU", "WOT"), ("HRW", "BNE")]
    assert list(result.schemes["basis"]) == ["annual", ""]
    summary = result.row_summary
    assert list(summary["row"]) == [1, 2, 3, 4, 5, 6]
    assert list(summary["outcome"]) == ["skipped", "skipped", "skipped", "used", "used with warning", "skipped"]
    # saved and reapplied to next year's file, header row included
    saved = mapping_to_json(result.location.mapping, "schemes", header_row=3)
    assert saved_header_row(saved) == 3
    kind, again = mapping_from_json(saved, list(location.headers))
    assert list(again["field"]) == list(mapping["field"])
    reread = read_uploaded_file(data, "notes.csv", dataset, kind=kind, mapping=again, header_row=3)
    assert reread.schemes["savings_gbp"].equals(result.schemes["savings_gbp"])


def test_a_hand_made_mapping_without_anything_naming_the_scheme_says_so(dataset):
    data = _csv(HIDDEN_TABLE).encode("cp1252")
    mapping = pd.DataFrame({"column": range(5), "header": "", "field": ["(ignore)"] * 3 + ["savings_gbp", "(ignore)"]})
    with pytest.raises(NoTableFound, match="no column naming the schemes"):
        read_uploaded_file(data, "notes.csv", dataset, kind="schemes", mapping=mapping, header_row=3)
    with pytest.raises(NoTableFound, match="there is no row 99"):
        read_uploaded_file(data, "notes.csv", dataset, header_row=99)


def test_the_preview_is_plain_text_numbered_as_the_spreadsheet(dataset):
    rows = [["<script>alert(1)</script>", '=HYPERLINK("x")'], ["**bold**", 3.5]]
    preview = preview_rows(Sheet("s", rows), 15)
    assert list(preview.columns) == ["row", "A", "B"]
    assert list(preview["row"]) == [1, 2]
    assert preview.loc[0, "A"] == "<script>alert(1)</script>" and preview.loc[1, "B"] == "3.5"


def test_saved_header_row_ignores_anything_else():
    assert saved_header_row(json.dumps({"kind": "schemes", "columns": {}})) is None
    assert saved_header_row(b"not json") is None
    assert saved_header_row(json.dumps({"header_row": -1})) is None
    assert saved_header_row(json.dumps({"header_row": True})) is None
