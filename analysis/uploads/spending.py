"""Uploaded spending tables: the department's own RS/RA layout, or a wide (one column per
measure) or long (measure, value) table with council names or codes. Rows are accounted for
as in scheme uploads."""

from __future__ import annotations

import pandas as pd

from analysis.councils.names import CouncilIndex, CouncilMatch, match_council
from analysis.readers.values import parse_money, parse_year
from analysis.readers.workbook import Sheet
from analysis.spending.returns import SPENDING_COLUMNS, YEAR, parse_spending_sheets
from analysis.uploads.fields import IGNORE
from analysis.uploads.report import CATEGORY_CODES, ReasonCode, ReportLine, report_frame
from analysis.uploads.schemes import ReadOptions, column_multipliers
from analysis.uploads.table_finder import TableLocation, classify_rows
from analysis.vocabulary import MEASURES, RowOutcome, measure_for_header


def _with_register(table: pd.DataFrame, register: pd.DataFrame) -> pd.DataFrame:
    by_id = register.set_index("council_id")
    out = table.copy()
    out["ecode"] = out["council_id"].map(by_id["ecode"])
    out["ons_code"] = out["council_id"].map(by_id["ons_code"]).replace("", None)
    out["name"] = out["council_id"].map(by_id["name"])
    out["class"] = out["council_id"].map(by_id["class"])
    out["region"] = out["council_id"].map(by_id["region"])
    return out[[*SPENDING_COLUMNS, "council_id"]]


def build_spending_from_return(
    sheets: list[Sheet], file: str, register: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(tidy spending, row report) for a workbook in the department's own layout."""
    read = parse_spending_sheets(sheets, file)
    by_ecode = register[register["ecode"] != ""].drop_duplicates("ecode").set_index("ecode")["council_id"]
    table = read.table.assign(council_id=read.table["ecode"].map(by_ecode), source_file=file)
    no_figures = set(table.groupby("ecode")["value_gbp"].apply(lambda v: v.isna().all()).loc[lambda v: v].index)
    sheet = next(s for s in sheets if s.name == read.sheet)
    used = set(read.rows)
    report: list[ReportLine] = []
    for i in range(1, len(sheet.rows) + 1):
        if i in used:
            missing = str(sheet.rows[i - 1][0]).strip() in no_figures
            report.append(
                (
                    file,
                    sheet.name,
                    i,
                    "used with warning" if missing else "used",
                    "",
                    ReasonCode.NO_FIGURES if missing else ReasonCode.USED,
                    "no figures: return not received" if missing else "",
                )
            )
        elif i < read.header_row:
            report.append((file, sheet.name, i, "skipped", "", ReasonCode.TITLE_ROW, "title or note above the table"))
        elif i == read.header_row:
            report.append((file, sheet.name, i, "skipped", "", ReasonCode.HEADER_ROW, "header row"))
        else:
            why = "England total, class subtotal, blank or footnote row"
            report.append((file, sheet.name, i, "skipped", "", ReasonCode.NOT_A_COUNCIL_ROW, why))
    return table[table["council_id"].notna()], report_frame(report)


def build_spending(
    sheet: Sheet,
    location: TableLocation,
    index: CouncilIndex,
    register: pd.DataFrame,
    file: str,
    options: ReadOptions | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(tidy spending, row report, unmatched names) from a located wide or long spending table."""
    options = options or ReadOptions()
    col = {f: int(j) for j, f in zip(location.mapping["column"], location.mapping["field"]) if f != IGNORE}
    headers = location.headers
    units = column_multipliers(location)
    measure_cols = {k: j for k, j in col.items() if k in MEASURES}
    # A table with a column per measure is wide, even where two of its other columns read as a measure and
    # a value ("Interest: HRA item 8 ...", "Adjustments to net current expenditure" in the department's own).
    long = "measure" in col and "value" in col and not measure_cols
    title_year = YEAR.search(location.titles)
    records: list[tuple[str, str, str, str, float | None, str]] = []
    report: list[ReportLine] = []
    unmatched: list[dict[str, object]] = []
    first: dict[tuple[str, str, str, str], tuple[int, float | None]] = {}  # the row that gave each figure
    for r in classify_rows(sheet, location).itertuples(index=False):
        if r.category != "data":
            report.append((file, sheet.name, r.row, "skipped", "", CATEGORY_CODES[r.category], r.reason))
            continue
        row = sheet.rows[r.row - 1]

        def cell(key: str, row: list = row) -> object:
            j = col.get(key)
            return row[j] if j is not None and j < len(row) else None

        try:
            year = parse_year(cell("year")) if "year" in col else None
        except ValueError as exc:
            report.append((file, sheet.name, r.row, "rejected", headers[col["year"]], ReasonCode.BAD_YEAR, str(exc)))
            continue
        if year is None and title_year:
            year = int(title_year.group(1))
        if year is None:
            report.append(
                (
                    file,
                    sheet.name,
                    r.row,
                    "rejected",
                    "",
                    ReasonCode.NO_YEAR,
                    "no financial year in the row or the title",
                )
            )
            continue
        code, name = str(cell("council_code") or "").strip(), str(cell("council") or "").strip()
        found = _council_for(code, name, options.name_overrides.get(name or code), index, year)
        if isinstance(found, CouncilMatch):
            m = found
            label = name or code
            column = headers[col.get("council", col.get("council_code", 0))]
            report.append(
                (
                    file,
                    sheet.name,
                    r.row,
                    "rejected",
                    column,
                    ReasonCode.COUNCIL_AMBIGUOUS if m.result == "ambiguous" else ReasonCode.COUNCIL_UNMATCHED,
                    f"council '{label}' is {m.result}"
                    + (f" (did you mean {', '.join(m.suggestions)}?)" if m.suggestions else ""),
                )
            )
            unmatched.append({"name": label, "result": m.result, "suggestions": "; ".join(m.suggestions), "row": r.row})
            continue
        council_id = found
        stage = str(cell("stage") or options.stage).strip().lower()
        stage = "budget" if "budget" in stage else "outturn"
        fy = f"{year}-{(year + 1) % 100:02d}"
        problems, refused, repeats = [], [], []
        pairs = (
            [(measure_for_header(cell("measure")) or _label_measure(cell("measure")), col["value"])]
            if long
            else list(measure_cols.items())
        )
        read = 0
        for measure, j in pairs:
            if measure is None:
                problems.append(
                    (
                        headers[col["measure"]],
                        ReasonCode.UNKNOWN_MEASURE,
                        f"'{cell('measure')}' is not a measure this app knows",
                    )
                )
                continue
            try:
                value = parse_money(row[j] if j < len(row) else None, units.get(j, 1.0))
            except ValueError as exc:
                # never a blank record: a blank would replace the bundled figure when merged
                refused.append((headers[j], ReasonCode.VALUE_UNREADABLE, f"{exc}; not used (any bundled figure stays)"))
                continue
            key = (fy, stage, council_id, measure)
            if key in first:
                row_before, value_before = first[key]
                if value == value_before or (value is None and value_before is None):
                    repeats.append((headers[j], row_before))
                else:
                    refused.append(
                        (
                            headers[j],
                            ReasonCode.VALUE_CONFLICT,
                            f"a second {fy} {stage} figure for {MEASURES[measure][0]} of this council, "
                            f"differing from row {row_before}'s: row {row_before}'s is used",
                        )
                    )
                continue
            first[key] = (r.row, value)
            records.append((fy, stage, council_id, measure, value, file))
            read += 1
        if not pairs:
            problems.append(("", ReasonCode.NO_MEASURE, "no spending measure column found"))
        if read == 0 and repeats and not problems and not refused:
            before = sorted({n for _, n in repeats})
            why = f"repeats row {', '.join(map(str, before))}"
            report.append((file, sheet.name, r.row, "skipped", "", ReasonCode.DUPLICATE_ROW, why))
            continue
        problems += refused
        problems += [(c, ReasonCode.DUPLICATE_ROW, f"repeats row {n}: counted once") for c, n in repeats]
        outcome: RowOutcome = "rejected" if read == 0 and refused else "used with warning"
        if problems:
            report += [(file, sheet.name, r.row, outcome, c, code, why) for c, code, why in problems]
        else:
            report.append((file, sheet.name, r.row, "used", "", ReasonCode.USED, ""))
    table = pd.DataFrame(records, columns=["year", "stage", "council_id", "measure", "value_gbp", "source_file"])
    table["value_gbp"] = table["value_gbp"].astype("float64")
    return _with_register(table, register), report_frame(report), pd.DataFrame(unmatched)


def _council_for(code: str, name: str, override: str | None, index: CouncilIndex, year: int) -> str | CouncilMatch:
    """The council a row names: the user's choice for its name, else its code, else its name; or the
    match that failed (by name)."""
    if override is not None and override in index.info:
        return override
    m = match_council(code, index, year) if code else None
    if m is None or m.result != "matched":
        m = match_council(name, index, year)
    return m.council_id if m.result == "matched" and m.council_id is not None else m


def _label_measure(text: object) -> str | None:
    wanted = str(text or "").strip().lower()
    return next((k for k, (label, _) in MEASURES.items() if label.lower() == wanted), None)
