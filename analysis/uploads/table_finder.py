"""Finding the table in a messy sheet: title rows, one- or two-row (merged) headers,
totals rows and footnotes. Every row of the sheet gets a category and a reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.errors import NoTableFound
from analysis.readers.workbook import Sheet
from analysis.uploads.columns import SheetColumns
from analysis.uploads.fields import FIELDS_BY_KIND, is_plausible, mapping_score, suggest_mapping

SCAN_ROWS = 40
_TOTAL = re.compile(r"^\s*(grand\s+|sub-?\s*)?totals?\b|^\s*sum\b|^\s*all (schemes|councils|authorities)\b", re.I)
_NOTE = re.compile(r"^\s*(source|sources|note|notes|nb|\*|†|‡|\(?[a-z0-9]{1,2}[.)]\s)", re.I)


@dataclass(frozen=True)
class TableLocation:
    sheet: str
    kind: str  # "schemes" or "spending"
    header_rows: tuple[int, ...]  # 0-based
    headers: tuple[str, ...]
    data_start: int  # 0-based
    mapping: pd.DataFrame
    titles: str  # text of the rows above the header (units are often stated there)
    score: float


def _text(cell: object) -> str:
    if type(cell) is str:
        return cell.strip()
    return "" if cell is None else str(cell).strip()


_NUMBER_TEXT = re.compile(r"[£(\-]*\d[\d,.]*\s*[kmb]?n?\)?")


def _is_number(cell: object) -> bool:
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return True
    text = _text(cell)
    return bool(text) and text[0] in "£(-0123456789" and bool(_NUMBER_TEXT.fullmatch(text.lower()))


def _filled(row: list) -> list[int]:
    return [j for j, c in enumerate(row) if _text(c)]


def _fill_right(row: list, width: int, merged: tuple, r: int) -> list[str]:
    """Group headers spread over the columns they head (merged cells, or blanks to their right)."""
    cells = [_text(row[j]) if j < len(row) else "" for j in range(width)]
    for (r0, c0), (r1, c1) in merged:
        if r0 <= r <= r1 and c0 < width:
            for j in range(c0, min(c1 + 1, width)):
                cells[j] = cells[j] or cells[c0]
    out, current = [], ""
    for c in cells:
        current = c or current
        out.append(current)
    return out


def _variants(sheet: Sheet, h: int, width: int) -> list[tuple[tuple[int, ...], list[str], int]]:
    rows = sheet.rows
    row = [_text(rows[h][j]) if j < len(rows[h]) else "" for j in range(width)]
    out: list[tuple[tuple[int, ...], list[str], int]] = [((h,), row, h + 1)]
    if h > 0 and len(_filled(rows[h - 1])) >= 1 and not any(_is_number(c) for c in rows[h - 1]):
        upper = _fill_right(rows[h - 1], width, sheet.merged, h - 1)
        out.append(((h - 1, h), [f"{u} {c}".strip() if u != c else c for u, c in zip(upper, row)], h + 1))
    if h + 1 < len(rows) and _filled(rows[h + 1]) and not any(_is_number(c) for c in rows[h + 1]):
        lower = [_text(rows[h + 1][j]) if j < len(rows[h + 1]) else "" for j in range(width)]
        out.append(((h, h + 1), [f"{c} {lo}".strip() for c, lo in zip(row, lower)], h + 2))
    return out


def locate_table(sheet: Sheet, kind: str | None = None) -> TableLocation | None:
    """The best header (one or two rows) within the first rows, for the kind given or either kind."""
    kinds = [kind] if kind else list(FIELDS_BY_KIND)
    width = max((len(r) for r in sheet.rows[: SCAN_ROWS + 2]), default=0)
    best: TableLocation | None = None
    for h in range(min(SCAN_ROWS, len(sheet.rows))):
        if len(_filled(sheet.rows[h])) < 2 or sum(_is_number(c) for c in sheet.rows[h]) > 1:
            continue
        for header_rows, headers, start in _variants(sheet, h, width):
            for k in kinds:
                mapping = suggest_mapping(headers, k)
                score = mapping_score(mapping, k) - 0.25 * (len(header_rows) - 1)
                if not is_plausible(set(mapping["field"]), k):
                    continue
                if best is None or score > best.score + 1e-9:
                    titles = " ".join(_text(c) for r in sheet.rows[: header_rows[0]] for c in r if _text(c))
                    best = TableLocation(sheet.name, k, header_rows, tuple(headers), start, mapping, titles, score)
    return best


def column_letter(j: int) -> str:
    """'A' for column 0, 'AA' for column 26: as the spreadsheet labels its columns."""
    letters = ""
    j += 1
    while j:
        j, rest = divmod(j - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def location_at(sheet: Sheet, header_row: int, kind: str | None = None) -> TableLocation:
    """The table whose header is row `header_row` (1-based, as the spreadsheet numbers it), as the user
    chose it when detection failed or was wrong. Blank headers are named after their column letter."""
    if not 1 <= header_row <= len(sheet.rows):
        raise NoTableFound(f"Sheet '{sheet.name}' has {len(sheet.rows)} rows: there is no row {header_row}.")
    h = header_row - 1
    width = max((len(r) for r in sheet.rows[h : h + SCAN_ROWS]), default=0)
    headers = [_text(sheet.rows[h][j]) if j < len(sheet.rows[h]) else "" for j in range(width)]
    headers = [t or f"Column {column_letter(j)}" for j, t in enumerate(headers)]
    best: TableLocation | None = None
    for k in [kind] if kind else list(FIELDS_BY_KIND):
        mapping = suggest_mapping(headers, k)
        score = mapping_score(mapping, k) + (1 if is_plausible(set(mapping["field"]), k) else 0)
        if best is None or score > best.score:
            titles = " ".join(_text(c) for r in sheet.rows[:h] for c in r if _text(c))
            best = TableLocation(sheet.name, k, (h,), tuple(headers), h + 1, mapping, titles, score)
    assert best is not None
    return best


def preview_rows(sheet: Sheet, n_rows: int = 15) -> pd.DataFrame:
    """The first rows as read, as plain text: 'row' (1-based) then one column per spreadsheet letter."""
    rows = sheet.rows[:n_rows]
    width = max((len(r) for r in rows), default=0)
    return pd.DataFrame(
        [[i + 1, *(_text(r[j]) if j < len(r) else "" for j in range(width))] for i, r in enumerate(rows)],
        columns=["row", *(column_letter(j) for j in range(width))],
    )


def _classify_one(row: list, texts: list[str], header_text: list[str]) -> tuple[str, str]:
    """Category and reason of one row below the header, before the running-sum check of totals."""
    if not texts:
        return "blank", "blank row"
    if any(_TOTAL.match(t) for t in texts[:3]):
        return "totals", f"totals row ('{texts[0][:30]}'): left out so nothing is counted twice"
    if len(texts) == 1 and not _is_number(texts[0]) and (len(texts[0]) > 25 or _NOTE.match(texts[0])):
        return "footnote", "footnote or note below the table"
    if (
        len(texts) > 1
        and texts[0].lower() == header_text[0]
        and [t.lower() for t in texts] == header_text[: len(texts)]
    ):
        return "repeated header", "the header row repeated"
    return "data", ""


def classify_rows(
    sheet: Sheet, location: TableLocation, money_column: int | None = None, cells: SheetColumns | None = None
) -> pd.DataFrame:
    """Every row of the sheet: row (1-based, as the spreadsheet numbers it), category, reason.

    Categories: title, header, data, blank, totals, footnote, repeated header.

    Column-wise: each column's distinct cells are read once (their text, whether filled, whether it
    opens a totals row, whether it is the header's first word); a row that is plainly data (two or more
    filled cells, none of its first three a totals word, not starting with the header's first word) is
    data without looking at it again, and every other row goes through the rules one at a time.
    """
    n, start = len(sheet.rows), min(location.data_start, len(sheet.rows))
    header_text = [h.lower() for h in location.headers if h] or [""]
    category = np.full(n, "data", dtype=object)
    reason = np.full(n, "", dtype=object)
    for i in range(start):
        header = i in location.header_rows
        category[i] = "header" if header else "title"
        reason[i] = "header row" if header else "title or note above the table"
    cells = cells or SheetColumns(sheet)
    columns, lengths = cells.columns, cells.lengths
    body = np.arange(start, n)
    filled_count = np.zeros(len(body), dtype=np.intp)
    doubtful = np.zeros(len(body), dtype=bool)  # rows to read one at a time
    for j in range(len(columns)):
        codes, uniques = cells.factorised(j)
        codes = codes[start:]
        texts = [_text(u) for u in uniques]
        filled = np.array([bool(t) for t in texts], dtype=bool)[codes]
        early = filled & (filled_count < 3)  # among the row's first three filled cells
        if early.any():
            # a totals word, or the header's first word (a repeated header), read once per distinct cell
            opens = np.zeros(len(texts), dtype=bool)
            for u in np.unique(codes[early]).tolist():
                opens[u] = _TOTAL.match(texts[u]) is not None or texts[u].lower() == header_text[0]
            doubtful |= opens[codes] & early
        filled_count += filled
    doubtful |= filled_count <= 1
    for k in np.flatnonzero(doubtful):
        i = int(body[k])
        row = sheet.rows[i]
        category[i], reason[i] = _classify_one(row, [t for t in map(_text, row) if t], header_text)
    if money_column is not None and money_column < len(columns):
        _totals_by_sum(sheet, columns[money_column], lengths, body, money_column, category, reason)
    return pd.DataFrame({"row": np.arange(1, n + 1), "category": category.tolist(), "reason": reason.tolist()})


def _totals_by_sum(
    sheet: Sheet,
    money: object,
    lengths: np.ndarray,
    body: np.ndarray,
    money_column: int,
    category: np.ndarray,
    reason: np.ndarray,
) -> None:
    """A data row whose figure is the sum of the data rows above it (after two of them) is a totals row.
    Text cells (every cell of a CSV) are never figures, so only workbooks with numbers are walked."""
    if not isinstance(money, np.ndarray):
        return
    running_sum, data_rows = 0.0, 0
    values = money.tolist()
    for i in body.tolist():
        if category[i] != "data" or money_column >= lengths[i]:
            continue
        value = values[i]
        if (
            data_rows >= 2
            and isinstance(value, int | float)
            and value
            and abs(value - running_sum) < 0.5
            and not any(not _is_number(t) for t in map(_text, sheet.rows[i]) if t)
        ):
            category[i], reason[i] = "totals", "totals row (its figure is the sum of the rows above)"
            continue
        if isinstance(value, int | float) and not isinstance(value, bool):
            running_sum += value
        data_rows += 1
