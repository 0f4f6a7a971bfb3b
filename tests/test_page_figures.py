"""Every figure every page shows on the bundled data, against a reviewed snapshot.

The snapshot (tests/snapshots/page_figures.json) holds each page's metrics, the text of its markdown,
captions and notices, its chart titles and subtitles, and its tables (small ones in full, large ones by
shape, head and digest). A refactor must leave it unchanged; a change that means to move a figure
rewrites it with `SSD_UPDATE_SNAPSHOTS=1 pytest tests/test_page_figures.py`, and the diff is reviewed
in the commit like code.
"""

from __future__ import annotations

import hashlib
import json
import os
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from ui.pages import PAGES, ROOT

SNAPSHOT = ROOT / "tests" / "snapshots" / "page_figures.json"
FULL_TABLE_ROWS = 40


def _table(frame: Any) -> dict[str, Any]:
    csv = frame.to_csv(index=False)
    if len(frame) <= FULL_TABLE_ROWS:
        return {"columns": [str(c) for c in frame.columns], "csv": csv.splitlines()}
    return {
        "columns": [str(c) for c in frame.columns],
        "rows": len(frame),
        "head": csv.splitlines()[: FULL_TABLE_ROWS // 2],
        "sha256": hashlib.sha256(csv.encode()).hexdigest(),
    }


def _chart(element: Any) -> dict[str, Any]:
    spec = json.loads(element.proto.spec)
    title = spec.get("layout", {}).get("title", {})
    return {"title": title.get("text") if isinstance(title, dict) else title, "traces": len(spec.get("data", []))}


def page_figures(key: str) -> dict[str, Any]:
    """What one page shows on the bundled data with the default options."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.run()
    page = next(p for p in PAGES if p.key == key)
    if not page.default:
        at.switch_page(page.script_path).run()
    assert not at.exception, [e.value for e in at.exception]
    return {
        "metrics": [[m.label, m.value] for m in at.metric],
        "text": [e.value for kind in ("title", "subheader", "markdown", "caption") for e in at.get(kind)],
        "notices": [e.value for kind in ("info", "warning", "error", "success") for e in at.get(kind)],
        "charts": [_chart(c) for c in at.get("plotly_chart")],
        "tables": [_table(d.value) for d in at.dataframe],
    }


@pytest.mark.parametrize("key", [p.key for p in PAGES])
def test_page_shows_the_reviewed_figures(key: str) -> None:
    shown = json.loads(json.dumps(page_figures(key), default=str))
    snapshot = json.loads(SNAPSHOT.read_text(encoding="utf-8")) if SNAPSHOT.exists() else {}
    if os.environ.get("SSD_UPDATE_SNAPSHOTS") == "1":
        snapshot[key] = shown
        SNAPSHOT.write_text(json.dumps(snapshot, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
        return
    assert key in snapshot, "no reviewed snapshot: run with SSD_UPDATE_SNAPSHOTS=1 and review the diff"
    for part in ("metrics", "text", "notices", "charts", "tables"):
        assert shown[part] == snapshot[key][part], f"{key}: {part} changed"
