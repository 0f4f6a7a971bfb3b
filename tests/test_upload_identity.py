"""Identity by content: every cache key and every uploaded scheme id derives from the file's bytes (sha256)
and the settings of the read, never from its name or Python's per-process hash()."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from analysis.uploads.pipeline import merge_uploads, read_key, read_uploaded_file
from analysis.uploads.schemes import ReadOptions, scheme_id_prefix
from ui.uploads import data_key

ROOT = Path(__file__).resolve().parents[1]


def _register(savings: int, partners: str = "Adur; Worthing") -> bytes:
    return f"Scheme,Partners,Annual saving (£),Year\nShared waste,{partners},{savings},2016\n".encode("cp1252")


@given(a=st.binary(max_size=2000), b=st.binary(max_size=2000), name=st.text(min_size=1, max_size=30))
def test_distinct_contents_give_distinct_keys_and_ids(a, b, name):
    assume(a != b)
    options = ReadOptions()
    assert read_key(a, name, None, None, None, None, options) != read_key(b, name, None, None, None, None, options)
    assert scheme_id_prefix(a, name, "Sheet1") != scheme_id_prefix(b, name, "Sheet1")


@given(data=st.binary(max_size=500), name=st.text(min_size=1, max_size=30))
def test_the_same_content_and_settings_give_the_same_key_and_other_settings_another(data, name):
    plain = read_key(data, name, None, None, None, None, ReadOptions())
    assert plain == read_key(data, name, None, None, None, None, ReadOptions())
    assert plain != read_key(data, name, None, None, None, None, ReadOptions(default_basis="annual"))
    assert plain != read_key(data, name, "schemes", None, None, None, ReadOptions())
    assert plain != read_key(data, name, None, None, 3, None, ReadOptions())
    assert plain != read_key(data, name, None, None, None, None, ReadOptions(name_overrides={"Atlantis": "ADU"}))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=st.integers(1, 10**9), second=st.integers(1, 10**9))
def test_same_named_files_of_different_content_never_share_a_read_a_dataset_or_an_id(dataset, first, second):
    assume(first != second)
    one = read_uploaded_file(_register(first), "register.csv", dataset)
    two = read_uploaded_file(_register(second), "register.csv", dataset)
    assert one.key != two.key
    assert set(one.schemes["scheme_id"]).isdisjoint(two.schemes["scheme_id"])
    for mode in ("add", "replace"):
        assert data_key([one], mode) != data_key([two], mode)
    assert data_key([one], "add") != data_key([one], "replace")
    both = merge_uploads(dataset, [one, two], "replace").schemes
    assert both["scheme_id"].is_unique and sorted(both["savings_gbp"]) == sorted([first, second])


def test_ids_and_keys_are_the_same_in_every_process():
    data = _register(1234)
    here = (
        scheme_id_prefix(data, "register.csv", "register.csv"),
        read_key(data, "register.csv", None, None, None, None, ReadOptions()),
    )
    code = (
        "import sys; from analysis.uploads.schemes import ReadOptions, scheme_id_prefix; "
        "from analysis.uploads.pipeline import read_key; data = sys.stdin.buffer.read(); "
        "print(scheme_id_prefix(data, 'register.csv', 'register.csv')); "
        "print(read_key(data, 'register.csv', None, None, None, None, ReadOptions()))"
    )
    for seed in ("1", "2"):  # Python's own hash() differs between these two processes
        out = subprocess.run(
            [sys.executable, "-c", code],
            input=data,
            capture_output=True,
            cwd=ROOT,
            env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"},
            check=True,
        )
        assert tuple(out.stdout.decode().split()) == here
