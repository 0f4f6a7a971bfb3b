"""One declared scheme record (analysis/schemes/schema.py): the bundled register, the live register,
uploaded registers and the merged table all have its columns, in its order, of its kinds; a frame that
does not fit is a programming error naming what is wrong."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings

from analysis.curation.versions import REGISTER_COLUMNS, Change, raw_at, schemes_at
from analysis.dataset import DATA_DIR
from analysis.errors import InputProblem
from analysis.schemes.register import read_raw_register
from analysis.schemes.schema import COLUMNS, NAMES, SchemaError, conform, empty_schemes
from analysis.uploads.pipeline import merge_uploads, read_uploaded_file
from analysis.uploads.schemes import ReadOptions
from store.frames import decode_rows, encode_rows
from tests.messy import messy_scheme_workbook
from tests.test_upload import ROWS
from tests.test_upload_columns import OPTIONS, _csv_bytes, registers

BUNDLED_CSV = (DATA_DIR / "schemes" / "schemes.csv").read_bytes()


def _shape(frame: pd.DataFrame) -> list[tuple[str, str]]:
    return [(str(c), str(frame[c].dtype)) for c in frame.columns]


def _same_shape(frame: pd.DataFrame, like: pd.DataFrame) -> None:
    assert list(frame.columns) == list(NAMES)
    assert frame.dtypes.to_dict() == like.dtypes.to_dict(), set(_shape(frame)) ^ set(_shape(like))


def test_every_column_is_declared_once_with_a_meaning():
    assert len(set(NAMES)) == len(NAMES)
    assert all(c.meaning and c.kind for c in COLUMNS)
    assert [c.name for c in COLUMNS if c.optional] == ["partner_shares"]


def test_the_bundled_register_is_the_schema(dataset):
    _same_shape(dataset.schemes, empty_schemes())
    assert dataset.schemes["partner_shares"].isna().all()  # the bundled register states no shares
    assert conform(dataset.schemes).equals(dataset.schemes)


@pytest.mark.parametrize(
    "name",
    ["bundled.csv", "messy.xlsx", "nothing.csv"],
)
def test_uploaded_registers_have_the_bundled_columns_and_kinds(dataset, name):
    data = {
        "bundled.csv": BUNDLED_CSV,
        "messy.xlsx": messy_scheme_workbook(ROWS),
        # a register whose every row is rejected: no records, the same columns
        "nothing.csv": b"Scheme,Partners,Savings\n,,100\n,,200\n",
    }[name]
    result = read_uploaded_file(data, name, dataset, kind="schemes")
    assert result.kind == "schemes"
    _same_shape(result.schemes, dataset.schemes)
    assert (len(result.schemes) == 0) == (name == "nothing.csv")


@pytest.mark.parametrize("mode", ["add", "replace"])
def test_merged_registers_have_the_bundled_columns_and_kinds(dataset, mode):
    uploads = [
        read_uploaded_file(BUNDLED_CSV, "bundled.csv", dataset),
        read_uploaded_file(messy_scheme_workbook(ROWS), "messy.xlsx", dataset),
    ]
    merged = merge_uploads(dataset, uploads, mode).schemes
    _same_shape(merged, dataset.schemes)
    assert len(merged) == (len(dataset.schemes) if mode == "add" else 0) + sum(len(u.schemes) for u in uploads)


def test_the_live_register_with_an_added_row_has_the_bundled_columns_and_kinds(dataset):
    seed = read_raw_register(DATA_DIR / "schemes" / "schemes.csv")
    row = {c: "" for c in REGISTER_COLUMNS} | {"scheme_name": "Joint waste", "partner_councils": "Adur; Worthing"}
    live = schemes_at(raw_at(seed, [Change(2, "P0001", "add", row)], 2), dataset.index)
    _same_shape(live, dataset.schemes)
    assert live.set_index("scheme_id").at["P0001", "source_row"] is pd.NA


def test_a_spending_upload_holds_an_empty_scheme_table(dataset):
    data = b"Council,Year,Revenue expenditure\nAdur,2016/17,100\n"
    result = read_uploaded_file(data, "spending.csv", dataset)
    assert result.kind == "spending"
    _same_shape(result.schemes, dataset.schemes)


def test_a_published_register_read_back_has_the_bundled_columns_and_kinds(dataset):
    """Through the store's JSON and back, as a shared link opens it; one published before source_row
    could be NA (int64) is widened without loss."""
    schemes = read_uploaded_file(messy_scheme_workbook(ROWS), "messy.xlsx", dataset).schemes
    spec, rows = encode_rows(schemes)
    back = decode_rows(spec, rows)
    _same_shape(conform(back), dataset.schemes)
    old = back.assign(source_row=back["source_row"].astype("int64"))
    assert conform(old)["source_row"].tolist() == schemes["source_row"].tolist()
    _same_shape(conform(old), dataset.schemes)


def test_conform_orders_the_columns_and_adds_the_optional_ones(dataset):
    shuffled = dataset.schemes.drop(columns="partner_shares")[list(reversed(NAMES[:-1]))]
    got = conform(shuffled)
    assert list(got.columns) == list(NAMES)
    assert got["partner_shares"].tolist() == [None] * len(got)
    assert got["partner_shares"].dtype == object


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda f: f.drop(columns=["basis", "form"]), ["missing basis, form"]),
        (lambda f: f.assign(savings_gbp=f["savings_gbp"].astype(str)), ["savings_gbp", "expected float"]),
        (lambda f: f.assign(source_row=np.arange(len(f)) + 0.5), ["source_row", "expected nullable integer"]),
        (lambda f: f.assign(partners=f["partners"].map(list)), ["partners", "expected tuple"]),
        (lambda f: f.assign(extra=1), ["unknown extra"]),
    ],
)
def test_a_frame_that_does_not_fit_is_a_programming_error(dataset, change, named):
    with pytest.raises(SchemaError) as raised:
        conform(change(dataset.schemes))
    assert not isinstance(raised.value, InputProblem)
    for words in named:
        assert words in str(raised.value)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(register=registers(), options=OPTIONS)
def test_any_uploaded_register_has_the_bundled_columns_and_kinds(dataset, register, options: ReadOptions):
    rows, _ = register
    try:
        result = read_uploaded_file(_csv_bytes(rows), "upload.csv", dataset, kind="schemes", options=options)
    except InputProblem:
        return  # no table found: nothing read
    _same_shape(result.schemes, dataset.schemes)
    _same_shape(merge_uploads(dataset, [result]).schemes, dataset.schemes)
