"""Reading spreadsheet files (.xlsx, .xls, .ods, .csv) into plain rows of cells.

python-calamine does the parsing (about 8x faster than openpyxl); this module only
opens files, lists visible sheets and turns failures into `UnreadableFile`.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import python_calamine as pc

from analysis.errors import UnreadableFile

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")

Cell = str | float | int | bool | None


@dataclass(frozen=True)
class Sheet:
    """One worksheet as a list of rows; `rows[i][j]` is 0-based, spreadsheet row i+1."""

    name: str
    rows: list[list[Cell]]
    hidden: bool = False


def _open(source: Path | bytes, label: str) -> pc.CalamineWorkbook:
    try:
        if isinstance(source, bytes):
            return pc.CalamineWorkbook.from_filelike(io.BytesIO(source))
        return pc.CalamineWorkbook.from_path(str(source))
    except Exception as exc:  # calamine raises several unrelated types for bad files
        raise UnreadableFile(
            f"{label} could not be opened as a spreadsheet (.xlsx, .xls or .ods): "
            f"it may be damaged, password-protected or not really a spreadsheet."
        ) from exc


def read_workbook(source: Path | bytes, label: str = "The file") -> list[Sheet]:
    """Every sheet of a workbook, in order, with empty cells as ''."""
    workbook = _open(source, label)
    sheets = []
    for meta in workbook.sheets_metadata:
        try:
            rows = workbook.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
        except Exception as exc:
            raise UnreadableFile(f"{label}: sheet '{meta.name}' could not be read.") from exc
        hidden = str(meta.visible).split(".")[-1].lower() != "visible"
        sheets.append(Sheet(name=meta.name, rows=rows, hidden=hidden))
    return sheets
