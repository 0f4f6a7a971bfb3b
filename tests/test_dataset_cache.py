"""The on-disk cache of the parsed bundle: a second start-up reads it, and any change to a source file,
a new file, a damaged cache or an unwritable folder gives a fresh, correct parse."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis.dataset import DATA_DIR, load_dataset
from analysis.dataset_cache import cache_key, load_dataset_cached


@pytest.fixture(scope="module")
def data_copy(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("data") / "data"
    shutil.copytree(DATA_DIR, folder)
    return folder


def test_second_start_reads_the_cache_and_gets_the_same_data(data_copy, tmp_path):
    first, hit_first = load_dataset_cached(data_copy, tmp_path)
    second, hit_second = load_dataset_cached(data_copy, tmp_path)
    assert (hit_first, hit_second) == (False, True)
    pd.testing.assert_frame_equal(first.spending, second.spending)  # dtypes too
    pd.testing.assert_frame_equal(first.schemes, second.schemes)
    assert [(r.source_file, r.year, r.authorities) for r in second.reads] == [
        (r.source_file, r.year, r.authorities) for r in first.reads
    ]


def test_the_cached_bundle_equals_a_fresh_parse(data_copy, tmp_path):
    load_dataset_cached(data_copy, tmp_path)
    cached, hit = load_dataset_cached(data_copy, tmp_path)
    assert hit
    pd.testing.assert_frame_equal(cached.spending, load_dataset(data_copy).spending)


def test_a_changed_source_file_invalidates_it(data_copy, tmp_path):
    load_dataset_cached(data_copy, tmp_path)
    schemes = data_copy / "schemes" / "schemes.csv"
    original = schemes.read_bytes()
    try:
        lines = original.decode("utf-8").splitlines(keepends=True)
        schemes.write_text("".join(lines[:-1]), encoding="utf-8")  # one scheme fewer
        changed, hit = load_dataset_cached(data_copy, tmp_path)
        assert not hit
        assert len(changed.schemes) == len(load_dataset(DATA_DIR).schemes) - 1
    finally:
        schemes.write_bytes(original)


def test_a_new_source_file_changes_the_key(data_copy):
    before = cache_key(data_copy)
    extra = data_copy / "register" / "note.txt"
    extra.write_text("a new file", encoding="utf-8")
    try:
        assert cache_key(data_copy) != before
    finally:
        extra.unlink()
    assert cache_key(data_copy) == before


def test_a_damaged_cache_is_parsed_again(data_copy, tmp_path):
    load_dataset_cached(data_copy, tmp_path)
    for cached in tmp_path.glob("dataset-*.pickle"):
        cached.write_bytes(b"not a pickle")
    dataset, hit = load_dataset_cached(data_copy, tmp_path)
    assert not hit and len(dataset.spending) > 0
    assert load_dataset_cached(data_copy, tmp_path)[1]  # and rewritten


def test_a_cache_path_that_is_a_file_costs_speed_not_the_app(data_copy, tmp_path):
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    dataset, hit = load_dataset_cached(data_copy, blocker)
    assert not hit and len(dataset.spending) > 0
