"""The row-wise upload reader as it was before the column-wise one: a reference the property tests
compare the column-wise reader with (tests/test_upload_columns.py). One row at a time, every rule
written out in the order it applies; slow (about 40 microseconds a row) and simple. Not used by the app."""

from __future__ import annotations

import pandas as pd

from analysis.councils.names import CouncilIndex, CouncilMatch, match_council
from analysis.councils.partners import split_partner_list
from analysis.readers.values import parse_basis, parse_money, parse_year
from analysis.readers.workbook import Sheet
from analysis.schemes.register import describe_collaborations, link_secondary_figures
from analysis.schemes.schema import conform, empty_schemes
from analysis.spending.returns import YEAR
from analysis.uploads.fields import IGNORE
from analysis.uploads.report import CATEGORY_CODES, ReasonCode, report_frame
from analysis.uploads.schemes import (
    UNMATCHED_CODES,
    ReadOptions,
    _shares,
    column_multipliers,
    match_partner_names,
    scheme_id_prefix,
)
from analysis.uploads.spending import _label_measure, _with_register
from analysis.uploads.table_finder import _NOTE, _TOTAL, TableLocation, _is_number, _text
from analysis.vocabulary import MEASURES, measure_for_header


def classify_rows(sheet: Sheet, location: TableLocation, money_column: int | None = None) -> pd.DataFrame:
    """Every row of the sheet: row (1-based, as the spreadsheet numbers it), category, reason.

    Categories: title, header, data, blank, totals, footnote, repeated header.
    """
    records = []
    running_sum, data_rows = 0.0, 0
    header_text = [h.lower() for h in location.headers if h] or [""]
    for i, row in enumerate(sheet.rows):
        texts = [t for t in map(_text, row) if t]
        filled = texts  # only emptiness and order matter below
        if i < location.data_start:
            cat = "header" if i in location.header_rows else "title"
            reason = "header row" if cat == "header" else "title or note above the table"
        elif not filled:
            cat, reason = "blank", "blank row"
        elif any(_TOTAL.match(t) for t in texts[:3]):
            cat, reason = "totals", f"totals row ('{texts[0][:30]}'): left out so nothing is counted twice"
        elif len(texts) == 1 and not _is_number(texts[0]) and (len(texts[0]) > 25 or _NOTE.match(texts[0])):
            cat, reason = "footnote", "footnote or note below the table"
        elif (
            len(texts) > 1
            and texts[0].lower() == header_text[0]
            and [t.lower() for t in texts] == header_text[: len(texts)]
        ):
            cat, reason = "repeated header", "the header row repeated"
        else:
            cat, reason = "data", ""
            if money_column is not None and money_column < len(row) and data_rows >= 2:
                value = row[money_column]
                if (
                    isinstance(value, int | float)
                    and value
                    and abs(value - running_sum) < 0.5
                    and not any(not _is_number(t) for t in texts)
                ):
                    cat, reason = "totals", "totals row (its figure is the sum of the rows above)"
            if cat == "data" and money_column is not None and money_column < len(row):
                value = row[money_column]
                if isinstance(value, int | float) and not isinstance(value, bool):
                    running_sum += value
                data_rows += 1
        records.append((i + 1, cat, reason))
    return pd.DataFrame(records, columns=["row", "category", "reason"])


def build_schemes(
    sheet: Sheet,
    location: TableLocation,
    index: CouncilIndex,
    file: str,
    options: ReadOptions | None = None,
    id_prefix: str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(schemes, row report, unmatched names) from a located scheme table.

    `id_prefix` (from `scheme_id_prefix`) makes scheme ids; without it they derive from the sheet's cells.
    """
    options = options or ReadOptions()
    if id_prefix is None:
        id_prefix = scheme_id_prefix(repr(sheet.rows).encode(), file, sheet.name)
    col = {f: int(j) for j, f in zip(location.mapping["column"], location.mapping["field"]) if f != IGNORE}
    headers = location.headers
    units = column_multipliers(location)
    rows = classify_rows(sheet, location, col.get("savings_gbp"))
    records, report, unmatched = [], [], []
    split_memo: dict[str, tuple[str, ...]] = {}

    def cell(row: list, key: str) -> object:
        j = col.get(key)
        return row[j] if j is not None and j < len(row) else None

    # A header that says what its figures are ("Annual saving", "Savings to date") sets the basis of rows
    # that do not say; the report names the header.
    savings_header = headers[col["savings_gbp"]] if "savings_gbp" in col else ""
    header_basis = parse_basis(savings_header)
    ident = next((k for k in ("scheme_name", "partners", "service_area") if k in col), None)
    ident_header = headers[col[ident]] if ident else ""

    for r in rows.itertuples(index=False):
        if r.category != "data":
            report.append((file, sheet.name, r.row, "skipped", "", CATEGORY_CODES[r.category], r.reason))
            continue
        row = sheet.rows[r.row - 1]
        problems: list[tuple[str, ReasonCode, str]] = []
        notes: list[tuple[str, ReasonCode, str]] = []
        name = str(cell(row, "scheme_name") or "").strip()
        raw_partners = cell(row, "partners")
        key = str(raw_partners)
        if key not in split_memo:  # registers repeat the same partner lists
            split_memo[key] = split_partner_list(raw_partners, index)
        partners = split_memo[key]
        service = str(cell(row, "service_area") or "").strip()
        if not name and not partners and not service:
            report.append(
                (
                    file,
                    sheet.name,
                    r.row,
                    "rejected",
                    ident_header,
                    ReasonCode.NO_IDENTITY,
                    "no scheme name, partners or service: nothing to identify the scheme",
                )
            )
            continue
        if not name and "scheme_name" not in col:  # registers that name a scheme by what is shared and by whom
            name = " — ".join(p for p in (service, ", ".join(partners)) if p)
        elif not name:
            name = f"(unnamed scheme, row {r.row})"
            problems.append((headers[col["scheme_name"]], ReasonCode.NO_NAME, "no scheme name; named after its row"))

        def money(key: str, row: list = row, problems: list = problems) -> float:
            try:
                value = parse_money(cell(row, key), units.get(col.get(key, -1), 1.0))
                return float("nan") if value is None else value
            except ValueError as exc:
                problems.append((headers[col[key]], ReasonCode.BAD_MONEY, f"{exc}; left blank"))
                return float("nan")

        def year(key: str, row: list = row, problems: list = problems) -> object:
            try:
                value = parse_year(cell(row, key))
                return pd.NA if value is None else value
            except ValueError as exc:
                problems.append((headers[col[key]], ReasonCode.BAD_YEAR, f"{exc}; left blank"))
                return pd.NA

        savings = money("savings_gbp")
        if savings == savings and savings < 0:
            problems.append((savings_header, ReasonCode.NEGATIVE_SAVING, "negative saving (a cost?): kept as written"))
        basis = parse_basis(cell(row, "basis")) or parse_basis(
            cell(row, "savings_gbp") if isinstance(cell(row, "savings_gbp"), str) else None, cell(row, "period")
        )
        if savings == savings and basis is None and header_basis is not None:
            basis = header_basis
            notes.append(
                (
                    savings_header,
                    ReasonCode.BASIS_FROM_HEADER,
                    f"basis {basis}, from the column header '{savings_header}'",
                )
            )
        if savings == savings and basis is None:
            basis = options.default_basis
            if basis is None:
                problems.append(
                    (
                        headers[col.get("basis", col["savings_gbp"])],
                        ReasonCode.NO_BASIS,
                        "basis not stated (annual? cumulative?): the figure is shown but not counted",
                    )
                )
            else:
                problems.append(
                    (
                        headers[col.get("basis", col["savings_gbp"])],
                        ReasonCode.BASIS_DEFAULTED,
                        f"basis not stated: read as {basis}",
                    )
                )
        reported, start = year("year_reported"), year("start_year")
        ids, partner_problems, missing = match_partner_names(
            partners, index, None if pd.isna(reported) else int(reported), options.name_overrides
        )
        problems += [(headers[col["partners"]], code, why) for code, why in partner_problems]
        unmatched += [u | {"row": r.row} for u in missing]
        try:
            shares, scaled = (
                _shares(cell(row, "partner_shares"), len(partners)) if "partner_shares" in col else (None, None)
            )
        except ValueError as exc:
            problems.append((headers[col["partner_shares"]], ReasonCode.SHARES_IGNORED, f"{exc}; shares ignored"))
            shares, scaled = None, None
        if scaled is not None:
            problems.append((headers[col["partner_shares"]], ReasonCode.SHARES_SCALED, scaled))
        records.append(
            {
                "source_row": r.row,
                "scheme_name": name,
                "partners": partners,
                "partner_ids": tuple(ids),
                "partner_names": tuple(index.info[c]["name"] for c in ids),
                "partner_classes": tuple(index.info[c]["class"] for c in ids),
                "unmatched_partners": tuple(why for code, why in partner_problems if code in UNMATCHED_CODES),
                "service_area": service,
                "savings_gbp": savings,
                "basis": basis or "",
                "period": str(cell(row, "period") or ""),
                "year_reported": reported,
                "start_year": start,
                "status": str(cell(row, "status") or "unknown").strip().lower() or "unknown",
                "source_url": str(cell(row, "source_url") or ""),
                "source_quote": "",
                "notes": str(cell(row, "notes") or ""),
                "external_funding_gbp": money("external_funding_gbp")
                if "external_funding_gbp" in col
                else float("nan"),
                "implementation_cost_gbp": money("implementation_cost_gbp")
                if "implementation_cost_gbp" in col
                else float("nan"),
                "partner_shares": shares,
                "listed_in": "",
                "is_secondary": False,
                "has_figure": savings == savings,
                "origin": f"your upload: {file}",
            }
        )
        report += [(file, sheet.name, r.row, "used with warning", c, code, why) for c, code, why in problems]
        report += [(file, sheet.name, r.row, "used", c, code, why) for c, code, why in notes]
        if not problems and not notes:
            report.append((file, sheet.name, r.row, "used", "", ReasonCode.USED, ""))
    schemes = empty_schemes()
    if records:
        schemes = pd.DataFrame.from_records(records)
        schemes.insert(0, "scheme_id", [f"{id_prefix}-{r}" for r in schemes["source_row"]])
        for c in ("source_row", "year_reported", "start_year"):
            schemes[c] = schemes[c].astype("Int64")
        schemes = conform(describe_collaborations(link_secondary_figures(schemes)))
    return schemes, report_frame(report), pd.DataFrame(unmatched)


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
    long = "measure" in col and "value" in col and not measure_cols
    title_year = YEAR.search(location.titles)
    records, report, unmatched = [], [], []
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
        override = options.name_overrides.get(name or code)
        council_id: str | None = None
        m: CouncilMatch | None = None
        if override is not None and override in index.info:
            council_id = override
        else:
            m = match_council(code, index, year) if code else None
            if m is None or m.result != "matched":
                m = match_council(name, index, year)
            council_id = m.council_id if m.result == "matched" else None
        if m is not None and council_id is None:
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
        outcome = "rejected" if read == 0 and refused else "used with warning"
        if problems:
            report += [(file, sheet.name, r.row, outcome, c, code, why) for c, code, why in problems]
        else:
            report.append((file, sheet.name, r.row, "used", "", ReasonCode.USED, ""))
    table = pd.DataFrame(records, columns=["year", "stage", "council_id", "measure", "value_gbp", "source_file"])
    table["value_gbp"] = table["value_gbp"].astype("float64")
    return _with_register(table, register), report_frame(report), pd.DataFrame(unmatched)
