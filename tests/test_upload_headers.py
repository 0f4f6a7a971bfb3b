"""Detection learns the headers people really use: a corpus of header rows as published scheme registers,
council reports and journalists' tables write them, each read end to end (table-driven).

The rows are modelled on the kinds of publication behind the bundled register's sources
(data/schemes/schemes.csv: council committee reports and press releases, the LGA's shared-services map
and case studies, the District Councils' Network / INLOGOV call for examples, NLGN's "Crossing
Boundaries", trade press) and on the everyday words of issue 9's journalist's CSV.
"""

from __future__ import annotations

import pytest

from analysis.uploads.fields import IGNORE, suggest_mapping
from analysis.uploads.pipeline import read_uploaded_file

N, P, SV, S, B, Y, ST, STAT, SRC, PER, NOTE = (
    "scheme_name",
    "partners",
    "service_area",
    "savings_gbp",
    "basis",
    "year_reported",
    "start_year",
    "status",
    "source_url",
    "period",
    "notes",
)

# (header row, the field each column must be read as (None: ignored), the basis the savings header states)
CORPUS: list[tuple[list[str], list[str | None], str | None]] = [
    # a journalist's table in everyday words (issue 9)
    (["who is involved", "what is shared", "annual saving in pounds", "year it was reported"], [P, SV, S, Y], "annual"),
    (["Who", "What is shared", "Saving", "Year"], [P, SV, S, Y], None),
    # the LGA's shared-services map and case studies
    (["Shared service", "Councils", "Service area", "Savings (£)", "Start date"], [N, P, SV, S, ST], None),
    (["Partnership name", "Partner councils", "Service(s)", "Savings", "Date", "Link"], [N, P, SV, S, Y, SRC], None),
    (
        ["Case study", "Councils taking part", "Function", "Efficiency", "Date published", "Source"],
        [N, P, SV, S, Y, SRC],
        None,
    ),
    # District Councils' Network / INLOGOV call for examples
    (
        ["Name of shared service", "Councils involved", "Description", "Savings to date", "Status"],
        [N, P, NOTE, S, STAT],
        "cumulative",
    ),
    (
        ["Collaboration", "Authorities", "Type of service", "Total savings", "Year started"],
        [N, P, SV, S, ST],
        "cumulative",
    ),
    # NLGN "Crossing Boundaries" style lists
    (["Partnership", "Authorities", "Function", "Savings (£m)", "Established"], [N, P, SV, S, ST], None),
    # council committee reports on their shared services
    (
        ["Shared Service", "Partner Authorities", "Annual Saving (£)", "Savings to Date", "Financial Year"],
        [SV, P, S, None, Y],
        "annual",
    ),
    (["Service", "Partners", "Saving p.a. (£000)", "Year reported", "Go live"], [SV, P, S, Y, ST], "annual"),
    (["Project", "Councils", "Annual savings (£)", "Financial year", "Status"], [N, P, S, Y, STAT], "annual"),
    (["Shared service", "Authorities", "Savings to date (£)", "Status", "Reported"], [SV, P, S, STAT, Y], "cumulative"),
    (["Partnership", "Members", "Total savings", "Reported", "Source"], [N, P, S, Y, SRC], "cumulative"),
    (["Arrangement", "Participating councils", "Cashable savings (£000)", "Date", "Notes"], [N, P, S, Y, NOTE], None),
    (
        ["Scheme", "Partner councils", "Service area", "Savings", "Basis", "Year", "Start year"],
        [N, P, SV, S, B, Y, ST],
        None,
    ),
    (
        ["Initiative", "Lead and partner councils", "Services shared", "Savings per year", "Year"],
        [N, P, SV, S, Y],
        "annual",
    ),
    (
        ["Shared service", "Councils taking part", "Target saving (£)", "Year", "Stage"],
        [SV, P, S, Y, STAT],
        "projected-annual",
    ),
    (
        ["Scheme name", "Partner councils", "Projected annual savings", "Financial year"],
        [N, P, S, Y],
        "projected-annual",
    ),
    (["Shared service", "Partners", "Expected savings", "Date"], [SV, P, S, Y], "projected-annual"),
    (
        ["Shared service", "Partners", "Cumulative savings (£m)", "Year reported", "Start year"],
        [SV, P, S, Y, ST],
        "cumulative",
    ),
    (["Partnership", "Councils", "Efficiency savings p.a.", "Year"], [N, P, S, Y], "annual"),
    (
        ["Service", "Councils involved", "Savings achieved", "Period", "Year reported", "Evidence"],
        [SV, P, S, PER, Y, SRC],
        None,
    ),
    (["Shared service", "Who", "Savings (£k)", "When reported"], [SV, P, S, Y], None),
    (["Functions", "Partner organisations", "Saving(s)", "Financial year", "Progress"], [SV, P, S, Y, STAT], None),
    (
        ["Name", "Councils", "Service", "Savings £ per annum", "Status", "Source URL"],
        [N, P, SV, S, STAT, SRC],
        "annual",
    ),
    (
        ["Project name", "Authorities involved", "Savings delivered to date", "Reporting year"],
        [N, P, S, Y],
        "cumulative",
    ),
    (["Shared service", "Participating authorities", "Annual efficiency (£)", "Year"], [SV, P, S, Y], "annual"),
    (["Title", "Councils sharing", "Financial savings", "Date reported", "Web link"], [N, P, S, Y, SRC], None),
]

VALUES = {
    N: "Joint team",
    P: "Adur; Worthing",
    SV: "Waste collection",
    S: "£1.2m",
    B: "annual",
    Y: "2016/17",
    ST: "2012",
    STAT: "live",
    SRC: "https://www.adur-worthing.gov.uk/",
    PER: "2016/17",
    NOTE: "one team",
    None: "",
}


def test_the_corpus_is_big_enough():
    assert len(CORPUS) >= 25


@pytest.mark.parametrize(("headers", "fields", "basis"), CORPUS, ids=[" | ".join(h) for h, _, _ in CORPUS])
def test_each_header_is_read_as_its_field(headers, fields, basis):
    mapping = suggest_mapping(headers, "schemes")
    assert list(mapping["field"]) == [f or IGNORE for f in fields]


@pytest.mark.parametrize(("headers", "fields", "basis"), CORPUS, ids=[" | ".join(h) for h, _, _ in CORPUS])
def test_each_header_row_is_found_and_read(dataset, headers, fields, basis):
    row = [VALUES[f] for f in fields]
    text = "\n".join(",".join(f'"{c}"' for c in r) for r in (["Our shared services"], headers, row)) + "\n"
    result = read_uploaded_file(text.encode("cp1252"), "register.csv", dataset)
    assert result.kind == "schemes" and result.location.header_rows == (1,)
    scheme = result.schemes.iloc[0]
    assert scheme["savings_gbp"] == 1_200_000
    assert scheme["partner_ids"] == ("ADU", "WOT")
    if B in fields:
        assert scheme["basis"] == "annual"  # the row's own basis column wins over any header
    elif basis is not None:
        assert scheme["basis"] == basis
        savings_header = headers[fields.index(S)]
        note = result.report[result.report["reason"].str.contains("from the column header", regex=False)]
        assert list(note["column"]) == [savings_header] and savings_header in note["reason"].iat[0]
    else:
        assert scheme["basis"] == ""  # not stated: shown, not counted, and the report says so
        assert result.report["reason"].str.contains("basis not stated").any()
    if Y in fields:
        assert scheme["year_reported"] == 2016
    assert sum(result.counts.values()) == result.rows_in_sheet == 3
