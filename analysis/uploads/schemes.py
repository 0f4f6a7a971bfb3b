"""Uploaded scheme registers: rows to canonical scheme records, each row accounted for.

Every spreadsheet row ends up used, used with warnings, rejected or skipped, with its own row
number, the column and the reason. A scheme with no savings figure is kept.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

import pandas as pd

from analysis.councils.names import CouncilIndex, match_council
from analysis.councils.partners import split_partner_list
from analysis.readers.values import parse_basis, parse_money, parse_year, unit_in_text
from analysis.readers.workbook import Sheet
from analysis.schemes.register import describe_collaborations, link_secondary_figures
from analysis.uploads.fields import IGNORE
from analysis.uploads.table_finder import TableLocation, classify_rows

REPORT_COLUMNS = ["file", "sheet", "row", "status", "column", "reason"]


@dataclass(frozen=True)
class ReadOptions:
    """Choices the user makes about a whole file."""

    default_basis: str | None = None  # basis for rows that do not say; None: not stated
    name_overrides: dict[str, str] = field(default_factory=dict)  # name as written -> council_id
    status: str = "outturn"  # spending tables: budget or outturn when not stated


def column_multipliers(location: TableLocation) -> dict[int, float]:
    """£ multiplier per money column: the header's unit, else the title's, else pounds."""
    title_unit = unit_in_text(location.titles)
    return {j: unit_in_text(location.headers[j]) or title_unit or 1.0 for j in range(len(location.headers))}


def _shares(text: object, n: int) -> tuple[float, ...] | None:
    if text is None or not str(text).strip():
        return None
    numbers = [float(x) for x in re.findall(r"\d+(?:\.\d+)?", str(text))]
    if len(numbers) != n or sum(numbers) <= 0:
        raise ValueError(f"'{text}' does not give one share for each of the {n} partners")
    return tuple(x / sum(numbers) for x in numbers)


def match_partner_names(
    names: tuple[str, ...], index: CouncilIndex, year: int | None, overrides: dict[str, str]
) -> tuple[list[str], list[str], list[dict]]:
    """(council ids, problems, unmatched rows with suggestions) for one row's partners."""
    ids, problems, unmatched = [], [], []
    for name in names:
        if name in overrides and overrides[name] in index.info:
            ids.append(overrides[name])
            continue
        m = match_council(name, index, year)
        if m.status == "matched":
            ids.append(m.council_id)
            if m.method == "fuzzy":
                problems.append(f"'{name}' matched to {m.name} by a close spelling (score {m.score:.0f})")
        else:
            problems.append(
                f"partner '{name}' is {m.status}"
                + (f" (did you mean {', '.join(m.suggestions)}?)" if m.suggestions else "")
            )
            unmatched.append({"name": name, "status": m.status, "suggestions": "; ".join(m.suggestions)})
    return list(dict.fromkeys(ids)), problems, unmatched


def scheme_id_prefix(data: bytes, file: str, sheet: str) -> str:
    """'U' and 12 hex digits of the sha256 of the file's name, sheet and bytes: the same in every
    process, different for different files (ids of two same-named files never collide)."""
    digest = hashlib.sha256(file.encode() + b"\0" + sheet.encode() + b"\0" + data).hexdigest()
    return f"U{digest[:12]}"


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
            report.append((file, sheet.name, r.row, "skipped", "", r.reason))
            continue
        row = sheet.rows[r.row - 1]
        problems: list[tuple[str, str]] = []
        notes: list[tuple[str, str]] = []
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
                    "no scheme name, partners or service: nothing to identify the scheme",
                )
            )
            continue
        if not name and "scheme_name" not in col:  # registers that name a scheme by what is shared and by whom
            name = " — ".join(p for p in (service, ", ".join(partners)) if p)
        elif not name:
            name = f"(unnamed scheme, row {r.row})"
            problems.append((headers[col["scheme_name"]], "no scheme name; named after its row"))

        def money(key: str, row: list = row, problems: list = problems) -> float:
            try:
                value = parse_money(cell(row, key), units.get(col.get(key, -1), 1.0))
                return float("nan") if value is None else value
            except ValueError as exc:
                problems.append((headers[col[key]], f"{exc}; left blank"))
                return float("nan")

        def year(key: str, row: list = row, problems: list = problems) -> object:
            try:
                value = parse_year(cell(row, key))
                return pd.NA if value is None else value
            except ValueError as exc:
                problems.append((headers[col[key]], f"{exc}; left blank"))
                return pd.NA

        savings = money("savings_gbp")
        if savings == savings and savings < 0:
            problems.append((savings_header, "negative saving (a cost?): kept as written"))
        basis = parse_basis(cell(row, "basis")) or parse_basis(
            cell(row, "savings_gbp") if isinstance(cell(row, "savings_gbp"), str) else None, cell(row, "period")
        )
        if savings == savings and basis is None and header_basis is not None:
            basis = header_basis
            notes.append((savings_header, f"basis {basis}, from the column header '{savings_header}'"))
        if savings == savings and basis is None:
            basis = options.default_basis
            if basis is None:
                problems.append(
                    (
                        headers[col.get("basis", col["savings_gbp"])],
                        "basis not stated (annual? cumulative?): the figure is shown but not counted",
                    )
                )
            else:
                problems.append((headers[col.get("basis", col["savings_gbp"])], f"basis not stated: read as {basis}"))
        reported, start = year("year_reported"), year("start_year")
        ids, partner_problems, missing = match_partner_names(
            partners, index, None if pd.isna(reported) else int(reported), options.name_overrides
        )
        problems += [(headers[col["partners"]], p) for p in partner_problems]
        unmatched += [u | {"row": r.row} for u in missing]
        try:
            shares = _shares(cell(row, "partner_shares"), len(partners)) if "partner_shares" in col else None
        except ValueError as exc:
            problems.append((headers[col["partner_shares"]], f"{exc}; shares ignored"))
            shares = None
        records.append(
            {
                "source_row": r.row,
                "scheme_name": name,
                "partners": partners,
                "partner_ids": tuple(ids),
                "partner_names": tuple(index.info[c]["name"] for c in ids),
                "partner_classes": tuple(index.info[c]["class"] for c in ids),
                "unmatched_partners": tuple(p for _, p in problems if p.startswith("partner '")),
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
        report += [(file, sheet.name, r.row, "used with warning", c, why) for c, why in problems]
        report += [(file, sheet.name, r.row, "used", c, why) for c, why in notes]
        if not problems and not notes:
            report.append((file, sheet.name, r.row, "used", "", ""))
    schemes = pd.DataFrame.from_records(records)
    if len(schemes):
        schemes.insert(0, "scheme_id", [f"{id_prefix}-{r}" for r in schemes["source_row"]])
        schemes["year_reported"] = schemes["year_reported"].astype("Int64")
        schemes["start_year"] = schemes["start_year"].astype("Int64")
        schemes = describe_collaborations(link_secondary_figures(schemes))
    return schemes, pd.DataFrame(report, columns=REPORT_COLUMNS), pd.DataFrame(unmatched)


def summarise_report(report: pd.DataFrame) -> pd.DataFrame:
    """One line per spreadsheet row: its overall status (a row with any warning is 'used with warning')."""
    order = {"rejected": 0, "used with warning": 1, "used": 2, "skipped": 3}
    worst = report.assign(o=report["status"].map(order)).sort_values("o").drop_duplicates(["file", "sheet", "row"])
    return worst.drop(columns="o").sort_values(["file", "sheet", "row"])
