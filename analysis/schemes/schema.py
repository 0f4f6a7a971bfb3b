"""What a scheme record holds: every column of the scheme table, its kind and what it means.

The bundled register, the live (curated) register and uploaded registers are all put through
`conform`, so every scheme frame the app holds has these columns, in this order, of these kinds. A
frame that does not fit is a bug in the code that made it, not a problem with anyone's input: `conform`
raises SchemaError (a plain programming error), never InputProblem.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

TEXT = pd.StringDtype("pyarrow", na_value=np.nan)  # pandas' text dtype, as a list of str gives

Kind = Literal["text", "integer", "nullable integer", "float", "bool", "tuple", "object"]

DTYPES: dict[Kind, np.dtype | pd.api.extensions.ExtensionDtype] = {
    "text": TEXT,
    "integer": np.dtype("int64"),
    "nullable integer": pd.Int64Dtype(),
    "float": np.dtype("float64"),
    "bool": np.dtype("bool"),
    "tuple": np.dtype("object"),  # a tuple in every cell
    "object": np.dtype("object"),  # a Python value or a missing value, as the meaning says
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    meaning: str
    optional: bool = False  # a frame may leave it out: `conform` adds it with `empty` in every row
    empty: object = None


COLUMNS: tuple[Column, ...] = (
    Column("scheme_id", "text", "the scheme's id: S001… in the bundled register, U<digest>-<row> when uploaded"),
    Column("source_row", "nullable integer", "the row of the spreadsheet it was read from (header is 1); NA if added"),
    Column("scheme_name", "text", "the scheme's name as written (or made from its service and partners)"),
    Column("partners", "tuple", "partner names as written, in the order written"),
    Column("service_area", "text", "the service shared, as written"),
    Column("savings_gbp", "float", "the saving claimed, £ nominal; NaN when no figure is stated"),
    Column("basis", "text", "annual, cumulative, one-off, target… as read; '' when not stated"),
    Column("period", "text", "the period the figure covers, as written"),
    Column("year_reported", "nullable integer", "first calendar year of the financial year it was reported in"),
    Column("start_year", "nullable integer", "first calendar year of the financial year the scheme started"),
    Column("status", "text", "the scheme's status (operational, ended…), lower case; 'unknown' when not stated"),
    Column("source_url", "text", "where the claim is published"),
    Column("source_quote", "text", "the words of the source that state the figure"),
    Column("notes", "text", "notes as written (a secondary figure is marked '[secondary figure…')"),
    Column("external_funding_gbp", "float", "external funding received, £ nominal; NaN when not stated"),
    Column("implementation_cost_gbp", "float", "cost of setting the scheme up, £ nominal; NaN when not stated"),
    Column("listed_in", "text", "the published lists the scheme appears in"),
    Column("is_secondary", "bool", "a second figure for a scheme listed in another row"),
    Column("has_figure", "bool", "a savings figure is stated"),
    Column("origin", "text", "where the record came from: 'bundled register' or 'your upload: <file>'"),
    Column("partner_ids", "tuple", "council ids of the partners matched, in order, each once"),
    Column("partner_names", "tuple", "the directory's names of the councils matched"),
    Column("partner_classes", "tuple", "the directory's classes (SD, SC, MD, UA, L…) of the councils matched"),
    Column("unmatched_partners", "tuple", "a line for each partner name not matched to one council"),
    Column("primary_id", "object", "for a secondary figure, the scheme_id of its primary row; NA otherwise"),
    Column("n_partners", "integer", "how many partners are written"),
    Column("direction", "text", "vertical (different tiers) or horizontal (one tier) collaboration"),
    Column("form", "text", "the form of collaboration read from the name and notes"),
    Column("continuum", "text", "the form's level on the collaboration continuum"),
    Column(
        "partner_shares",
        "object",
        "each partner's share as a fraction (a tuple summing to 1), as stated; None when not stated",
        optional=True,
        empty=None,
    ),
)
NAMES: tuple[str, ...] = tuple(c.name for c in COLUMNS)


class SchemaError(TypeError):
    """A scheme frame that does not fit the schema: a bug in the code that built it."""


def _widens(series: pd.Series, column: Column) -> bool:
    """A column of plain integers where nullable integers are declared: cast without loss (scheme tables
    published before source_row could be NA hold it as int64)."""
    return column.kind == "nullable integer" and isinstance(series.dtype, np.dtype) and series.dtype.kind in "iu"


def _fits(series: pd.Series, column: Column) -> bool:
    if series.dtype != DTYPES[column.kind]:
        return False
    if column.kind == "tuple" and len(series):
        return isinstance(series.iat[0], tuple)  # the first cell: cheap, and catches a list or a string
    return True


def empty_schemes() -> pd.DataFrame:
    """A scheme table with no rows."""
    return pd.DataFrame({c.name: pd.Series([], dtype=DTYPES[c.kind]) for c in COLUMNS})


def conform(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame's columns in the schema's order, optional columns added with their empty value.
    Raises SchemaError naming every missing column, unknown column and column of the wrong kind."""
    missing = [c.name for c in COLUMNS if c.name not in frame.columns and not c.optional]
    unknown = [str(c) for c in frame.columns if c not in NAMES]
    wrong = [
        f"{c.name} ({frame[c.name].dtype}, expected {c.kind})"
        for c in COLUMNS
        if c.name in frame.columns and not _fits(frame[c.name], c) and not _widens(frame[c.name], c)
    ]
    if missing or unknown or wrong:
        raise SchemaError(
            "scheme frame does not fit analysis/schemes/schema.py:"
            + (f" missing {', '.join(missing)};" if missing else "")
            + (f" unknown {', '.join(unknown)};" if unknown else "")
            + (f" wrong kind {', '.join(wrong)};" if wrong else "")
        )
    added = {c.name: [c.empty] * len(frame) for c in COLUMNS if c.name not in frame.columns}
    out = frame.assign(**{k: pd.Series(v, index=frame.index, dtype=object) for k, v in added.items()})
    widened = [c.name for c in COLUMNS if c.name in frame.columns and _widens(frame[c.name], c)]
    if widened:
        out = out.astype(dict.fromkeys(widened, "Int64"))
    return out[list(NAMES)]
