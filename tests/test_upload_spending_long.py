"""Long-format spending uploads (one row per council, year, measure and value) end to end: every row
of the sheet accounted for with its outcome, column and reason; values in pounds from a £000 header;
the merged dataset's figure for that council, year, budget/outturn and measure is the uploaded one;
and the Councils page shows it."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis.spending.returns import national_total_gbp
from analysis.uploads.pipeline import merge_uploads, read_uploaded_file

ROOT = Path(__file__).resolve().parents[1]
HEADER = ["Council", "ONS code", "Year", "Budget or outturn", "Measure", "Value (£000)"]

# (cells, outcome, column, reason fragment, figure read: (council_id, year, stage, measure, £) or None)
# Row numbers are the spreadsheet's: 1 is the title, 2 the header, data from 3.
ROWS = [
    (["Adur DC", "", "2016/17", "Outturn", "Revenue expenditure", "9,500"], "used", "", "",
     ("ADU", "2016-17", "outturn", "revenue_expenditure", 9_500_000.0)),
    (["ADUR DISTRICT COUNCIL", "", "2016-17", "outturn", "Net revenue expenditure", "8,100.5"], "used", "", "",
     ("ADU", "2016-17", "outturn", "net_revenue_expenditure", 8_100_500.0)),
    (["", "E07000229", "2016/17", "outturn", "Revenue expenditure", "14200"], "used", "", "",
     ("WOT", "2016-17", "outturn", "revenue_expenditure", 14_200_000.0)),  # the ONS code alone
    (["Worthing", "E3837", "2016/17", "Budget", "Revenue expenditure", "13,000"], "used", "", "",
     ("WOT", "2016-17", "budget", "revenue_expenditure", 13_000_000.0)),  # an E-code; the budget column
    (["RBKC", "", "FY17", "outturn", "Education services", "£1.25m"], "used", "", "",
     ("KEC", "2016-17", "outturn", "education", 1_250_000.0)),  # a unit in the cell wins over £000
    (["Atlantis DC", "", "2016/17", "outturn", "Revenue expenditure", "100"], "rejected", "Council",
     "council 'Atlantis DC' is unmatched", None),
    (["Adur DC", "", "sometime", "outturn", "Revenue expenditure", "1"], "rejected", "Year",
     "'sometime' is not a year", None),
    (["Adur DC", "", "2016/17", "outturn", "Widgets", "5"], "used with warning", "Measure",
     "'Widgets' is not a measure this app knows", None),
    (["Worthing BC", "", "2016/17", "outturn", "Net revenue expenditure", "twelve"], "rejected",
     "Value (£000)", "'twelve' is not an amount of money; not used (any bundled figure stays)", None),
]  # fmt: skip
DUPLICATE = ROWS[0][0]


def long_csv(rows: list[list[str]], footnote: bool = True) -> bytes:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["Revenue spending by council, as returned to the department"])
    w.writerow(HEADER)
    w.writerows(rows)
    if footnote:
        w.writerow([])
        w.writerow(["Source: finance team returns, unaudited."])
    return out.getvalue().encode("utf-8")


DATA = long_csv([r[0] for r in ROWS])


@pytest.fixture(scope="module")
def result(dataset):
    return read_uploaded_file(DATA, "returns.csv", dataset)


def test_the_long_table_is_found_with_its_columns(result):
    assert result.kind == "spending" and result.rows_in_sheet == 2 + len(ROWS) + 2
    fields = dict(zip(result.location.mapping["header"], result.location.mapping["field"]))
    assert fields == {
        "Council": "council",
        "ONS code": "council_code",
        "Year": "year",
        "Budget or outturn": "stage",
        "Measure": "measure",
        "Value (£000)": "value",
    }


def test_every_row_has_its_outcome_column_and_reason(result):
    summary = result.row_summary.set_index("row")
    assert list(summary.index) == list(range(1, result.rows_in_sheet + 1))
    assert summary.loc[1, "outcome"] == "skipped" and summary.loc[2, ["outcome", "reason"]].tolist() == [
        "skipped",
        "header row",
    ]
    for i, (_, outcome, column, reason, _) in enumerate(ROWS, start=3):
        line = summary.loc[i]
        assert (line["outcome"], line["column"]) == (outcome, column), i
        assert reason in line["reason"], (i, line["reason"])
    assert set(summary.loc[len(ROWS) + 3 :, "outcome"]) == {"skipped"}  # blank and footnote
    assert result.counts == {
        "used": sum(r[1] == "used" for r in ROWS),
        "used with warning": sum(r[1] == "used with warning" for r in ROWS),
        "rejected": sum(r[1] == "rejected" for r in ROWS),
        "skipped": 4,
    }
    assert list(result.unmatched["name"]) == ["Atlantis DC"] and list(result.unmatched["row"]) == [8]


def test_values_are_read_in_pounds(result):
    read = {(r.council_id, r.year, r.stage, r.measure): r.value_gbp for r in result.spending.itertuples(index=False)}
    expected = {figure[:4]: figure[4] for *_, figure in ROWS if figure}
    assert set(read) == set(expected)
    for key, value in expected.items():
        if value is None:
            assert read[key] != read[key], key  # left blank: missing, never £0
        else:
            assert read[key] == pytest.approx(value), key


def test_the_merged_dataset_holds_the_uploaded_figures(dataset, result):
    merged = merge_uploads(dataset, [result]).spending
    for *_, figure in ROWS:
        if figure is None or figure[4] is None:
            continue
        council, year, stage, measure, value = figure
        key = (dataset.spending["council_id"] == council) & (dataset.spending["year"] == year)
        key &= (dataset.spending["stage"] == stage) & (dataset.spending["measure"] == measure)
        bundled = dataset.spending.loc[key, "value_gbp"]
        assert len(bundled) == 1 and bundled.iat[0] != pytest.approx(value), figure  # a real replacement
        rows = merged[
            (merged["council_id"] == council)
            & (merged["year"] == year)
            & (merged["stage"] == stage)
            & (merged["measure"] == measure)
        ]
        assert rows["value_gbp"].tolist() == [pytest.approx(value)], figure
        assert rows["source_file"].tolist() == ["returns.csv"]
    # the national budget total moves by exactly the change to Worthing's 2016-17 budget figure
    before = national_total_gbp(dataset.spending, "revenue_expenditure", "2016-17", "budget")
    after = national_total_gbp(merged, "revenue_expenditure", "2016-17", "budget")
    wot = dataset.spending[
        (dataset.spending["council_id"] == "WOT")
        & (dataset.spending["year"] == "2016-17")
        & (dataset.spending["stage"] == "budget")
        & (dataset.spending["measure"] == "revenue_expenditure")
    ]["value_gbp"].iat[0]
    assert after - before == pytest.approx(13_000_000 - wot)


def test_an_unreadable_value_does_not_wipe_the_bundled_figure(dataset, result):
    merged = merge_uploads(dataset, [result]).spending
    key = ["council_id", "year", "stage", "measure"]
    wot = ("WOT", "2016-17", "outturn", "net_revenue_expenditure")
    bundled = dataset.spending.set_index(key).loc[wot, "value_gbp"]
    assert bundled == bundled  # the bundled data has a figure
    assert merged.set_index(key).loc[[wot], "value_gbp"].notna().any()


@pytest.fixture(scope="module")
def with_duplicate(dataset):
    return read_uploaded_file(long_csv([DUPLICATE, DUPLICATE], footnote=False), "twice.csv", dataset)


def test_a_repeated_row_is_counted_once(dataset, with_duplicate):
    merged = merge_uploads(dataset, [with_duplicate]).spending
    adur = merged[
        (merged["council_id"] == "ADU")
        & (merged["year"] == "2016-17")
        & (merged["stage"] == "outturn")
        & (merged["measure"] == "revenue_expenditure")
    ]
    assert len(adur) == 1


def test_a_repeated_row_is_reported(with_duplicate):
    line = with_duplicate.row_summary.set_index("row").loc[4]
    assert line["outcome"] != "used" and "row 3" in line["reason"]
    assert (line["outcome"], line["reason"]) == ("skipped", "repeats row 3")
    assert len(with_duplicate.spending) == 1


def test_a_second_different_figure_is_rejected_and_the_first_is_used(dataset):
    second = [*DUPLICATE[:-1], "9,999"]
    result = read_uploaded_file(long_csv([DUPLICATE, second], footnote=False), "differ.csv", dataset)
    line = result.row_summary.set_index("row").loc[4]
    assert (line["outcome"], line["column"]) == ("rejected", "Value (£000)")
    assert "row 3's is used" in line["reason"]
    assert result.spending["value_gbp"].tolist() == [pytest.approx(9_500_000.0)]


def test_the_same_upload_twice_is_counted_once(dataset, result):
    once = national_total_gbp(merge_uploads(dataset, [result]).spending, "revenue_expenditure", "2016-17", "outturn")
    twice = merge_uploads(dataset, [result, result]).spending
    assert national_total_gbp(twice, "revenue_expenditure", "2016-17", "outturn") == pytest.approx(once)
    key = ["council_id", "year", "stage", "measure"]
    assert not twice.duplicated(key).any()


def test_an_uploaded_blank_does_not_wipe_the_bundled_figure(dataset):
    blank = long_csv([["Worthing", "", "2016/17", "outturn", "Net revenue expenditure", ""]], footnote=False)
    result = read_uploaded_file(blank, "blank.csv", dataset)
    assert result.spending["value_gbp"].isna().all() and len(result.spending) == 1  # read: not stated
    merged = merge_uploads(dataset, [result]).spending
    key = ["council_id", "year", "stage", "measure"]
    wot = ("WOT", "2016-17", "outturn", "net_revenue_expenditure")
    assert merged.set_index(key).loc[[wot], "value_gbp"].tolist() == [
        dataset.spending.set_index(key).loc[wot, "value_gbp"]
    ]


# --- the Councils page --------------------------------------------------------------------------------------------


def _spending_table(at):
    return next(d.value for d in at.dataframe if {"measure", "value_gbp", "source_file"} <= set(d.value.columns))


def test_the_councils_page_shows_the_uploaded_figures(dataset):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page(str(ROOT / "views/upload.py")).run()
    at.file_uploader[0].upload("returns.csv", DATA, "text/csv").run()
    assert not at.exception
    m = {x.label: x.value for x in at.metric}
    outcomes = [r[1] for r in ROWS]
    assert (m["Used"], m["Used with warnings"], m["Rejected"]) == tuple(
        str(outcomes.count(k)) for k in ("used", "used with warning", "rejected")
    )
    at.switch_page(str(ROOT / "views/councils.py")).run()
    for council in ("ADU", "WOT", "KEC"):
        at.selectbox[0].select(council).run()
        assert not at.exception
        table = _spending_table(at)
        for *_, figure in ROWS:
            if figure is None or figure[0] != council or figure[4] is None:
                continue
            _, year, stage, measure, value = figure
            shown = table[(table["year"] == year) & (table["stage"] == stage) & (table["measure"] == measure)]
            assert shown["value_gbp"].tolist() == [pytest.approx(value)], figure
            assert shown["source_file"].tolist() == ["returns.csv"], figure
    at.selectbox[0].select("ADU").run()
    at.select_slider[0].set_value("2016-17").run()
    share = next(x for x in at.metric if x.label.startswith("Share of its revenue expenditure"))
    assert share.proto.help.startswith("2016-17 outturn: £9.5m")  # the uploaded figure is the denominator
