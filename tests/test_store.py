"""The store on SQLite and on a real PostgreSQL: publishing, opening, versions, deleting, limits,
concurrency and faults. No mocks: every test talks to a real database."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import threading
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

from analysis.uploads.pipeline import merge_uploads, read_uploaded_file
from store import schema
from store.config import StoreLimits
from store.datasets import FileToPublish, PublishRequest, StoreHandle, apply_published
from store.engine import ALEMBIC_DIR, make_engine
from store.errors import LimitReached, StoreProblem, StoreUnavailable, WrongManageKey
from store.frames import decode_rows, encode_rows, pack_rows, unpack_rows
from store.keys import hash_key, looks_like_id, new_dataset_id, verify_key
from tests.messy import messy_scheme_workbook
from tests.test_upload import ROWS

ROOT = Path(__file__).resolve().parents[1]
RS_ODS = ROOT / "data/spending/RS_2023-24_data_by_LA.ods"


@pytest.fixture
def store(database_url):
    handle = StoreHandle(database_url, StoreLimits())
    yield handle.get()
    handle.get().engine.dispose()


@pytest.fixture(scope="module")
def upload(request):
    dataset = request.getfixturevalue("dataset")
    data = messy_scheme_workbook(ROWS)
    return read_uploaded_file(data, "our register.xlsx", dataset), data


def _request(upload, **changes) -> PublishRequest:
    result, data = upload
    base = PublishRequest(
        "Shared services 2017-18",
        "Our register, as sent to members",
        "add",
        (FileToPublish(result, data, {"Atlantis DC": "ADU"}, {"default_basis": None}),),
        "session-token",
    )
    return dataclasses.replace(base, **changes)


def _count(store, table) -> int:
    with store.engine.connect() as conn:
        return conn.scalar(sa.select(sa.func.count()).select_from(table))


def test_published_records_and_provenance_come_back_exactly(store, upload):
    result, data = upload
    receipt = store.publish(_request(upload))
    assert looks_like_id(receipt.id)
    published = store.load(receipt.id)
    pd.testing.assert_frame_equal(published.schemes, result.schemes.reset_index(drop=True))
    pd.testing.assert_frame_equal(published.report, result.report.reset_index(drop=True))
    info = published.info
    assert (info.title, info.description, info.mode, info.status) == (
        "Shared services 2017-18",
        "Our register, as sent to members",
        "add",
        "live",
    )
    (file,) = info.files
    assert (file.file_name, file.size_bytes, file.kind) == ("our register.xlsx", len(data), "schemes")
    assert file.sheet == "Register" and file.sha256 == hashlib.sha256(data).hexdigest()
    assert file.counts == result.counts and file.rows_in_sheet == result.rows_in_sheet
    assert [m["field"] for m in file.mapping] == list(result.location.mapping["field"])
    assert file.name_fixes == {"Atlantis DC": "ADU"} and file.has_original
    assert store.original(receipt.id, 0) == data
    assert info.rows_used == result.counts["used"] + result.counts["used with warning"]


@pytest.mark.parametrize("mode", ["add", "replace"])
def test_opened_dataset_equals_the_publishers_session(store, upload, dataset, mode):
    receipt = store.publish(_request(upload, mode=mode))
    opened = apply_published(dataset, store.load(receipt.id))
    session = merge_uploads(dataset, [upload[0]], mode)
    pd.testing.assert_frame_equal(opened.schemes.reset_index(drop=True), session.schemes.reset_index(drop=True))
    pd.testing.assert_frame_equal(opened.national, session.national)


def test_a_spending_return_round_trips(store, dataset):
    data = RS_ODS.read_bytes()
    result = read_uploaded_file(data, "rs.ods", dataset)
    receipt = store.publish(PublishRequest("RS 2023-24", "", "add", (FileToPublish(result, data),), "token"))
    published = store.load(receipt.id)
    pd.testing.assert_frame_equal(published.spending, result.spending.reset_index(drop=True))
    opened, session = apply_published(dataset, published), merge_uploads(dataset, [result], "add")
    pd.testing.assert_frame_equal(opened.spending, session.spending)


def test_ids_are_random_and_long():
    ids = {new_dataset_id() for _ in range(1000)}
    assert len(ids) == 1000 and all(looks_like_id(i) for i in ids)
    assert all(len(i) * 6 >= 128 for i in ids)  # 24 base64 characters: 144 bits
    assert not looks_like_id("../../etc/passwd") and not looks_like_id("a" * 23)


def test_manage_key_is_stored_only_as_a_salted_slow_hash(store, upload):
    receipt = store.publish(_request(upload))
    with store.engine.connect() as conn:
        rows = [tuple(map(str, r)) for r in conn.execute(sa.select(schema.datasets)).all()]
    assert not any(receipt.manage_key in cell for row in rows for cell in row)
    a, b = hash_key("same key"), hash_key("same key")
    assert a != b and a.startswith("scrypt$") and verify_key("same key", a) and verify_key("same key", b)
    assert not verify_key("same key!", a) and not verify_key("x", "not a hash")


def test_delete_needs_the_key_and_removes_the_data(store, upload):
    receipt = store.publish(_request(upload))
    with pytest.raises(WrongManageKey):
        store.delete(receipt.id, "not the key")
    assert store.load(receipt.id) is not None
    store.delete(receipt.id, receipt.manage_key)
    assert store.info(receipt.id).status == "deleted" and store.load(receipt.id) is None
    assert _count(store, schema.records) == 0 and _count(store, schema.files) == 0
    assert store.original(receipt.id, 0) is None and store.total_bytes() == 0
    with pytest.raises(StoreProblem, match="deleted"):
        store.delete(receipt.id, receipt.manage_key)
    assert store.info(new_dataset_id()) is None


def test_a_new_version_points_to_the_one_it_replaces(store, upload):
    first = store.publish(_request(upload))
    before = store.load(first.id)
    with pytest.raises(WrongManageKey):
        store.publish(_request(upload, title="v2", replaces=first.id, replaces_key="wrong"))
    assert _count(store, schema.datasets) == 1
    second = store.publish(_request(upload, title="v2", replaces=first.id, replaces_key=first.manage_key))
    old, new = store.info(first.id), store.info(second.id)
    assert (old.status, old.superseded_by, new.replaces, new.status) == ("superseded", second.id, first.id, "live")
    pd.testing.assert_frame_equal(store.load(first.id).schemes, before.schemes)  # the old version is unchanged
    with pytest.raises(StoreProblem, match="already been superseded"):
        store.publish(_request(upload, title="v2b", replaces=first.id, replaces_key=first.manage_key))


def test_mark_superseded_with_the_key(store, upload):
    first, second = store.publish(_request(upload)), store.publish(_request(upload, title="newer"))
    with pytest.raises(StoreProblem, match="another dataset"):
        store.mark_superseded(first.id, first.manage_key, by=first.id)
    store.mark_superseded(first.id, first.manage_key, by=second.id)
    assert store.info(first.id).superseded_by == second.id and store.load(first.id) is not None


def test_title_and_description_are_one_line_of_plain_text(store, upload):
    with pytest.raises(StoreProblem, match="title"):
        store.publish(_request(upload, title="   "))
    receipt = store.publish(_request(upload, title="<script>x</script>\n=1+1", description="a\n\nb\tc"))
    info = store.info(receipt.id)
    assert info.title == "<script>x</script> =1+1" and info.description == "a b c"  # kept as text, shown escaped


@pytest.mark.parametrize(
    ("limits", "message"),
    [
        ({"max_rows": 5}, "may have at most 5 rows"),
        ({"max_bytes": 1000}, "MB to store"),
        ({"publishes_per_hour": 1}, "in the last hour"),
        ({"store_max_bytes": 1.5}, "store is full"),  # one and a half datasets' worth
    ],
    ids=["rows", "bytes", "per-hour", "store-size"],
)
def test_each_limit_is_refused_with_a_plain_message(database_url, upload, limits, message):
    first = StoreHandle(database_url, StoreLimits()).get()
    first.publish(_request(upload))
    size = first.total_bytes()
    first.engine.dispose()
    if "store_max_bytes" in limits:
        limits = {"store_max_bytes": int(limits["store_max_bytes"] * size)}
    store = StoreHandle(database_url, StoreLimits(**limits)).get()
    try:
        with pytest.raises(LimitReached, match=message):
            store.publish(_request(upload))
        assert _count(store, schema.datasets) == 1  # nothing of the refused dataset was stored
        if "publishes_per_hour" in limits:
            store.publish(_request(upload, publisher="another session"))  # the limit is per session
    finally:
        store.engine.dispose()


def test_twenty_sessions_publishing_at_once_lose_nothing(store, upload):
    receipts, errors = [], []
    start = threading.Barrier(20)

    def publish(n: int) -> None:
        start.wait()
        try:
            receipts.append(store.publish(_request(upload, title=f"dataset {n}", publisher=f"session {n}")))
        except Exception as exc:  # collected and asserted on below
            errors.append(exc)

    threads = [threading.Thread(target=publish, args=(n,)) for n in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == [] and len(receipts) == 20
    assert len({r.id for r in receipts}) == 20
    assert sorted(store.info(r.id).title for r in receipts) == sorted(f"dataset {n}" for n in range(20))
    with store.engine.connect() as conn:
        stored_rows = conn.scalar(sa.select(sa.func.sum(schema.records.c.n_rows)))
    assert stored_rows == 20 * len(upload[0].schemes)


def test_an_unwritable_state_folder_makes_the_store_unavailable(tmp_path):
    blocker = tmp_path / "not a folder"
    blocker.write_text("a file where the state folder should be")
    handle = StoreHandle(f"sqlite+pysqlite:///{blocker / 'datasets.sqlite3'}", StoreLimits())
    with pytest.raises(StoreUnavailable, match="could not be opened"):
        handle.get()
    with pytest.raises(StoreUnavailable):  # remembered, not retried on every page
        handle.get()


def test_an_unreachable_postgresql_makes_the_store_unavailable(caplog):
    from tests.browser.server import free_port

    url = f"postgresql+psycopg://ssd:secret@127.0.0.1:{free_port()}/ssd"
    with caplog.at_level("WARNING", logger="store.engine"), pytest.raises(StoreUnavailable) as caught:
        StoreHandle(url, StoreLimits()).get()
    # Visitors are told what failed, not where the database is; the operator's log says where, never the password.
    assert "could not be" in caught.value.message
    assert "127.0.0.1" not in caught.value.message and "secret" not in caught.value.message
    assert "127.0.0.1" in caplog.text and "secret" not in caplog.text


def test_a_read_only_database_still_opens_links_but_refuses_to_publish(tmp_path, upload):
    path = tmp_path / "datasets.sqlite3"
    writable = StoreHandle(f"sqlite+pysqlite:///{path}", StoreLimits()).get()
    receipt = writable.publish(_request(upload))
    writable.engine.dispose()
    read_only = StoreHandle(f"sqlite+pysqlite:///file:{path}?mode=ro&uri=true", StoreLimits()).get()
    assert read_only.load(receipt.id) is not None
    with pytest.raises(StoreUnavailable, match="could not be written"):
        read_only.publish(_request(upload))


def test_migrations_go_up_and_down(database_url):
    from alembic import command
    from alembic.config import Config

    engine = make_engine(database_url)
    config = Config()
    config.set_main_option("script_location", str(ALEMBIC_DIR))
    try:
        for target, tables in (
            (
                "head",
                {
                    "datasets",
                    "dataset_files",
                    "dataset_records",
                    "register_proposals",
                    "register_changes",
                    "register_audit",
                },
            ),
            ("base", set()),
        ):
            with engine.begin() as conn:
                config.attributes["connection"] = conn
                command.upgrade(config, target) if target == "head" else command.downgrade(config, target)
            assert set(sa.inspect(engine).get_table_names()) - {"alembic_version"} == tables
    finally:
        engine.dispose()


def test_postgresql_tests_never_skip_in_ci():
    from tests.db import pg_bin

    if os.environ.get("CI") == "true":
        assert pg_bin() is not None


texts = st.one_of(st.none(), st.text(max_size=12))


@given(
    st.lists(
        st.tuples(
            st.floats(allow_infinity=False),
            st.one_of(st.none(), st.integers(-(2**53), 2**53)),
            texts,
            st.lists(st.text(max_size=6), max_size=3).map(tuple),
            st.booleans(),
        ),
        max_size=30,
    )
)
def test_frames_round_trip_through_json(rows):
    frame = pd.DataFrame(
        {
            "savings_gbp": pd.Series([r[0] for r in rows], dtype="float64"),
            "year": pd.Series([r[1] for r in rows], dtype="Int64"),
            "name": pd.Series([r[2] for r in rows], dtype="str"),
            "partners": pd.Series([r[3] for r in rows], dtype=object),
            "has_figure": pd.Series([r[4] for r in rows], dtype="bool"),
        }
    )
    spec, encoded = encode_rows(frame)
    back = decode_rows(spec, unpack_rows(pack_rows(encoded)))
    pd.testing.assert_frame_equal(back, frame, check_index_type=False)


def test_spending_published_before_the_stage_column_was_named_opens(store, dataset):
    """Budget or outturn was once the spending table's 'status' column: a dataset stored then still opens."""
    data = RS_ODS.read_bytes()
    result = read_uploaded_file(data, "rs.ods", dataset)
    old = dataclasses.replace(result, spending=result.spending.rename(columns={"stage": "status"}))
    receipt = store.publish(PublishRequest("RS 2023-24", "", "add", (FileToPublish(old, data),), "token"))
    published = store.load(receipt.id)
    pd.testing.assert_frame_equal(published.spending, result.spending.reset_index(drop=True))
