"""Every URL parameter in the README's "Links you can share" table round-trips on the pages it names, so
the README cannot drift from the code: a parameter renamed in code, or documented with a value the page
refuses, fails here."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl

import pytest
from streamlit.testing.v1 import AppTest

from ui.pages import PAGES, ROOT

_TITLES = {p.title.lower(): p for p in PAGES}


def _table() -> list[tuple[list[str], list[str], list[dict[str, str]]]]:
    """(parameters, page keys, example queries) for each row of the README's link table."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Links you can share") :]
    section = section[: section.index("\n## ", 3)]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[0].startswith("`"):
            continue
        params = re.findall(r"`([a-z_]+)`", cells[0])
        pages = ["overview"] if cells[1] == "all" else [_TITLES[t.strip().lower()].key for t in cells[1].split(",")]
        examples = []
        # Only the examples: a default named after them is what a link leaves out.
        for ex in re.findall(r"`([^`]+)`", cells[2].split("default")[0]):
            query = dict(parse_qsl(ex)) if "=" in ex else {params[0]: ex}
            examples.append(query)
        rows.append((params, pages, examples))
    return rows


ROWS = _table()
CASES = [(page, query) for params, pages, examples in ROWS for page in pages for query in examples]


def test_the_table_is_read() -> None:
    documented = {p for params, _, _ in ROWS for p in params}
    assert {"measure", "projected", "method", "council", "year", "scheme", "mapyear"} <= documented
    assert all(examples for _, _, examples in ROWS), "every README row gives an example"


def test_every_documented_parameter_has_an_example() -> None:
    for params, _, examples in ROWS:
        shown = {k for q in examples for k in q}
        assert set(params) <= shown, f"README documents {params} but its examples only show {sorted(shown)}"


@pytest.mark.parametrize(("page", "query"), CASES, ids=lambda v: v if isinstance(v, str) else "&".join(v))
def test_a_documented_link_round_trips(page: str, query: dict[str, str]) -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params.update(query)
    at.run()
    if page != "overview":
        at.switch_page(next(p.script_path for p in PAGES if p.key == page))
        at.query_params.update(query)
        at.run()
    assert not at.exception
    assert not [w.value for w in at.warning if "link" in w.value], "the page refused a documented value"
    url = {k: v[0] if isinstance(v, list) else v for k, v in at.query_params.items()}
    for key, value in query.items():
        assert url.get(key) == value, f"{key}={value} did not survive: the URL says {url.get(key)!r}"
