"""An uploaded file from bytes to records: safety checks, the sheet, the table, the mapping,
the rows, and a report in which every row of the sheet is accounted for."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass

import pandas as pd

from analysis.dataset import Dataset
from analysis.errors import NoTableFound
from analysis.readers.workbook import Sheet
from analysis.schemes.schema import conform, empty_schemes
from analysis.spending.baselines import national_totals
from analysis.spending.returns import choose_authority_sheet, is_return_layout
from analysis.uploads.fields import IGNORE, missing_fields
from analysis.uploads.files import DEFAULT_LIMITS, Limits, read_upload
from analysis.uploads.report import REPORT_COLUMNS, summarise_report
from analysis.uploads.schemes import ReadOptions, build_schemes, scheme_id_prefix
from analysis.uploads.spending import build_spending, build_spending_from_return
from analysis.uploads.table_finder import TableLocation, classify_rows, locate_table, location_at


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
    key: str = ""  # sha256 of the file's bytes and every setting of the read (see `read_key`)

    @property
    def row_summary(self) -> pd.DataFrame:
        return summarise_report(self.report)

    @property
    def counts(self) -> dict[str, int]:
        counts = self.row_summary["outcome"].value_counts().to_dict()
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
            kind or "", "a scheme register or a spending table"
        )
        raise NoTableFound(
            f"No table that looks like {what} was found"
            + (f" in sheet '{sheet_name}'" if sheet_name else "")
            + ". The header row needs columns such as 'Scheme', 'Partners' and 'Savings', or 'Council' and a"
            " spending measure. Choose the header row and the column for each field below to read it"
            " by hand, or download the template to see the expected headers."
        )
    return best[1], best[2], best[3]


def read_key(
    data: bytes,
    filename: str,
    kind: str | None,
    sheet_name: str | None,
    header_row: int | None,
    mapping: pd.DataFrame | None,
    options: ReadOptions,
) -> str:
    """The identity of one read: sha256 of the file's bytes, its name and every setting that changes
    what is read. Two reads share a key only if they read the same bytes the same way."""
    settings = json.dumps(
        {
            "file": filename,
            "kind": kind,
            "sheet": sheet_name,
            "header_row": header_row,
            "mapping": None if mapping is None else mapping[["column", "field"]].astype(str).values.tolist(),
            "default_basis": options.default_basis,
            "overrides": sorted(options.name_overrides.items()),
            "stage": options.stage,
        },
        sort_keys=True,
    )
    return hashlib.sha256(hashlib.sha256(data).digest() + settings.encode()).hexdigest()


def _sheet_for_manual_read(sheets: list[Sheet], sheet_name: str | None) -> Sheet:
    visible = [s for s in sheets if not s.hidden]
    if sheet_name is not None:
        chosen = next((s for s in visible if s.name == sheet_name), None)
        if chosen is None:
            raise NoTableFound(f"There is no visible sheet called '{sheet_name}'.")
        return chosen
    return next((s for s in visible if s.rows), visible[0])


def read_uploaded_file(
    data: bytes,
    filename: str,
    dataset: Dataset,
    kind: str | None = None,
    sheet_name: str | None = None,
    mapping: pd.DataFrame | None = None,
    options: ReadOptions | None = None,
    limits: Limits = DEFAULT_LIMITS,
    header_row: int | None = None,
) -> UploadResult:
    """Everything read from one upload. Raises InputProblem (or a subclass) with a plain message.

    With `header_row` (1-based, as the spreadsheet numbers it) the table is the one under that row of
    the chosen sheet, and no detection is done: the way forward when detection fails or is wrong.
    """
    options = options or ReadOptions()
    key = read_key(data, filename, kind, sheet_name, header_row, mapping, options)
    sheets = read_upload(data, filename, limits)
    location: TableLocation | None
    if header_row is not None:
        sheet = _sheet_for_manual_read(sheets, sheet_name)
        location = location_at(sheet, header_row, kind)
        kind = location.kind
    else:
        sheet, location, kind = choose_table(sheets, kind, sheet_name)
    names = tuple(s.name for s in sheets if not s.hidden)
    empty_unmatched = pd.DataFrame()
    if location is None:
        spending, report = build_spending_from_return(sheets, filename, dataset.register)
        return UploadResult(
            filename,
            "spending",
            sheet.name,
            names,
            None,
            empty_schemes(),
            spending,
            report,
            empty_unmatched,
            len(sheet.rows),
            key,
        )
    if mapping is not None:
        location = dataclasses.replace(location, mapping=_fit(mapping, location.headers))
    missing = missing_fields(set(location.mapping["field"]), kind)
    if missing:
        raise NoTableFound(missing)
    if kind == "schemes":
        prefix = scheme_id_prefix(data, filename, sheet.name)
        schemes, report, unmatched = build_schemes(sheet, location, dataset.index, filename, options, prefix)
        spending = pd.DataFrame()
    else:
        spending, report, unmatched = build_spending(
            sheet, location, dataset.index, dataset.register, filename, options
        )
        schemes = empty_schemes()
    return UploadResult(
        filename, kind, sheet.name, names, location, schemes, spending, report, unmatched, len(sheet.rows), key
    )


def _fit(mapping: pd.DataFrame, headers: tuple[str, ...]) -> pd.DataFrame:
    """A saved or edited mapping on this table's columns: columns it does not know are ignored, and
    columns beyond the table's width are dropped (never an index error)."""
    fields = dict(zip(mapping["column"].astype(int), mapping["field"]))
    confidence = dict(zip(mapping["column"].astype(int), mapping.get("confidence", pd.Series(1.0, mapping.index))))
    return pd.DataFrame(
        [
            {"column": j, "header": h, "field": fields.get(j, IGNORE), "confidence": confidence.get(j, 0.0)}
            for j, h in enumerate(headers)
        ]
    )


def merge_uploads(dataset: Dataset, results: list[UploadResult], mode: str = "add") -> Dataset:
    """The dataset with uploaded data: schemes added to (or replacing) the register's; uploaded
    spending added, replacing bundled figures for the same council, year, stage (budget or outturn) and measure.

    Each figure counts once: where uploads give the same council, year, stage and measure twice, the
    later upload's figure is used. An uploaded blank (not stated) never replaces a bundled figure."""
    uploaded = [r.schemes for r in results if len(r.schemes)]
    schemes = dataset.schemes
    if uploaded:
        mine = pd.concat(uploaded, ignore_index=True)
        schemes = conform(mine if mode == "replace" else pd.concat([dataset.schemes, mine], ignore_index=True))
    spending = dataset.spending
    extra = [r.spending for r in results if len(r.spending)]
    if extra:
        key = ["council_id", "year", "stage", "measure"]
        mine = pd.concat(extra, ignore_index=True)
        # stated figures after blanks, so the last of each key is the latest upload's stated figure if any
        stated = mine["value_gbp"].notna()
        mine = pd.concat([mine[~stated], mine[stated]]).drop_duplicates(key, keep="last").sort_index()
        bundled = spending.set_index(key).index
        blank_over_bundled = mine["value_gbp"].isna().to_numpy() & mine.set_index(key).index.isin(bundled)
        mine = mine[~blank_over_bundled]
        keep = ~bundled.isin(mine.set_index(key).index)
        spending = pd.concat([spending[keep], mine], ignore_index=True)
    return dataclasses.replace(dataset, schemes=schemes, spending=spending, national=national_totals(spending))


def combined_report(results: list[UploadResult]) -> pd.DataFrame:
    """Every upload's row report in one table, ready to download."""
    frames = [r.report for r in results]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=REPORT_COLUMNS)
