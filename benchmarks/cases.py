"""One benchmark case per process, so that its peak memory is its own.

`python -m benchmarks.cases CASE [ARG]` prints one JSON object: seconds (and details), peak_rss_mb.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPENDING = sorted((ROOT / "data" / "spending").glob("*.*"))


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def read_ours() -> dict:
    from analysis.spending.returns import read_spending_workbook

    t = time.perf_counter()
    for p in SPENDING:
        read_spending_workbook(p, p.name)
    return {"seconds": time.perf_counter() - t}


def read_pandas() -> dict:
    import pandas as pd

    t = time.perf_counter()
    for p in SPENDING:
        pd.read_excel(p, sheet_name=None, header=None)  # openpyxl for .xlsx, xlrd for .xls, odf for .ods
    return {"seconds": time.perf_counter() - t}


def read_calamine() -> dict:
    import python_calamine as pc

    t = time.perf_counter()
    for p in SPENDING:
        book = pc.CalamineWorkbook.from_path(str(p))
        for name in book.sheet_names:
            book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    return {"seconds": time.perf_counter() - t}


def pages(data_dir: str) -> dict:
    """Server-side time of every page (AppTest): first view, then a rerun, after the data is loaded."""
    if data_dir != "bundled":
        os.environ["SSD_DATA_DIR"] = data_dir
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    t = time.perf_counter()
    at.run()
    out = {"load_and_first_overview": time.perf_counter() - t}
    from ui.pages import PAGES

    for spec in PAGES:
        page = spec.key
        at.switch_page(spec.script_path)
        t = time.perf_counter()
        at.run()
        out[f"{page}_first"] = time.perf_counter() - t
        t = time.perf_counter()
        at.run()
        out[f"{page}_rerun"] = time.perf_counter() - t
        if at.exception:
            raise RuntimeError(f"{page}: {at.exception[0].message}")
    out["seconds"] = max(v for k, v in out.items() if k.endswith(("_first", "_rerun")))
    return out


def _scheme_csv(rows: int) -> bytes:
    import pandas as pd

    real = pd.read_csv(ROOT / "data" / "schemes" / "schemes.csv", dtype=str, keep_default_na=False)
    rng = random.Random(7)
    picks = real.iloc[[rng.randrange(len(real)) for _ in range(rows)]].reset_index(drop=True)
    picks["scheme_name"] = [f"{n} [synthetic {i}]" for i, n in enumerate(picks["scheme_name"])]
    return picks.to_csv(index=False).encode("utf-8")


def upload_csv(rows: str) -> dict:
    from analysis.dataset import load_dataset
    from analysis.uploads.pipeline import read_uploaded_file

    data, dataset = _scheme_csv(int(rows)), load_dataset()
    t = time.perf_counter()
    result = read_uploaded_file(data, "synthetic.csv", dataset)
    return {"seconds": time.perf_counter() - t, "rows": len(result.schemes), "mb": len(data) / 1e6}


def upload_xlsx(megabytes: str) -> dict:
    import pandas as pd

    from analysis.dataset import load_dataset
    from analysis.uploads.pipeline import read_uploaded_file

    target, rows, data = float(megabytes) * 1e6, 20_000, b""
    while len(data) < target:
        frame = pd.read_csv(io.BytesIO(_scheme_csv(rows)), dtype=str, keep_default_na=False)
        buffer = io.BytesIO()
        frame.to_excel(buffer, index=False, engine="xlsxwriter")
        data = buffer.getvalue()
        rows = int(rows * target / len(data) * 1.05) + 1
    dataset = load_dataset()
    t = time.perf_counter()
    result = read_uploaded_file(data, "synthetic.xlsx", dataset)
    return {"seconds": time.perf_counter() - t, "rows": len(result.schemes), "mb": len(data) / 1e6}


@contextlib.contextmanager
def _database(backend: str):
    """An empty database: a SQLite file in a temporary folder, or a throwaway PostgreSQL server."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite+pysqlite:///{tmp}/datasets.sqlite3"
    else:
        from tests.db import postgres_server

        with postgres_server() as url:
            yield url


def _published(url: str, rows: int):
    """A store at `url` and a publish request for a synthetic scheme register of `rows` rows."""
    from analysis.dataset import load_dataset
    from analysis.uploads.pipeline import read_uploaded_file
    from store.config import StoreLimits
    from store.datasets import FileToPublish, PublishRequest, StoreHandle

    data = _scheme_csv(rows)
    result = read_uploaded_file(data, "synthetic.csv", load_dataset())
    request = PublishRequest("Synthetic register", f"{rows:,} rows", "add", (FileToPublish(result, data),), "bench")
    return StoreHandle(url, StoreLimits(max_rows=max(rows, 250_000))).get(), request


def publish(backend: str, rows: str) -> dict:
    """Publishing a read scheme register (encoding, hashing the manage key, one transaction)."""
    with _database(backend) as url:
        store, request = _published(url, int(rows))
        t = time.perf_counter()
        receipt = store.publish(request)
        seconds = time.perf_counter() - t
        assert len(store.load(receipt.id).schemes) == int(rows)
    return {"seconds": seconds, "rows": int(rows)}


def permalink(backend: str, schemes: str) -> dict:
    """First view of Overview, then Schemes, opened from a dataset link on a running server (bundled data loaded)."""
    from streamlit.testing.v1 import AppTest

    with _database(backend) as url:
        store, request = _published(url, int(schemes))
        dataset_id = store.publish(request).id
        os.environ["SSD_DATABASE_URL"] = url
        AppTest.from_file(str(ROOT / "app.py"), default_timeout=600).run()  # the server has read its own data
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
        at.query_params["dataset"] = dataset_id
        t = time.perf_counter()
        at.run()
        out = {"overview_first": time.perf_counter() - t}
        at.switch_page(str(ROOT / "views" / "schemes.py"))
        t = time.perf_counter()
        at.run()
        out["schemes_first"] = time.perf_counter() - t
        shown = next(m.value for m in at.metric if m.label == "Schemes shown")
        if at.exception or int(shown) != 98 + int(schemes):
            raise RuntimeError(f"the permalink did not open the dataset: {shown} schemes shown")
    out["seconds"] = max(out.values())
    return out


def first_chart() -> dict:
    """From `streamlit run` to the first Plotly chart drawn in headless Chromium."""
    from playwright.sync_api import sync_playwright

    from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, running_app

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page()
        t = time.perf_counter()
        with running_app() as url:
            page.goto(url)
            page.wait_for_selector(".js-plotly-plot .main-svg", timeout=120_000)
            seconds = time.perf_counter() - t
        browser.close()
    return {"seconds": seconds}


# --- speed work (issue 13): start-ups, side-by-side readers, the multi-year outturn upload ---------------------


def _chart_after_start(state_dir: str) -> dict:
    """One `streamlit run` on `state_dir` (its disk cache), a new headless Chromium with an empty profile:
    seconds to the server's health answer and to the first Plotly chart drawn."""
    from playwright.sync_api import sync_playwright

    from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, running_app

    os.environ["SSD_STATE_DIR"] = state_dir
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page()
        t = time.perf_counter()
        with running_app() as url:
            up = time.perf_counter() - t
            page.goto(url)
            page.wait_for_selector(".js-plotly-plot .main-svg", timeout=120_000)
            seconds = time.perf_counter() - t
        browser.close()
    return {"seconds": seconds, "server_up": up}


def first_chart_startups() -> dict:
    """From `streamlit run` to the first chart in a cold browser: the first start-up (empty state folder:
    the bundle is parsed and cached on disk) and the second (the bundle read from that cache)."""
    import tempfile

    with tempfile.TemporaryDirectory() as state:
        first = _chart_after_start(state)
        second = _chart_after_start(state)
    return {
        "seconds": second["seconds"],
        "first_startup": first["seconds"],
        "first_server_up": first["server_up"],
        "second_startup": second["seconds"],
        "second_server_up": second["server_up"],
    }


def upload_csv_vs_pandas(rows: str) -> dict:
    """The 100,000-row scheme CSV read by the upload pipeline and by `pandas.read_csv`, in one process:
    best of three each, alternating, on the same bytes."""
    import pandas as pd

    from analysis.dataset import load_dataset
    from analysis.uploads.pipeline import read_uploaded_file

    data, dataset = _scheme_csv(int(rows)), load_dataset()
    ours, theirs, got = [], [], 0
    for _ in range(3):
        t = time.perf_counter()
        got = len(read_uploaded_file(data, "synthetic.csv", dataset).schemes)
        ours.append(time.perf_counter() - t)
        t = time.perf_counter()
        pd.read_csv(io.BytesIO(data))
        theirs.append(time.perf_counter() - t)
    return {"seconds": min(ours), "pandas_seconds": min(theirs), "rows": got, "mb": len(data) / 1e6}


def _scheme_xlsx(megabytes: float) -> bytes:
    import pandas as pd

    target, rows, data = megabytes * 1e6, 20_000, b""
    while len(data) < target:
        frame = pd.read_csv(io.BytesIO(_scheme_csv(rows)), dtype=str, keep_default_na=False)
        buffer = io.BytesIO()
        frame.to_excel(buffer, index=False, engine="xlsxwriter")
        data = buffer.getvalue()
        rows = int(rows * target / len(data) * 1.05) + 1
    return data


def upload_xlsx_vs_calamine(megabytes: str) -> dict:
    """The 5 MB scheme workbook read by the upload pipeline and by bare python-calamine (every sheet to
    Python lists), in one process: best of three each, alternating, on the same bytes."""
    import python_calamine as pc

    from analysis.dataset import load_dataset
    from analysis.uploads.pipeline import read_uploaded_file

    data, dataset = _scheme_xlsx(float(megabytes)), load_dataset()
    ours, bare, got = [], [], 0
    for _ in range(3):
        t = time.perf_counter()
        got = len(read_uploaded_file(data, "synthetic.xlsx", dataset).schemes)
        ours.append(time.perf_counter() - t)
        t = time.perf_counter()
        book = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
        for name in book.sheet_names:
            book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        bare.append(time.perf_counter() - t)
    return {"seconds": min(ours), "calamine_seconds": min(bare), "rows": got, "mb": len(data) / 1e6}


def upload_outturn() -> dict:
    """The department's multi-year outturn layout at full scale (benchmarks/outturn.py), read as an upload."""
    import tempfile

    from analysis.dataset import load_dataset
    from analysis.uploads.pipeline import read_uploaded_file
    from benchmarks.outturn import write_multi_year_outturn

    dataset = load_dataset()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "revenue_outturn_multi_year_SYNTHETIC.csv"
        shape = write_multi_year_outturn(path, dataset.spending)
        data = path.read_bytes()
    t = time.perf_counter()
    result = read_uploaded_file(data, path.name, dataset)
    seconds = time.perf_counter() - t
    return {
        "seconds": seconds,
        "mb": len(data) / 1e6,
        "figures": len(result.spending),
        "used_rows": result.counts["used"],
        **shape,
    }


if __name__ == "__main__":
    case, *args = sys.argv[1:]
    result = globals()[case](*args)
    result["peak_rss_mb"] = _peak_mb()
    print(json.dumps(result))
