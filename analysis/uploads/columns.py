"""A sheet's table as columns, and the single-cell readers applied once per distinct value.

Uploads repeat themselves: a register of 100,000 rows holds a few hundred partner lists, bases and
years. Each column is factorised (codes and distinct values); a reader runs once per distinct value
and its result is spread back over the rows with the codes. The readers are the same functions a
single cell goes through, so every rule and reason is the same as reading row by row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeAlias

import numpy as np
import pandas as pd
import pyarrow as pa

from analysis.readers.workbook import ColumnRows, Sheet

Column: TypeAlias = pa.Array | np.ndarray  # text columns of a CSV (arrow), or cells of a workbook (objects)


def sheet_columns(sheet: Sheet) -> tuple[list[Column], np.ndarray]:
    """(columns, length of each row): every column as long as the sheet; cells past a row's end are
    None (rows of a CSV read column-wise are all as long as the widest)."""
    rows = sheet.rows
    if isinstance(rows, ColumnRows):
        return list(rows.columns), np.full(len(rows), len(rows.columns), dtype=np.intp)
    lengths = np.fromiter(map(len, rows), dtype=np.intp, count=len(rows))
    width = int(lengths.max()) if len(rows) else 0
    if not width:
        return [], lengths
    grid = np.empty((len(rows), width), dtype=object)
    if (lengths == width).all():
        grid[:] = rows
    else:
        for i, row in enumerate(rows):
            grid[i, : len(row)] = row
    return [grid[:, j] for j in range(width)], lengths


class SheetColumns:
    """A sheet's columns, each factorised once (full height) for every reader that needs it."""

    def __init__(self, sheet: Sheet):
        self.columns, self.lengths = sheet_columns(sheet)
        self.height = len(sheet.rows)
        self._factorised: dict[int, tuple[np.ndarray, list]] = {}

    def factorised(self, j: int) -> tuple[np.ndarray, list]:
        """(codes, distinct cells) of column j over every row; a column past the widest row is None."""
        if j not in self._factorised:
            self._factorised[j] = factorise(self.columns[j] if j < len(self.columns) else None, self.height)
        return self._factorised[j]

    def at(self, j: int | None, rows: np.ndarray) -> tuple[np.ndarray, list]:
        """(codes, distinct cells) of column j at the given rows (0-based); None cells past a row's end."""
        if j is None or j >= len(self.columns):
            return np.zeros(len(rows), dtype=np.intp), [None]
        codes, uniques = self.factorised(j)
        codes = codes[rows]
        short = self.lengths[rows] <= j
        if short.any():  # cells past the end of a shorter row: no cell at all
            codes = np.where(short, len(uniques), codes)
            uniques = [*uniques, None]
        return codes, uniques


STR = pd.Series([""]).dtype  # pandas' text dtype (Arrow-backed)


def text_array(values: Sequence[str]) -> pd.api.extensions.ExtensionArray:
    """Python strings as pandas' text column, the same dtype a list gives, made by Arrow (a list of
    100,000 strings goes in about ten times faster than through pandas' own conversion)."""
    return pd.array(pa.array(list(values) if isinstance(values, np.ndarray) else values, pa.large_string()), dtype=STR)


def factorise(column: Column | None, n: int) -> tuple[np.ndarray, list]:
    """(codes, distinct values): values[codes] are the cells. A missing column is n cells of None.

    Cells are distinct by type and value: True, 1 and 1.0 are three values (they read differently)."""
    if column is None:
        return np.zeros(n, dtype=np.intp), [None]
    if isinstance(column, pa.Array):
        encoded = column.dictionary_encode()
        return encoded.indices.to_numpy(zero_copy_only=False).astype(np.intp), encoded.dictionary.to_pylist()
    if len(column) and pd.api.types.infer_dtype(column, skipna=False) == "string":  # text only: Arrow hashes it
        return factorise(pa.array(column, type=pa.large_string()), n)
    seen: dict[tuple[type, Any], int] = {}
    codes = np.fromiter((seen.setdefault((type(v), v), len(seen)) for v in column), dtype=np.intp, count=len(column))
    return codes, [v for _, v in seen]


def objects(values: Sequence) -> np.ndarray:
    """A 1-d object array of `values` (tuples stay whole, never become a second dimension)."""
    out = np.empty(len(values), dtype=object)
    out[:] = list(values) if not isinstance(values, list) else values
    return out


Factorised = tuple[np.ndarray, list]  # (codes, distinct cells)


def each(cells: Factorised, read: Callable[[Any], Any]) -> np.ndarray:
    """`read` of every cell, run once per distinct cell: an object array, one result a row."""
    codes, uniques = cells
    return objects([read(u) for u in uniques])[codes]


def each_checked(
    cells: Factorised, read: Callable[[Any], Any], blank: Any
) -> tuple[np.ndarray, list, np.ndarray, list]:
    """A parser that returns None for a blank and raises ValueError with a reason, run once per
    distinct cell: (codes, value of each distinct cell with `blank` for blanks and failures, whether
    each distinct cell failed, the reasons). Spread over the rows with the codes."""
    codes, uniques = cells
    values: list[Any] = []
    reasons: list[str | None] = []
    for u in uniques:
        try:
            v = read(u)
        except ValueError as exc:
            values.append(blank)
            reasons.append(str(exc))
            continue
        values.append(blank if v is None else v)
        reasons.append(None)
    return codes, values, np.array([r is not None for r in reasons], dtype=bool), reasons


def each_pair(a: np.ndarray, b: np.ndarray, read: Callable[[Any, Any], Any]) -> np.ndarray:
    """`read(a[i], b[i])` for every i, run once per distinct pair (by type and value)."""
    memo: dict[tuple, Any] = {}
    out = []
    for x, y in zip(a.tolist(), b.tolist(), strict=True):
        key = (type(x), x, type(y), y)
        if key not in memo:
            memo[key] = read(x, y)
        out.append(memo[key])
    return objects(out)


def split(pairs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Two object arrays from an array of pairs."""
    if not len(pairs):
        return objects([]), objects([])
    first, second = zip(*pairs.tolist(), strict=True)
    return objects(first), objects(second)
