"""Run every benchmark case in its own process and write BENCHMARKS.md. Reports; never fails."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from ui.pages import PAGES as REGISTRY

ROOT = Path(__file__).resolve().parents[1]
PAGES = tuple(p.key for p in REGISTRY)


def run_case(*args: str, env: dict | None = None) -> dict:
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.cases", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=1800,
    )
    if proc.returncode != 0:
        return {"error": (proc.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def best_of(n: int, *args: str) -> dict:
    runs = [run_case(*args) for _ in range(n)]
    ok = [r for r in runs if "error" not in r]
    return min(ok, key=lambda r: r["seconds"]) if ok else runs[0]


def verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


def main() -> None:
    from analysis.dataset import load_dataset
    from benchmarks.synthetic import SCHEMES_AT_SCALE, make_synthetic_data_dir

    lines = [
        "# Benchmarks",
        "",
        f"Written by `make bench` on {date.today().isoformat()}; {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}, 2 cores. Each case runs in its own process; peak memory is that "
        "process's maximum resident set. Times are the best of 3 where marked. This report never fails the build.",
        "",
    ]
    ours, pandas_, bare = best_of(3, "read_ours"), best_of(3, "read_pandas"), best_of(3, "read_calamine")
    lines += [
        "## Reading all bundled spending workbooks (10 files: 5 .xls, 4 .xlsx, 1 .ods)",
        "",
        "| reader | seconds (best of 3) | peak MB |",
        "|---|---:|---:|",
        f"| this app (`read_spending_workbook`, every sheet read, parsed to tidy rows) | {ours['seconds']:.2f} | "
        f"{ours['peak_rss_mb']:.0f} |",
        f"| `pandas.read_excel(sheet_name=None)`: openpyxl for .xlsx, xlrd .xls, odf .ods | {pandas_['seconds']:.2f} | "
        f"{pandas_['peak_rss_mb']:.0f} |",
        f"| bare python-calamine, every sheet to Python lists (the floor) | {bare['seconds']:.2f} | "
        f"{bare['peak_rss_mb']:.0f} |",
        "",
    ]
    vs_bare, vs_pandas = ours["seconds"] / bare["seconds"], pandas_["seconds"] / ours["seconds"]
    lines += [
        f"- Against bare calamine: {vs_bare:.2f}x (target within 1.3x: {verdict(vs_bare <= 1.3)}).",
        f"- Against pandas/openpyxl: {vs_pandas:.1f}x faster (target at least 5x: {verdict(vs_pandas >= 5)}).",
        "",
    ]

    spending = load_dataset().spending
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folders: dict[str, str] = {"1x (bundled: 98 schemes, 10 workbooks)": "bundled"}
        for scale in (10, 100):
            made = make_synthetic_data_dir(Path(tmp) / f"x{scale}", scale, spending)
            folders[f"{scale}x ({SCHEMES_AT_SCALE[scale]:,} schemes, 20 years)"] = str(made)
        # A server's first start-up on new data or code parses the workbooks and prepares the boundaries into
        # the state folder's cache; every later start-up reads them. Measure that steady state, and report the
        # very first start-up's map view beside it.
        cold = run_case("pages", "bundled", env=os.environ | {"SSD_STATE_DIR": str(Path(tmp) / "cold-state")})
        for label, folder in folders.items():
            run_case("pages", folder)  # warms the on-disk cache
            rows.append((label, run_case("pages", folder)))
    lines += [
        "## Server-side page run time (AppTest), seconds",
        "",
        "First view of each page after the data is loaded, then a rerun (cached), on a server started after "
        "an earlier start-up wrote the state folder's cache (a server's usual start). Load = reading the data "
        "and drawing the first Overview.",
        "",
        "| data | load | " + " | ".join(f"{p} first / rerun" for p in PAGES) + " | peak MB | target |",
        "|---|---:|" + "---:|" * len(PAGES) + "---:|---|",
    ]
    for (label, r), target in zip(rows, (0.5, 2.0, 2.0)):
        if "error" in r:
            lines.append(f"| {label} | error: {r['error']} |")
            continue
        cells = " | ".join(f"{r[p + '_first']:.2f} / {r[p + '_rerun']:.2f}" for p in PAGES)
        worst = max(r[k] for k in r if k.endswith("_first") or k.endswith("_rerun"))
        lines.append(
            f"| {label} | {r['load_and_first_overview']:.2f} | {cells} | {r['peak_rss_mb']:.0f} | "
            f"every page under {target} s: {verdict(worst < target)} |"
        )
    lines.append("")

    lines += upload_sections()
    lines += [
        "## Published datasets (SQLite file; PostgreSQL 15 started from the system binaries)",
        "",
        "Publishing: encoding the records and report, hashing the manage key, one transaction. Permalink: "
        "first server-side view (AppTest) of a `?dataset=` link on a server that has read its own data.",
        "",
        "| backend | publish 100,000 rows | permalink to 10,000 schemes: Overview first | then Schemes first | "
        "peak MB | targets |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for backend in ("sqlite", "postgresql"):
        pub, link = run_case("publish", backend, "100000"), run_case("permalink", backend, "10000")
        if "error" in pub or "error" in link:
            lines.append(f"| {backend} | error: {pub.get('error') or link.get('error')} | | | | |")
            continue
        ok = pub["seconds"] < 5 and link["seconds"] < 2
        lines.append(
            f"| {backend} | {pub['seconds']:.2f} s | {link['overview_first']:.2f} s | {link['schemes_first']:.2f} s | "
            f"{max(pub['peak_rss_mb'], link['peak_rss_mb']):.0f} | publish under 5 s, first view under 2 s: "
            f"{verdict(ok)} |"
        )
    lines.append("")

    lines += startup_section()
    lines += map_line(rows[0][1], cold)
    lines += notes_section()
    (ROOT / "BENCHMARKS.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


# --- speed work (issue 13): uploads side by side, start-ups, the map's first view, notes -----------------------


def upload_sections() -> list[str]:
    """Uploads read, validated and matched, each beside the bare reader of the same file in one process."""
    csv, xlsx, outturn = (
        run_case("upload_csv_vs_pandas", "100000"),
        run_case("upload_xlsx_vs_calamine", "5"),
        run_case("upload_outturn"),
    )
    lines = [
        "## Uploads: read, validate and match",
        "",
        "Each file is read by the upload pipeline (safety checks, finding the table, every row validated and "
        "reported, council names matched) and, in the same process on the same bytes, by the bare reader; best "
        "of 3 each.",
        "",
        "| file | rows | this app, s | bare reader, s | ratio | peak MB | target |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    if "error" in csv:
        lines.append(f"| 100,000-row scheme CSV | error: {csv['error']} | | | | | |")
    else:
        ratio = csv["seconds"] / csv["pandas_seconds"]
        ok = csv["seconds"] < 0.5 and ratio <= 10
        lines.append(
            f"| 100,000-row scheme CSV ({csv['mb']:.1f} MB) | {csv['rows']:,} | {csv['seconds']:.2f} | "
            f"{csv['pandas_seconds']:.2f} (`pandas.read_csv`) | {ratio:.1f}x | {csv['peak_rss_mb']:.0f} | "
            f"under 0.5 s and within 10x: {verdict(ok)} |"
        )
    if "error" in xlsx:
        lines.append(f"| 5 MB scheme workbook | error: {xlsx['error']} | | | | | |")
    else:
        ratio = xlsx["seconds"] / xlsx["calamine_seconds"]
        ok = xlsx["seconds"] < 1.5 and ratio <= 3
        lines.append(
            f"| 5 MB scheme workbook (.xlsx, {xlsx['mb']:.1f} MB) | {xlsx['rows']:,} | {xlsx['seconds']:.2f} | "
            f"{xlsx['calamine_seconds']:.2f} (bare python-calamine) | {ratio:.1f}x | {xlsx['peak_rss_mb']:.0f} | "
            f"under 1.5 s and within 3x: {verdict(ok)} |"
        )
    if "error" in outturn:
        lines.append(f"| multi-year outturn | error: {outturn['error']} | | | | | |")
    else:
        lines.append(
            f"| multi-year revenue outturn, full scale ({outturn['mb']:.1f} MB CSV: {outturn['authorities']} "
            f"authorities x {outturn['years']} years, {outturn['columns']} columns) | {outturn['rows']:,} | "
            f"{outturn['seconds']:.2f} | | | {outturn['peak_rss_mb']:.0f} | "
            f"under 5 s: {verdict(outturn['seconds'] < 5)} ({outturn['figures']:,} figures, "
            f"{outturn['used_rows']:,} rows used) |"
        )
    lines += [
        "",
        "The multi-year outturn file is the department's multi-year layout (one row per authority and year, £ "
        "thousand, a column for every line of the RS return) built synthetically in a temporary folder by "
        "`benchmarks/outturn.py`: every authority of the 2016-17 outturn, every year 2010-11 to 2023-24.",
        "",
    ]
    return lines


def startup_section() -> list[str]:
    """`streamlit run` to the first chart in a new headless Chromium: first and second start-up."""
    r = run_case("first_chart_startups")
    lines = ["## From `streamlit run` to the first chart in headless Chromium", ""]
    if "error" in r:
        return [*lines, f"error: {r['error']}", ""]
    return [
        *lines,
        "Each start-up is a new server and a new browser with an empty profile (nothing cached in the browser).",
        "",
        "| start-up | server answering, s | first chart, s | target |",
        "|---|---:|---:|---|",
        f"| first (empty state folder: the bundle is parsed, then cached on disk) | {r['first_server_up']:.2f} | "
        f"{r['first_startup']:.2f} | reported |",
        f"| second (the bundle read from the disk cache) | {r['second_server_up']:.2f} | {r['second_startup']:.2f} | "
        f"under 4 s: {verdict(r['second_startup'] < 4)} |",
        "",
    ]


def map_line(bundled: dict, cold: dict) -> list[str]:
    """The Map page's first view at 1x, from the page runs above (a server after its first start-up, and
    the very first start-up on an empty state folder)."""
    if "error" in bundled:
        return []
    first = bundled["map_first"]
    very_first = (
        "" if "error" in cold else f" On the very first start-up (empty state folder) it is {cold['map_first']:.2f} s."
    )
    return [
        "## Map: first view at 1x",
        "",
        f"{first:.2f} s server-side for the first view (rerun {bundled['map_rerun']:.2f} s) "
        f"(target under 0.3 s: {verdict(first < 0.3)}). The boundaries are decoded and simplified once into the "
        "state folder's cache; each boundary year is assembled once per server." + very_first,
        "",
    ]


def notes_section() -> list[str]:
    return [
        "## Notes",
        "",
        "- Uploads are read column-wise: a CSV by Arrow's parser (Python's `csv` module where Arrow's reading "
        "could differ),",
        "  each column's distinct cells read once by the same single-cell parsers, the row report built from "
        "column masks.",
        "- First chart: most of a start-up is the cold browser loading and compiling Streamlit's bundle and then "
        "Plotly's",
        "  chunk (4.7 MB); the server answers in under a second and runs the Overview in about 0.7 s.",
        "- Times on this shared 2-core machine vary by 20-50% from run to run with other work on it.",
        "",
    ]


if __name__ == "__main__":
    main()
