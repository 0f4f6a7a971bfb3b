"""Turning single spreadsheet cells into numbers, treating suppression markers as missing."""

from __future__ import annotations

import math
import re

# Markers government tables use for "no value": never read as zero.
MISSING_MARKERS = frozenset(
    {
        "",
        "-",
        "\u2013",
        "\u2014",
        "\u2026",
        "...",
        "..",
        "[x]",
        "[z]",
        "[c]",
        "[n]",
        "[u]",
        "[w]",
        "x",
        "z",
        "c",
        "n/a",
        "na",
        "m",
        ":",
        "*",
        "none",
        "nan",
    }
)
_NUMBER = re.compile(r"^\(?-?\d+(\.\d*)?\)?$|^\(?-?\.\d+\)?$")


def parse_number(cell: object) -> float | None:
    """A float for numeric cells ('1,234', '(300)' is -300), None for blanks and markers.

    Raises ValueError for text that is neither a number nor a known missing marker.
    """
    if cell is None or isinstance(cell, bool):
        return None
    if isinstance(cell, int | float):
        return None if math.isnan(cell) or math.isinf(cell) else float(cell)
    text = str(cell).strip().replace(",", "").replace("\u00a0", "").replace(" ", "")
    if text.lower() in MISSING_MARKERS:
        return None
    if not _NUMBER.match(text):
        raise ValueError(f"not a number: {str(cell)[:40]!r}")
    negative = text.startswith("(") and text.endswith(")")
    value = float(text.strip("()"))
    return -value if negative else value


def is_missing_marker(cell: object) -> bool:
    """True for blanks and suppression markers such as '…', '[x]', '-'."""
    if cell is None:
        return True
    if isinstance(cell, float) and math.isnan(cell):
        return True
    return isinstance(cell, str) and cell.strip().lower() in MISSING_MARKERS
