"""One benchmark case per process, so that its peak memory is its own.

`python -m benchmarks.cases CASE [ARG]` prints one JSON object: seconds (and details), peak_rss_mb.
"""

from __future__ import annotations

import io
import json
import os
import random
import resource
import sys
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


if __name__ == "__main__":
    case, *args = sys.argv[1:]
    result = globals()[case](*args)
    result["peak_rss_mb"] = _peak_mb()
    print(json.dumps(result))
