"""An uploaded file from bytes to records: safety checks, the sheet, the table, the mapping,
the rows, and a report in which every row of the sheet is accounted for."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pandas as pd

from analysis.dataset import Dataset
from analysis.errors import NoTableFound
from analysis.readers.workbook import Sheet
from analysis.spending.baselines import national_totals
from analysis.spending.returns import choose_authority_sheet, is_return_layout
from analysis.uploads.files import DEFAULT_LIMITS, Limits, read_upload
from analysis.uploads.schemes import REPORT_COLUMNS, ReadOptions, build_schemes, summarise_report
from analysis.uploads.spending import build_spending, build_spending_from_return
from analysis.uploads.table_finder import TableLocation, classify_rows, locate_table


@dataclass(frozen=True)
class UploadResult:
    file: str
    kind: str  # schemes | spending
    sheet: str
    sheets: tuple[str, ...]  # visible sheets the user can choose from
    location: TableLocation | None  # None for the department's own return layout
    schemes: pd.DataFrame
    spending: pd.DataFrame
    report: pd.DataFrame  # one line per (row, problem); see summarise_report for one per row
    unmatched: pd.DataFrame
    rows_in_sheet: int

    @property
    def row_summary(self) -> pd.DataFrame:
        return summarise_report(self.report)

    @property
    def counts(self) -> dict[str, int]:
        counts = self.row_summary["status"].value_counts().to_dict()
        return {k: int(counts.get(k, 0)) for k in ("used", "used with warning", "rejected", "skipped")}


def _data_rows(sheet: Sheet, location: TableLocation) -> int:
    return int((classify_rows(sheet, location)["category"] == "data").sum())


def choose_table(
    sheets: list[Sheet], kind: str | None = None, sheet_name: str | None = None
) -> tuple[Sheet, TableLocation | None, str]:
    """(sheet, location, kind): the named sheet, or the visible sheet with the largest plausible table."""
    visible = [s for s in sheets if not s.hidden]
    pool = [s for s in visible if s.name == sheet_name] if sheet_name else visible
    if sheet_name and not pool:
        raise NoTableFound(f"There is no visible sheet called '{sheet_name}'.")
    best: tuple[int, Sheet, TableLocation | None, str] | None = None
    returns = [s for s in pool if is_return_layout(s)] if kind in (None, "spending") else []
    if returns:
        return choose_authority_sheet(returns), None, "spending"
    found = [(s, loc) for s in pool if (loc := locate_table(s, kind)) is not None]
    for s, location in found:
        size = _data_rows(s, location) if len(found) > 1 else 1  # only compare sizes when there is a choice
        if best is None or size > best[0]:
            best = (size, s, location, location.kind)
    if best is None:
        what = {"schemes": "a scheme register", "spending": "a spending table"}.get(
            kind, "a scheme register or a spending table"
        )
        raise NoTableFound(
            f"No table that looks like {what} was found"
            + (f" in sheet '{sheet_name}'" if sheet_name else "")
            + ". The header row needs columns such as 'Scheme', 'Partners' and 'Savings', or 'Council' and a"
            " spending measure. Download the template to see the expected headers."
        )
    return best[1], best[2], best[3]


def read_uploaded_file(
    data: bytes,
    filename: str,
    dataset: Dataset,
    kind: str | None = None,
    sheet_name: str | None = None,
    mapping: pd.DataFrame | None = None,
    options: ReadOptions | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> UploadResult:
    """Everything read from one upload. Raises InputProblem (or a subclass) with a plain message."""
    options = options or ReadOptions()
    sheets = read_upload(data, filename, limits)
    sheet, location, kind = choose_table(sheets, kind, sheet_name)
    names = tuple(s.name for s in sheets if not s.hidden)
    empty_schemes, empty_unmatched = pd.DataFrame(), pd.DataFrame()
    if location is None:
        spending, report = build_spending_from_return(sheets, filename, dataset.register)
        return UploadResult(
            filename,
            "spending",
            sheet.name,
            names,
            None,
            empty_schemes,
            spending,
            report,
            empty_unmatched,
            len(sheet.rows),
        )
    if mapping is not None:
        location = dataclasses.replace(location, mapping=mapping)
        if kind == "schemes" and "scheme_name" not in set(mapping["field"]):
            raise NoTableFound("The mapping has no 'Scheme name' column: choose which column names the schemes.")
        if kind == "spending" and not {"council", "council_code"} & set(mapping["field"]):
            raise NoTableFound("The mapping has no council column: choose which column names the councils.")
    if kind == "schemes":
        schemes, report, unmatched = build_schemes(sheet, location, dataset.index, filename, options)
        spending = pd.DataFrame()
    else:
        spending, report, unmatched = build_spending(
            sheet, location, dataset.index, dataset.register, filename, options
        )
        schemes = pd.DataFrame()
    return UploadResult(
        filename, kind, sheet.name, names, location, schemes, spending, report, unmatched, len(sheet.rows)
    )


def merge_uploads(dataset: Dataset, results: list[UploadResult], mode: str = "add") -> Dataset:
    """The dataset with uploaded data: schemes added to (or replacing) the register's; uploaded
    spending added, replacing bundled figures for the same council, year, status and measure."""
    uploaded = [r.schemes for r in results if len(r.schemes)]
    schemes = dataset.schemes
    if uploaded:
        mine = pd.concat(uploaded, ignore_index=True)
        schemes = mine if mode == "replace" else pd.concat([dataset.schemes, mine], ignore_index=True)
    spending = dataset.spending
    extra = [r.spending for r in results if len(r.spending)]
    if extra:
        mine = pd.concat(extra, ignore_index=True)
        key = ["council_id", "year", "status", "measure"]
        keep = ~spending.set_index(key).index.isin(mine.set_index(key).index)
        spending = pd.concat([spending[keep], mine], ignore_index=True)
    return dataclasses.replace(dataset, schemes=schemes, spending=spending, national=national_totals(spending))


def combined_report(results: list[UploadResult]) -> pd.DataFrame:
    """Every upload's row report in one table, ready to download."""
    frames = [r.report for r in results]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=REPORT_COLUMNS)
