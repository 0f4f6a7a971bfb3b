"""Reading spreadsheet files (.xlsx, .xls, .ods, .csv) into plain rows of cells.

python-calamine does the parsing (about 8x faster than openpyxl); this module only
opens files, lists visible sheets and turns failures into `UnreadableFile`.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta
from pathlib import Path
from typing import cast, overload

import pyarrow as pa
import python_calamine as pc

from analysis.errors import InputProblem, UnreadableFile

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")

Cell = str | float | int | bool | date | time | timedelta | None  # calamine gives dates and times as such
Row = list[Cell]
Rows = Sequence[Row]  # what a reader of a sheet's rows accepts: a list of rows, or ColumnRows


class ColumnRows(Sequence[Row]):
    """Rows of a table held as text columns (a CSV read column-wise): `rows[i]` is built when asked
    for, so the column-wise readers never pay for a list per row. Every row is as wide as the widest
    (short rows end in empty cells); equal to the list of the same rows."""

    CHUNK = 4096
    MANY = 1000  # rows asked for one at a time before the cells are made Python objects all at once

    def __init__(self, columns: Sequence[pa.Array]):
        self.columns = tuple(columns)
        self._n = len(self.columns[0]) if self.columns else 0
        self._asked = 0
        self._lists: list[list[Cell]] | None = None

    def __len__(self) -> int:
        return self._n

    def _block(self, start: int, stop: int) -> list[Row]:
        cells = [c.slice(start, stop - start).to_pylist() for c in self.columns]
        return [list(r) for r in zip(*cells, strict=True)] if cells else [[] for _ in range(stop - start)]

    @overload
    def __getitem__(self, i: int) -> Row: ...

    @overload
    def __getitem__(self, i: slice) -> list[Row]: ...

    def __getitem__(self, i: int | slice) -> Row | list[Row]:
        if isinstance(i, slice):
            start, stop, step = i.indices(self._n)
            if step != 1:
                return [self[k] for k in range(start, stop, step)]
            return self._block(start, max(start, stop))
        if i < 0:
            i += self._n
        if not 0 <= i < self._n:
            raise IndexError("row index out of range")
        self._asked += 1
        if self._lists is None and self._asked > self.MANY:  # read row by row after all: cells as Python once
            self._lists = [c.to_pylist() for c in self.columns]
        if self._lists is not None:
            return [c[i] for c in self._lists]
        return [c[i].as_py() for c in self.columns]

    def __iter__(self) -> Iterator[Row]:
        for start in range(0, self._n, self.CHUNK):
            yield from self._block(start, min(start + self.CHUNK, self._n))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and len(other) == self._n and list(self) == list(other)

    def __repr__(self) -> str:
        return repr(list(self))

    __hash__ = None  # type: ignore[assignment]


@dataclass(frozen=True)
class Sheet:
    """One worksheet as a list of rows; `rows[i][j]` is 0-based, spreadsheet row i+1."""

    name: str
    rows: list[Row] | ColumnRows
    hidden: bool = False
    merged: tuple[tuple[tuple[int, int], tuple[int, int]], ...] = ()  # ((row, col), (row, col)), 0-based


# What a damaged or disguised file makes calamine raise: its own errors (bad zip, bad XML, a password,
# an unknown format), and the Python errors its cell conversion raises for impossible values (a date
# out of range, text that is not UTF-8). Anything else is a bug or a library change, and surfaces.
_BROKEN_FILE = (pc.CalamineError, ValueError, OverflowError, UnicodeDecodeError)


def _open(source: Path | bytes, label: str) -> pc.CalamineWorkbook:
    try:
        if isinstance(source, bytes):
            return pc.CalamineWorkbook.from_filelike(io.BytesIO(source))
        return pc.CalamineWorkbook.from_path(str(source))
    except _BROKEN_FILE as exc:
        raise UnreadableFile(
            f"{label} could not be opened as a spreadsheet (.xlsx, .xls or .ods): "
            f"it may be damaged, password-protected or not really a spreadsheet."
        ) from exc


def read_workbook(
    source: Path | bytes, label: str = "The file", max_rows: int | None = None, max_columns: int | None = None
) -> list[Sheet]:
    """Every sheet of a workbook, in order, with empty cells as ''. Hidden sheets are listed
    with no rows: they are lookups and helpers, never the table a person means.

    The declared size of each visible sheet is checked against the limits before its cells
    are read, so a tiny file claiming a million rows is refused without using the memory.
    """
    workbook = _open(source, label)
    sheets = []
    for meta in workbook.sheets_metadata:
        hidden = str(meta.visible).split(".")[-1].lower() != "visible"
        if hidden:
            sheets.append(Sheet(name=meta.name, rows=[], hidden=True))
            continue
        try:
            sheet = workbook.get_sheet_by_name(meta.name)
            end = sheet.end or (0, 0)  # rows are padded from A1, so the far corner is what gets allocated
            height, width = end[0] + 1, end[1] + 1
            if max_rows is not None and height > max_rows:
                raise InputProblem(
                    f"{label}, sheet '{meta.name}': {height:,} rows, more than the {max_rows:,} allowed."
                )
            if max_columns is not None and width > max_columns:
                raise InputProblem(
                    f"{label}, sheet '{meta.name}': {width:,} columns, more than the {max_columns} allowed."
                )
            rows = cast("list[list[Cell]]", sheet.to_python(skip_empty_area=False))  # a narrower element type
            merged = tuple(((a[0], a[1]), (b[0], b[1])) for a, b in (sheet.merged_cell_ranges or ()))
        except _BROKEN_FILE as exc:
            raise UnreadableFile(f"{label}: sheet '{meta.name}' could not be read.") from exc
        sheets.append(Sheet(name=meta.name, rows=rows, hidden=hidden, merged=merged))
    return sheets
