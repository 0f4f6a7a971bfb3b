"""The register's proposals, versions and audit log in the database, on SQLite and on PostgreSQL."""

from __future__ import annotations

import threading

import pytest

from analysis.curation.proposals import check_form
from analysis.curation.versions import raw_at
from analysis.dataset import DATA_DIR
from analysis.schemes.register import read_raw_register
from store.engine import make_engine, migrate
from store.errors import LimitReached, StoreProblem
from store.register import ProposalRequest, RegisterConflict, RegisterStore, new_scheme_id
from tests.test_register_versions import NEW

SEED = read_raw_register(DATA_DIR / "schemes" / "schemes.csv")


@pytest.fixture
def register(database_url) -> RegisterStore:
    engine = make_engine(database_url)
    migrate(engine)
    yield RegisterStore(engine, database_url, proposals_per_hour=3)
    engine.dispose()


def _propose(register: RegisterStore, dataset, token: str = "session-a", **change: str) -> int:
    check = check_form(NEW | change, dataset)
    assert check.ok, check.problems
    return register.propose(ProposalRequest("new", check.row, check.report, "proposal form", token, None, "me@x.org"))


def test_a_fresh_database_is_at_version_one(register):
    assert register.latest_version() == 1 and register.changes() == [] and register.proposals() == []


def test_approve_makes_the_next_version_and_logs_who(register, dataset):
    pid = _propose(register, dataset)
    [p] = register.proposals()
    assert p.id == pid and p.status == "pending" and p.contact_email == "me@x.org"
    assert list(p.report["outcome"]) == ["skipped", "used"]
    version = register.approve(pid, "ana@council.gov.uk", None, p.row, expected_version=1)
    assert version == 2 and register.latest_version() == 2
    [change] = register.changes()
    assert (change.editor, change.scheme_id, change.action) == ("ana@council.gov.uk", new_scheme_id(pid), "add")
    raw = raw_at(SEED, [c.as_change() for c in register.changes()], 2)
    assert raw.iloc[-1]["scheme_name"] == NEW["scheme_name"] and raw.iloc[-1]["savings_gbp"] == "1200000"
    [entry] = register.audit_log()
    assert (entry.action, entry.editor, entry.version, entry.before) == ("approve", "ana@council.gov.uk", 2, None)
    assert register.proposal(pid).status == "approved" and register.proposals() == []


def test_edit_then_approve_and_a_correction(register, dataset):
    pid = _propose(register, dataset)
    row = register.proposal(pid).row | {"savings_gbp": "1100000"}
    register.approve(pid, "ana@council.gov.uk", None, row, expected_version=1)
    assert register.audit_log()[0].action == "edit and approve" and "savings_gbp" in register.audit_log()[0].reason
    before = {c: str(SEED.iloc[0][c]) for c in NEW}
    check = check_form(
        before | {"source_url": "https://a.org/b", "source_quote": "q", "savings_gbp": "43000000"}, dataset
    )
    cid = register.propose(ProposalRequest("correction", check.row, check.report, "form", "s", "S001"))
    assert register.approve(cid, "bob@shared.org.uk", before, check.row, expected_version=2) == 3
    raw = raw_at(SEED, [c.as_change() for c in register.changes()], 3).set_index("scheme_id")
    assert raw.at["S001", "savings_gbp"] == "43000000" and len(raw) == len(SEED) + 1


def test_reject_needs_a_reason_and_is_logged(register, dataset):
    pid = _propose(register, dataset)
    with pytest.raises(StoreProblem, match="reason"):
        register.reject(pid, "ana@council.gov.uk", "  ")
    register.reject(pid, "ana@council.gov.uk", "No such   scheme")
    assert register.proposal(pid).status == "rejected" and register.proposal(pid).reason == "No such scheme"
    assert register.audit_log()[0].action == "reject" and register.latest_version() == 1
    with pytest.raises(RegisterConflict, match="already been rejected"):
        register.approve(pid, "bob@shared.org.uk", None, register.proposal(pid).row, expected_version=1)


def test_an_editor_looking_at_an_old_version_is_stopped(register, dataset):
    first, second = _propose(register, dataset), _propose(register, dataset, scheme_name="Another one")
    register.approve(first, "ana@council.gov.uk", None, register.proposal(first).row, expected_version=1)
    with pytest.raises(RegisterConflict, match="now at version 2"):
        register.approve(second, "bob@shared.org.uk", None, register.proposal(second).row, expected_version=1)
    assert register.latest_version() == 2 and register.proposal(second).status == "pending"


def test_two_editors_approving_at_once_make_two_versions_or_one_conflict(register, dataset):
    ids = [_propose(register, dataset, token=f"s{i}", scheme_name=f"Scheme {i}") for i in range(2)]
    outcomes: list[object] = []

    def approve(pid: int) -> None:
        try:
            outcomes.append(register.approve(pid, "ana@council.gov.uk", None, register.proposal(pid).row, 1))
        except RegisterConflict as problem:
            outcomes.append(problem)

    threads = [threading.Thread(target=approve, args=(pid,)) for pid in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(map(type, outcomes), key=str) == sorted([int, RegisterConflict], key=str)
    assert register.latest_version() == 2


def test_proposals_are_rate_limited_per_session(register, dataset):
    for i in range(3):
        _propose(register, dataset, scheme_name=f"Scheme {i}")
    with pytest.raises(LimitReached, match="3 proposals in the last hour"):
        _propose(register, dataset)
    _propose(register, dataset, token="another session")  # another session is not limited by this one


def test_a_correction_names_its_scheme(register, dataset):
    check = check_form(NEW, dataset)
    with pytest.raises(StoreProblem):
        register.propose(ProposalRequest("correction", check.row, check.report, "form", "s"))
