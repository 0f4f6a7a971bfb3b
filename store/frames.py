"""Data frames to JSON and back, keeping each column's type: float NaN, pandas NA and None all become
null; tuples (partner lists) become arrays and come back as tuples. Published text stays text."""

from __future__ import annotations

import json
import math
import zlib
from typing import Any

import numpy as np
import pandas as pd

Spec = list[dict[str, Any]]  # one {"name", "dtype"} per column, and for object columns "tuples", "na"


def _plain(value: Any) -> Any:
    """A JSON-safe value (tuples become lists, missing values None)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float | np.floating):
        return None if math.isnan(value) else float(value)
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, tuple | list | np.ndarray):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return str(value)


def _tupled(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_tupled(v) for v in value)
    if isinstance(value, dict):
        return {k: _tupled(v) for k, v in value.items()}
    return value


def _object_value(value: Any) -> Any:
    """_plain, with the common cases (text, missing, a tuple of text) first: this runs once per cell."""
    kind = type(value)
    if kind is str or value is None:
        return value
    if kind is tuple and all(type(v) is str for v in value):
        return list(value)
    return _plain(value)


def _column(series: pd.Series) -> list[Any]:
    dtype = series.dtype
    if isinstance(dtype, np.dtype) and dtype.kind == "f":
        return [None if math.isnan(v) else v for v in series.tolist()]
    if isinstance(dtype, np.dtype) and dtype.kind in "iub":
        return series.tolist()
    if isinstance(dtype, np.dtype):  # object
        return [_object_value(v) for v in series.tolist()]
    # extension types (str, Int64, boolean): missing values by mask, the rest as plain Python values
    missing = series.isna().to_numpy()
    values = series.astype(object).tolist()
    if dtype.kind in "iub":
        values = [None if m else (int(v) if dtype.kind in "iu" else bool(v)) for v, m in zip(values, missing)]
    elif missing.any():
        values = [None if m else v for v, m in zip(values, missing)]
    return [v if v is None or type(v) is str or type(v) in (int, bool) else _plain(v) for v in values]


def encode_columns(frame: pd.DataFrame) -> tuple[Spec, list[list[Any]]]:
    """(spec, one list of plain values per column)."""
    spec: Spec = []
    columns: list[list[Any]] = []
    for name in frame.columns:
        series = frame[name]
        values = _column(series)
        spec.append({"name": str(name), "dtype": str(series.dtype)})
        if series.dtype == object:  # how this column writes lists and missing values, to restore them exactly
            raw = series.tolist()
            nan = any(isinstance(v, float) and math.isnan(v) for v in raw)
            na = "NA" if any(v is pd.NA for v in raw) else "nan" if nan else None
            spec[-1] |= {"tuples": any(isinstance(v, tuple) for v in raw), "na": na}
        columns.append(values)
    return spec, columns


def encode_rows(frame: pd.DataFrame) -> tuple[Spec, list[list[Any]]]:
    """(spec, one list of plain values per row, aligned with spec)."""
    spec, columns = encode_columns(frame)
    return spec, [list(row) for row in zip(*columns)] if columns else [[] for _ in range(len(frame))]


def _dumps(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":"), allow_nan=False, ensure_ascii=False).encode("utf-8")


def pack_rows(rows: list[list[Any]]) -> bytes:
    """A run of rows as compressed JSON (level 1: fast, and still about a tenth of the text)."""
    return zlib.compress(_dumps(rows), 1)


def unpack_rows(blob: bytes) -> list[list[Any]]:
    return json.loads(zlib.decompress(blob).decode("utf-8"))


def _restore(values: list[Any], column: dict[str, Any]) -> pd.Series:
    dtype = column["dtype"]
    if column.get("tuples"):
        values = [_tupled(v) for v in values]
    if dtype == "object":
        if column.get("na"):
            missing = pd.NA if column["na"] == "NA" else float("nan")
            values = [missing if v is None else v for v in values]
        series = pd.Series(values, dtype=object)
    elif dtype.startswith("datetime64"):
        series = pd.to_datetime(pd.Series(values))
    else:
        series = pd.Series(values, dtype=object if dtype in ("int64", "bool") else None)
        try:
            series = series.astype(dtype)
        except (TypeError, ValueError):
            series = pd.Series(values, dtype=object)
    return series.rename(column["name"])


def decode_columns(spec: Spec, columns: list[list[Any]]) -> pd.DataFrame:
    if not spec:
        return pd.DataFrame()
    return pd.DataFrame({c["name"]: _restore(v, c) for c, v in zip(spec, columns)})


def decode_rows(spec: Spec, rows: list[list[Any]]) -> pd.DataFrame:
    columns = [list(c) for c in zip(*rows)] if rows else [[] for _ in spec]
    return decode_columns(spec, columns)


def pack_frame(frame: pd.DataFrame) -> bytes:
    """A whole frame (the row report) as compressed JSON."""
    spec, columns = encode_columns(frame)
    return zlib.compress(_dumps({"spec": spec, "columns": columns}), 6)


def unpack_frame(blob: bytes) -> pd.DataFrame:
    doc = json.loads(zlib.decompress(blob).decode("utf-8"))
    return decode_columns(doc["spec"], doc["columns"])
