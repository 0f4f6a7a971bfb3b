"""Publishing from the Upload page and opening the link in another session (AppTest), on SQLite and on
PostgreSQL; deleted and unknown links; the app when the database cannot be reached; a limit reached."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis.uploads.pipeline import read_uploaded_file
from tests.apptest import open_app, switch
from tests.messy import messy_scheme_workbook
from tests.test_upload import ROWS

ROOT = Path(__file__).resolve().parents[1]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ADUR = "E07000223"  # a partner of the uploaded "Joint waste contract"


@pytest.fixture
def backend(database_url, monkeypatch) -> str:
    monkeypatch.setenv("SSD_DATABASE_URL", database_url)
    return database_url


def _app(**params: str) -> AppTest:
    return open_app(**params)


def _page(at: AppTest, name: str, **params: str) -> AppTest:
    switch(at, name, **params)
    assert not at.exception, at.exception
    return at


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _input(at, label: str):
    return next(t for t in at.text_input if t.label == label)


def _button(at, label: str):
    return next(b for b in at.button if b.label == label)


def _publish(at: AppTest, title: str = "Our register <b>2017-18</b>") -> tuple[str, str]:
    """Upload the messy workbook and publish it; returns (link, manage key)."""
    _page(at, "upload")
    at.file_uploader[0].upload("register.xlsx", messy_scheme_workbook(ROWS), XLSX).run()
    _input(at, "Title").input(title)
    _input(at, "One-line description").input("As sent to *members*")
    _button(at, "Publish").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    link, key = (c.value for c in at.code[:2])
    assert link.startswith("?dataset=") and len(key) >= 32
    return link, key


def _figures(at: AppTest, scheme_id: str) -> dict[str, dict[str, str]]:
    """The headline figures of Overview, Schemes, Councils (Adur) and Check a claim (an uploaded scheme)."""
    return {
        "overview": _metrics(_page(at, "overview")),
        "schemes": _metrics(_page(at, "schemes")),
        "councils": _metrics(_page(at, "councils", council=ADUR)),
        "check_claim": _metrics(_page(at, "check_claim", scheme=scheme_id)),
    }


def test_a_published_link_shows_the_same_figures_in_a_new_session(backend, dataset):
    scheme_id = read_uploaded_file(messy_scheme_workbook(ROWS), "register.xlsx", dataset).schemes["scheme_id"][0]
    publisher = _app()
    link, _ = _publish(publisher)
    dataset_id = link.removeprefix("?dataset=")
    assert any(dataset_id in str(d.value["link"].tolist()) for d in publisher.dataframe if "link" in d.value)
    mine = _figures(publisher, scheme_id)
    assert mine["schemes"]["Schemes shown"] == str(98 + len(ROWS))

    reader = _app(dataset=dataset_id)
    theirs = _figures(reader, scheme_id)
    assert theirs == mine
    banner = " ".join(m.value for m in reader.markdown)
    assert "Our register \\<b\\>2017\\-18\\</b\\>" in banner and "<b>" not in banner  # shown as text, never HTML
    caption = " ".join(c.value for c in reader.caption)
    assert "register\\.xlsx" in caption and "6 rows used, 0 rejected" in caption and "SHA\\-256" in caption


def test_deleted_and_unknown_links_give_a_notice_and_the_bundled_data(backend):
    publisher = _app()
    link, key = _publish(publisher)
    dataset_id = link.removeprefix("?dataset=")
    assert _metrics(_page(_app(dataset=dataset_id), "schemes"))["Schemes shown"] == str(98 + len(ROWS))

    _page(publisher, "upload")
    _input(publisher, "The dataset's link or id").input(f"http://example.org/schemes{link}")
    _input(publisher, "Its manage key").input("not the key")
    _button(publisher, "Apply").click().run()
    assert any("does not belong" in e.value for e in publisher.error)
    _input(publisher, "Its manage key").input(key)
    _button(publisher, "Apply").click().run()
    assert any("Deleted" in s.value for s in publisher.success)

    for opened in (dataset_id, "A" * 24, "not-an-id"):
        reader = _app(dataset=opened)
        assert any("deleted" in w.value or "no published dataset" in w.value for w in reader.warning)
        assert _metrics(_page(reader, "schemes"))["Schemes shown"] == "98"


def test_with_the_database_unreachable_every_page_works_and_publishing_says_why(tmp_path, monkeypatch):
    blocker = tmp_path / "state"
    blocker.write_text("a file where the state folder should be")
    monkeypatch.setenv("SSD_STATE_DIR", str(blocker))
    monkeypatch.delenv("SSD_DATABASE_URL", raising=False)
    at = _app(dataset="A" * 24)
    assert not at.exception and _metrics(at)["Denominator"] == "£94.1bn"
    assert any("cannot be opened just now" in w.value for w in at.warning)
    for page in ("councils", "schemes", "check_claim", "map", "methodology", "upload"):
        _page(at, page)
    assert any("Publishing is unavailable" in w.value and "could not be opened" in w.value for w in at.warning)


def test_publishes_per_hour_are_limited_with_a_plain_message(backend, monkeypatch):
    monkeypatch.setenv("SSD_PUBLISHES_PER_HOUR", "1")
    at = _app()
    _publish(at)
    _input(at, "Title").input("Again")
    _button(at, "Publish").click().run()
    assert any("in the last hour" in e.value for e in at.error) and not at.exception
