"""Uploaded scheme registers: rows to canonical scheme records, each row accounted for.

Every spreadsheet row ends up used, used with warnings, rejected or skipped, with its own row
number, the column and the reason. A scheme with no savings figure is kept.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.councils.names import CouncilIndex, match_council
from analysis.councils.partners import split_partner_list
from analysis.readers.values import parse_basis, parse_money, parse_year, unit_in_text
from analysis.readers.workbook import Sheet
from analysis.schemes.register import describe_collaborations, link_secondary_figures
from analysis.schemes.schema import conform, empty_schemes
from analysis.uploads.columns import (
    Factorised,
    SheetColumns,
    each,
    each_checked,
    each_pair,
    objects,
    split,
    text_array,
)
from analysis.uploads.fields import IGNORE
from analysis.uploads.report import CATEGORY_CODES, REPORT_COLUMNS, ReasonCode
from analysis.uploads.table_finder import TableLocation, classify_rows
from analysis.vocabulary import RowOutcome


@dataclass(frozen=True)
class ReadOptions:
    """Choices the user makes about a whole file."""

    default_basis: str | None = None  # basis for rows that do not say; None: not stated
    name_overrides: dict[str, str] = field(default_factory=dict)  # name as written -> council_id
    stage: str = "outturn"  # spending tables: budget or outturn when not stated


def column_multipliers(location: TableLocation) -> dict[int, float]:
    """£ multiplier per money column: the header's unit, else the title's, else pounds."""
    title_unit = unit_in_text(location.titles)
    return {j: unit_in_text(location.headers[j]) or title_unit or 1.0 for j in range(len(location.headers))}


# A number, with its sign when a minus stands before it rather than between two numbers ("60-40" is
# two shares, "-20;120" a negative one).
_SHARE = re.compile(r"(?<![\d.])[-\u2212]?\d+(?:\.\d+)?|\d+(?:\.\d+)?")
_WHOLE = (1.0, 100.0)  # shares written as fractions or as percentages
_SCALING_TOLERANCE = 1e-3  # relative: "33.3; 33.3; 33.3" is a whole written with rounding


def _shares(text: object, n: int) -> tuple[tuple[float, ...] | None, str | None]:
    """(each partner's share as a fraction summing to 1, a note when the written shares had to be
    scaled to sum to 100%), or (None, None) when no shares are written. Raises ValueError for shares
    that cannot be used: the wrong count, a negative share, or none above zero."""
    if text is None or not str(text).strip():
        return None, None
    numbers = [float(x.replace("\u2212", "-")) for x in _SHARE.findall(str(text))]
    if any(x < 0 for x in numbers):
        raise ValueError(f"'{text}' has a negative share")
    total = sum(numbers)
    if len(numbers) != n or total <= 0:
        raise ValueError(f"'{text}' does not give one share for each of the {n} partners")
    scaled = None
    if not any(abs(total - whole) <= (_SCALING_TOLERANCE + 1e-9) * whole for whole in _WHOLE):
        scaled = f"shares '{text}' sum to {total:g}, not 100%: scaled to sum to 100%"
    return tuple(x / total for x in numbers), scaled


UNMATCHED_CODES = frozenset({ReasonCode.PARTNER_UNMATCHED, ReasonCode.PARTNER_AMBIGUOUS})


def match_partner_names(
    names: tuple[str, ...], index: CouncilIndex, year: int | None, overrides: dict[str, str]
) -> tuple[list[str], list[tuple[ReasonCode, str]], list[dict]]:
    """(council ids, problems as (code, reason), unmatched rows with suggestions) for one row's partners.
    A name not matched to one council has a problem coded PARTNER_UNMATCHED or PARTNER_AMBIGUOUS."""
    ids: list[str] = []
    problems: list[tuple[ReasonCode, str]] = []
    unmatched: list[dict] = []
    for name in names:
        if name in overrides and overrides[name] in index.info:
            ids.append(overrides[name])
            continue
        m = match_council(name, index, year)
        if m.result == "matched" and m.council_id is not None:
            ids.append(m.council_id)
            if m.method == "fuzzy":
                problems.append(
                    (
                        ReasonCode.PARTNER_FUZZY,
                        f"'{name}' matched to {m.name} by a close spelling (score {m.score:.0f})",
                    )
                )
        else:
            code = ReasonCode.PARTNER_AMBIGUOUS if m.result == "ambiguous" else ReasonCode.PARTNER_UNMATCHED
            problems.append(
                (
                    code,
                    f"partner '{name}' is {m.result}"
                    + (f" (did you mean {', '.join(m.suggestions)}?)" if m.suggestions else ""),
                )
            )
            unmatched.append({"name": name, "result": m.result, "suggestions": "; ".join(m.suggestions)})
    return list(dict.fromkeys(ids)), problems, unmatched


def scheme_id_prefix(data: bytes, file: str, sheet: str) -> str:
    """'U' and 12 hex digits of the sha256 of the file's name, sheet and bytes: the same in every
    process, different for different files (ids of two same-named files never collide)."""
    digest = hashlib.sha256(file.encode() + b"\0" + sheet.encode() + b"\0")
    digest.update(data)  # the same digest as of the joined bytes, without copying a large file
    return f"U{digest.hexdigest()[:12]}"


def _text_or(default: str = "") -> Callable[[object], str]:
    return lambda v: str(v or default)


def _stripped(v: object) -> str:
    return str(v or "").strip()


def _status(v: object) -> str:
    return str(v or "unknown").strip().lower() or "unknown"


class _Report:
    """Report lines gathered field by field, put in the row-wise order at the end: by row, then by
    the order in which the rules apply within a row."""

    def __init__(self) -> None:
        self.rows: list[np.ndarray] = []
        self.steps: list[np.ndarray] = []
        self.outcome: list[np.ndarray] = []
        self.column: list[np.ndarray] = []
        self.code: list[np.ndarray] = []
        self.reason: list[np.ndarray] = []

    def add(
        self, step: int, rows: np.ndarray, outcome: RowOutcome, column: object, code: object, reason: object
    ) -> None:
        """Lines for `rows`; `column`, `code` and `reason` are one value for all or an array of one each."""
        if not len(rows):
            return
        self.rows.append(np.asarray(rows, dtype=np.int64))
        self.steps.append(np.full(len(rows), step, dtype=np.int64))
        for target, value in (
            (self.outcome, outcome),
            (self.column, column),
            (self.code, code),
            (self.reason, reason),
        ):
            target.append(
                np.asarray(value, dtype=object)
                if isinstance(value, np.ndarray | list)
                else objects([value] * len(rows))
            )

    def frame(self, file: str, sheet: str) -> pd.DataFrame:
        if not self.rows:
            return pd.DataFrame([], columns=REPORT_COLUMNS)
        rows, steps = np.concatenate(self.rows), np.concatenate(self.steps)
        order = np.lexsort((np.arange(len(rows)), steps, rows))
        n = len(rows)
        return pd.DataFrame(
            {
                "file": text_array([file] * n),
                "sheet": text_array([sheet] * n),
                "row": rows[order],
                "outcome": text_array(np.concatenate(self.outcome)[order].tolist()),
                "column": text_array(np.concatenate(self.column)[order].tolist()),
                "code": text_array([str(c) for c in np.concatenate(self.code)[order].tolist()]),
                "reason": text_array(np.concatenate(self.reason)[order].tolist()),
            }
        )


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

    Column-wise: every field's distinct cells are read once (money, years, basis words, partner lists,
    each partner list matched once per year), and the report is put together from column masks in the
    order the rules apply to a row: the name, the saving, its sign, its basis, the years, the partners,
    the shares, the other amounts; notes after warnings; one line per row.
    """
    options = options or ReadOptions()
    if id_prefix is None:
        id_prefix = scheme_id_prefix(repr(sheet.rows).encode(), file, sheet.name)
    col = {f: int(j) for j, f in zip(location.mapping["column"], location.mapping["field"]) if f != IGNORE}
    headers = location.headers
    units = column_multipliers(location)
    cells = SheetColumns(sheet)
    rows = classify_rows(sheet, location, col.get("savings_gbp"), cells)
    report = _Report()
    skipped = rows[rows["category"] != "data"]
    report.add(
        0,
        skipped["row"].to_numpy(),
        "skipped",
        "",
        objects([CATEGORY_CODES[c] for c in skipped["category"].tolist()]),
        skipped["reason"].to_numpy(dtype=object),
    )

    data_at = np.flatnonzero((rows["category"] == "data").to_numpy())  # 0-based sheet rows
    n = len(data_at)

    def field(key: str) -> Factorised:
        return cells.at(col.get(key), data_at)

    # A header that says what its figures are ("Annual saving", "Savings to date") sets the basis of rows
    # that do not say; the report names the header.
    savings_header = headers[col["savings_gbp"]] if "savings_gbp" in col else ""
    header_basis = parse_basis(savings_header)
    ident = next((k for k in ("scheme_name", "partners", "service_area") if k in col), None)
    ident_header = headers[col[ident]] if ident else ""

    name = each(field("scheme_name"), _stripped)
    partner_codes, partner_lists = field("partners")
    split_memo: dict[str, tuple[str, ...]] = {}
    for raw in partner_lists:
        key = str(raw)
        if key not in split_memo:
            split_memo[key] = split_partner_list(raw, index)
    partner_tuples = objects([split_memo[str(raw)] for raw in partner_lists])
    partners = partner_tuples[partner_codes]
    n_partners = np.array([len(p) for p in partner_tuples], dtype=np.intp)[partner_codes]
    service = each(field("service_area"), _stripped)

    source_row = data_at + 1
    rejected = (name == "") & (n_partners == 0) & (service == "")
    report.add(
        1,
        source_row[rejected],
        "rejected",
        ident_header,
        ReasonCode.NO_IDENTITY,
        "no scheme name, partners or service: nothing to identify the scheme",
    )
    kept = ~rejected
    unnamed = kept & (name == "")
    if "scheme_name" not in col:  # registers that name a scheme by what is shared and by whom
        for k in np.flatnonzero(unnamed).tolist():
            name[k] = " — ".join(p for p in (service[k], ", ".join(partners[k])) if p)
    else:
        for k in np.flatnonzero(unnamed).tolist():
            name[k] = f"(unnamed scheme, row {source_row[k]})"
        report.add(
            2,
            source_row[unnamed],
            "used with warning",
            headers[col["scheme_name"]],
            ReasonCode.NO_NAME,
            "no scheme name; named after its row",
        )

    def checked(
        key: str, step: int, read: Callable[[object], object], blank: object, code: ReasonCode
    ) -> tuple[np.ndarray, list]:
        """(codes, values of the distinct cells) of a field, with a warning for each cell that fails."""
        codes, values, failed_each, reasons = each_checked(field(key), read, blank)
        failed = kept & failed_each[codes]
        if failed.any():
            why = objects([None if r is None else f"{r}; left blank" for r in reasons])
            report.add(step, source_row[failed], "used with warning", headers[col[key]], code, why[codes[failed]])
        return codes, values

    def money(key: str, step: int) -> np.ndarray:
        multiplier = units.get(col.get(key, -1), 1.0)
        codes, values = checked(key, step, lambda c: parse_money(c, multiplier), np.nan, ReasonCode.BAD_MONEY)
        return np.array(values, dtype=np.float64)[codes]

    def year(key: str, step: int) -> np.ndarray:
        codes, values = checked(key, step, parse_year, pd.NA, ReasonCode.BAD_YEAR)
        return objects(values)[codes]

    savings = money("savings_gbp", 3)
    has = ~np.isnan(savings)
    negative = kept & has & (savings < 0)
    report.add(
        4,
        source_row[negative],
        "used with warning",
        savings_header,
        ReasonCode.NEGATIVE_SAVING,
        "negative saving (a cost?): kept as written",
    )
    basis_cells = field("basis")
    basis = each(basis_cells, parse_basis)
    silent = np.flatnonzero(np.array([b is None for b in basis], dtype=bool) & kept)
    if len(silent):
        savings_cells = each(field("savings_gbp"), lambda v: v)[silent]
        period_cells = each(field("period"), lambda v: v)[silent]
        basis[silent] = each_pair(
            objects([c if isinstance(c, str) else None for c in savings_cells]), period_cells, parse_basis
        )
    unstated = kept & has & np.array([b is None for b in basis], dtype=bool)
    notes_step = 100  # notes come after every warning of the row
    if header_basis is not None and unstated.any():
        basis[unstated] = header_basis
        report.add(
            notes_step,
            source_row[unstated],
            "used",
            savings_header,
            ReasonCode.BASIS_FROM_HEADER,
            f"basis {header_basis}, from the column header '{savings_header}'",
        )
        unstated[:] = False
    if unstated.any():
        basis_header = headers[col.get("basis", col["savings_gbp"])]
        if options.default_basis is None:
            code, why = (
                ReasonCode.NO_BASIS,
                "basis not stated (annual? cumulative?): the figure is shown but not counted",
            )
        else:
            code, why = ReasonCode.BASIS_DEFAULTED, f"basis not stated: read as {options.default_basis}"
            basis[unstated] = options.default_basis
        report.add(5, source_row[unstated], "used with warning", basis_header, code, why)
    reported_codes, reported_values = checked("year_reported", 6, parse_year, pd.NA, ReasonCode.BAD_YEAR)
    reported, start = objects(reported_values)[reported_codes], year("start_year", 7)

    # Partners: each distinct list matched once per year it is reported in.
    year_key = np.array([-1 if v is pd.NA else int(v) for v in reported_values], dtype=np.int64)[reported_codes]
    pair = partner_codes.astype(np.int64) * (1 << 20) + (year_key + 1)
    pairs, pair_codes = np.unique(pair, return_inverse=True)
    matched = []
    for p in pairs.tolist():
        names, y = partner_tuples[p >> 20], (p & ((1 << 20) - 1)) - 1
        matched.append(match_partner_names(names, index, None if y < 0 else int(y), options.name_overrides))
    ids = objects([tuple(m[0]) for m in matched])
    partner_ids = ids[pair_codes]
    partner_names = objects([tuple(index.info[c]["name"] for c in i) for i in ids])[pair_codes]
    partner_classes = objects([tuple(index.info[c]["class"] for c in i) for i in ids])[pair_codes]
    unmatched_names = objects([tuple(why for code, why in m[1] if code in UNMATCHED_CODES) for m in matched])[
        pair_codes
    ]
    partner_problems = [m[1] for m in matched]
    unmatched: list[dict] = []
    with_problems = np.flatnonzero(kept & np.array([bool(partner_problems[c]) for c in pair_codes], dtype=bool))
    if len(with_problems):
        partners_header = headers[col["partners"]]
        rows_out, codes_out, why_out = [], [], []
        for k in with_problems.tolist():
            for code, why in partner_problems[pair_codes[k]]:
                rows_out.append(source_row[k])
                codes_out.append(code)
                why_out.append(why)
        # one line per problem, in the order written: a stable sort keeps it within the row
        report.add(8, np.array(rows_out), "used with warning", partners_header, objects(codes_out), objects(why_out))
    for k in np.flatnonzero(kept & np.array([bool(matched[c][2]) for c in pair_codes], dtype=bool)).tolist():
        unmatched += [u | {"row": int(source_row[k])} for u in matched[pair_codes[k]][2]]

    shares = objects([None] * n)
    if "partner_shares" in col:

        def read_shares(cell: object, count: int) -> tuple[object, str | None]:
            try:
                return _shares(cell, count)
            except ValueError as exc:
                return None, f"{exc}; shares ignored"

        got = each_pair(each(field("partner_shares"), lambda v: v), n_partners, read_shares)
        shares, problem = split(got)
        failed = kept & np.array([p is not None for p in problem], dtype=bool)
        ignored = np.array([p is not None and shares[k] is None for k, p in enumerate(problem)], dtype=bool)
        share_codes = np.where(ignored, ReasonCode.SHARES_IGNORED, ReasonCode.SHARES_SCALED).astype(object)
        report.add(
            9,
            source_row[failed],
            "used with warning",
            headers[col["partner_shares"]],
            share_codes[failed],
            problem[failed],
        )
    external = money("external_funding_gbp", 10) if "external_funding_gbp" in col else np.full(n, np.nan)
    cost = money("implementation_cost_gbp", 11) if "implementation_cost_gbp" in col else np.full(n, np.nan)

    said = [r for r, o in zip(report.rows, report.outcome, strict=True) if o[0] in ("used with warning", "used")]
    warned = np.isin(source_row, np.concatenate(said)) if said else np.zeros(n, dtype=bool)
    report.add(notes_step + 1, source_row[kept & ~warned], "used", "", ReasonCode.USED, "")

    keep = np.flatnonzero(kept)
    records = {
        "source_row": source_row[keep],
        "scheme_name": text_array(name[keep].tolist()),
        "partners": partners[keep],
        "partner_ids": partner_ids[keep],
        "partner_names": partner_names[keep],
        "partner_classes": partner_classes[keep],
        "unmatched_partners": unmatched_names[keep],
        "service_area": text_array(service[keep].tolist()),
        "savings_gbp": savings[keep],
        "basis": text_array([b or "" for b in basis[keep]]),
        "period": text_array(each(field("period"), _text_or())[keep].tolist()),
        "year_reported": reported[keep],
        "start_year": start[keep],
        "status": text_array(each(field("status"), _status)[keep].tolist()),
        "source_url": text_array(each(field("source_url"), _text_or())[keep].tolist()),
        "source_quote": text_array([""] * len(keep)),
        "notes": text_array(each(field("notes"), _text_or())[keep].tolist()),
        "external_funding_gbp": external[keep],
        "implementation_cost_gbp": cost[keep],
        "partner_shares": shares[keep],
        "listed_in": text_array([""] * len(keep)),
        "is_secondary": np.zeros(len(keep), dtype=bool),
        "has_figure": has[keep],
        "origin": text_array([f"your upload: {file}"] * len(keep)),
    }
    schemes = empty_schemes()
    if len(keep):
        schemes = pd.DataFrame(records)
        schemes.insert(0, "scheme_id", text_array([f"{id_prefix}-{r}" for r in schemes["source_row"].tolist()]))
        for c in ("source_row", "year_reported", "start_year"):
            schemes[c] = schemes[c].astype("Int64")
        schemes = conform(describe_collaborations(link_secondary_figures(schemes)))
    return schemes, report.frame(file, sheet.name), pd.DataFrame(unmatched)
