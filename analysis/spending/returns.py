"""Reading DCLG/MHCLG revenue workbooks (RS outturn, RA budget) into one tidy table.

Every vintage moves its columns, so columns are found by header and the per-authority
sheet is chosen by its content, never by position or name alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.errors import NoTableFound
from analysis.readers.cells import is_missing_marker, parse_number
from analysis.readers.workbook import Rows, Sheet, read_workbook
from analysis.vocabulary import MEASURES, TOTAL_MEASURES, Stage, measure_for_normalised, normalise_header

ECODE = re.compile(r"^E\d{4}$")
YEAR = re.compile(r"(20\d\d)\s*[-/]\s*(\d\d)\b")
CLASS_CODES = {"L": "L", "LB": "L", "MD": "MD", "UA": "UA", "SC": "SC", "SD": "SD", "O": "O"}
SPENDING_COLUMNS = [
    "year",
    "stage",
    "ecode",
    "ons_code",
    "name",
    "class",
    "region",
    "measure",
    "value_gbp",
    "source_file",
]
GBP_PER_THOUSAND = 1000.0


@dataclass(frozen=True)
class SpendingRead:
    """What one workbook gave: the tidy rows and an account of how they were read."""

    table: pd.DataFrame
    rows: tuple[int, ...]  # 1-based spreadsheet rows of the authorities read
    year: str
    stage: Stage  # "outturn" or "budget"
    source_file: str
    sheet: str
    header_row: int  # 1-based spreadsheet row
    authorities: int
    missing_returns: tuple[str, ...]  # names of authorities with no figures at all
    measures_found: tuple[str, ...]
    notes: tuple[str, ...] = field(default=())


_ECODE_HEADERS = {"e-code", "e code", "ecode"}


def _header_row(rows: Rows) -> int | None:
    for i, row in enumerate(rows[:60]):
        if not any(isinstance(c, str) and c.strip().lower() in _ECODE_HEADERS for c in row[:3]):
            continue  # cheap test first: the E-code column leads the header in every vintage
        cells = {normalise_header(c) for c in row}
        if {"e code", "local authority", "class"} <= cells:
            return i
    return None


@dataclass(frozen=True)
class _Layout:
    """Where things are in one per-authority sheet (0-based indices)."""

    sheet: Sheet
    header: int
    columns: dict[str, int]  # e code, local authority, class: always there (the header row is found by them)
    optional: dict[str, int | None]  # ons code, region: not in every vintage
    measures: dict[str, int]
    rows: list[int]


def _layout(sheet: Sheet) -> _Layout | None:
    header = _header_row(sheet.rows)
    if header is None:
        return None
    normalised = [normalise_header(c) for c in sheet.rows[header]]
    columns = {k: normalised.index(k) for k in ("e code", "local authority", "class")}
    optional = {k: normalised.index(k) if k in normalised else None for k in ("ons code", "region")}
    measures: dict[str, int] = {}
    for j, text in enumerate(normalised):
        key = measure_for_normalised(text)
        if key and key not in measures:  # first occurrence: later reuse means something else
            measures[key] = j
    end = _table_end(sheet.rows, header + 1, columns["local authority"])
    rows = [i for i in range(header + 1, end) if ECODE.match(str(sheet.rows[i][0]).strip())]
    return _Layout(sheet, header, columns, optional, measures, rows)


def _table_end(rows: Rows, start: int, name_col: int) -> int:
    """Index one past the authority block: stops at ENGLAND totals or a repeated header."""
    for i in range(start, len(rows)):
        row = rows[i]
        first = str(row[0]).strip().lower() if row else ""
        name = str(row[name_col]).strip().lower() if len(row) > name_col else ""
        if first in _ECODE_HEADERS or name in {"england", "class breakdown"}:
            return i
    return len(rows)


def _content_score(layout: _Layout) -> tuple[int, int]:
    """How much real per-authority spending a sheet holds: (key totals with data, has NCE title)."""
    with_data = 0
    for key in TOTAL_MEASURES:
        j = layout.measures.get(key)
        if j is not None and any(_safe_number(layout.sheet.rows[i][j]) not in (None, 0.0) for i in layout.rows):
            with_data += 1
    titles = " ".join(str(r[0]) for r in layout.sheet.rows[: layout.header]).lower()
    return (with_data, int("net current expenditure" in titles))


def _safe_number(cell: object) -> float | None:
    try:
        return parse_number(cell)
    except ValueError:
        return None


def _best_layout(sheets: list[Sheet]) -> _Layout:
    layouts = [(k, layout) for k, s in enumerate(sheets) if not s.hidden and (layout := _layout(s)) is not None]
    scored = [(_content_score(layout), -k, layout) for k, layout in layouts]
    scored = [t for t in scored if t[0][0] > 0]
    if not scored:
        raise NoTableFound(
            "No sheet in this workbook has one row per authority with E-code, local authority,"
            " class and spending totals (such as TOTAL SERVICE EXPENDITURE)."
        )
    return max(scored, key=lambda t: (t[0], t[1]))[2]


def choose_authority_sheet(sheets: list[Sheet]) -> Sheet:
    """The visible sheet holding net current expenditure per authority, chosen by content."""
    return _best_layout(sheets).sheet


def _year_and_stage(sheet: Sheet, header: int, source_file: str) -> tuple[str, Stage]:
    titles = " ".join(str(r[0]) for r in sheet.rows[:header] if r)
    text = f"{titles} {sheet.name} {source_file}"
    match = YEAR.search(text)
    if not match:
        raise NoTableFound(f"{source_file}: cannot tell which financial year the figures are for.")
    year = f"{match.group(1)}-{match.group(2)}"
    stage: Stage = "budget" if re.search(r"budget|\bRA\b", titles + " " + sheet.name) else "outturn"
    return year, stage


def read_spending_workbook(source: Path | bytes, source_file: str) -> SpendingRead:
    """Read one RS/RA workbook into tidy rows (values in pounds, missing markers as NaN)."""
    return parse_spending_sheets(read_workbook(source, source_file), source_file)


def is_return_layout(sheet: Sheet) -> bool:
    """True for the department's own layout (E-code, Local authority, Class headers)."""
    return _header_row(sheet.rows) is not None


def parse_spending_sheets(sheets: list[Sheet], source_file: str) -> SpendingRead:
    """The per-authority table of an RS/RA-layout workbook already read into sheets."""
    layout = _best_layout(sheets)
    sheet, header, cols, measures, rows = layout.sheet, layout.header, layout.columns, layout.measures, layout.rows
    year, stage = _year_and_stage(sheet, header, source_file)

    keys = list(measures)
    authorities, values, missing, seen, notes = [], [], [], set(), []
    for i in rows:
        row = sheet.rows[i]
        ecode = str(row[0]).strip()
        name = str(row[cols["local authority"]]).strip()
        if ecode in seen:
            notes.append(f"row {i + 1}: {name} ({ecode}) appears twice; counted once")
            continue
        seen.add(ecode)
        ons_col, region_col = layout.optional["ons code"], layout.optional["region"]
        ons = str(row[ons_col]).strip() if ons_col is not None else ""
        klass = CLASS_CODES.get(str(row[cols["class"]]).strip().upper(), "O")
        region = str(row[region_col]).strip() if region_col is not None else ""
        cells = [row[measures[k]] if measures[k] < len(row) else None for k in keys]
        for k, cell in zip(keys, cells):
            if type(cell) is float:  # the usual case, parsed by calamine already
                values.append(cell * GBP_PER_THOUSAND)
                continue
            try:
                number = parse_number(cell)
            except ValueError:
                notes.append(f"row {i + 1}, {MEASURES[k][0]}: {str(cell)[:30]!r} is not a number")
                number = None
            values.append(float("nan") if number is None else number * GBP_PER_THOUSAND)
        if all(is_missing_marker(c) for c in cells):
            missing.append(name)
        authorities.append((ecode, ons or None, name, klass, region or None))
    n = len(keys)
    repeated = {
        col: [a[j] for a in authorities for _ in range(n)]
        for j, col in enumerate(("ecode", "ons_code", "name", "class", "region"))
    }
    table = pd.DataFrame(
        {
            "year": [year] * len(values),
            "stage": [stage] * len(values),
            **repeated,
            "measure": keys * len(authorities),
            "value_gbp": pd.array(values, dtype="float64"),
            "source_file": [source_file] * len(values),
        }
    )
    return SpendingRead(
        table=table,
        rows=tuple(i + 1 for i in rows),
        year=year,
        stage=stage,
        source_file=source_file,
        sheet=sheet.name,
        header_row=header + 1,
        authorities=len(seen),
        missing_returns=tuple(missing),
        measures_found=tuple(measures),
        notes=tuple(notes),
    )


def national_total_gbp(
    spending: pd.DataFrame, measure: str, year: str, stage: str, exclude_other: bool = False
) -> float:
    """Sum over authority rows (missing values skipped), in pounds."""
    mask = (spending["measure"] == measure) & (spending["year"] == year) & (spending["stage"] == stage)
    if exclude_other:
        mask &= spending["class"] != "O"
    return float(spending.loc[mask, "value_gbp"].sum())


def available_years(spending: pd.DataFrame, stage: str | None = None) -> list[str]:
    """Financial years present, oldest first."""
    table = spending if stage is None else spending[spending["stage"] == stage]
    return sorted(table["year"].unique())


def reads_summary(reads: list[SpendingRead] | tuple[SpendingRead, ...]) -> pd.DataFrame:
    """One row per workbook: what was read, from where, and which returns are missing."""
    return pd.DataFrame(
        [
            {
                "file": r.source_file,
                "year": r.year,
                "budget or outturn": r.stage,
                "sheet": r.sheet,
                "header row": r.header_row,
                "authorities": r.authorities,
                "measures": len(r.measures_found),
                "missing returns": "; ".join(r.missing_returns) or "none",
            }
            for r in sorted(reads, key=lambda r: (r.year, r.stage))
        ]
    )
