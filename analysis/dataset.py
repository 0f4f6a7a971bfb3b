"""Everything the app runs on, loaded from a data folder into one immutable bundle."""

from __future__ import annotations

import dataclasses
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.councils.directory import (
    attach_council_ids,
    build_register,
    council_ids_for_codes,
    read_register_sources,
)
from analysis.councils.names import CouncilIndex, build_council_index
from analysis.schemes.register import prepare_schemes, read_scheme_register
from analysis.spending.baselines import national_totals, read_lga_timeline, read_published_baselines
from analysis.spending.extract import EXTRACT_FILE, EXTRACT_FOLDER, ExtractRead, read_extract, years_to_fill
from analysis.spending.reconcile import Reconciliation, reconcile
from analysis.spending.returns import SpendingRead, read_spending_workbook

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
SPENDING_SUFFIXES = (".xls", ".xlsx", ".ods")


@dataclass(frozen=True)
class Dataset:
    """Spending (tidy, pounds), register, name index, schemes (matched) and baselines."""

    spending: pd.DataFrame
    reads: tuple[SpendingRead, ...]
    register: pd.DataFrame
    index: CouncilIndex
    schemes: pd.DataFrame
    lga_timeline: pd.DataFrame
    published_baselines: pd.DataFrame
    national: pd.DataFrame
    extract: ExtractRead | None = None  # the multi-year extract, every year, with council ids
    reconciliation: Reconciliation | None = None  # the extract against the workbooks where both exist


def load_dataset(data_dir: Path = DATA_DIR) -> Dataset:
    """Read every bundled file. About a second; the UI caches the result."""
    files = sorted(p for p in (data_dir / "spending").iterdir() if p.suffix.lower() in SPENDING_SUFFIXES)
    with ThreadPoolExecutor(max_workers=2) as pool:  # calamine parses outside the GIL: two cores, two files
        reads = tuple(pool.map(lambda p: read_spending_workbook(p, p.name), files))
    official = pd.concat([r.table for r in reads], ignore_index=True)
    register = build_register(read_register_sources(data_dir / "register"), official)
    official = attach_council_ids(official, register)
    extract, reconciliation, spending = None, None, official
    extract_path = data_dir / "spending" / EXTRACT_FOLDER / EXTRACT_FILE
    if extract_path.exists():
        extract = resolve_extract(read_extract(extract_path), register, official)
        reconciliation = reconcile(official, extract.table)
        fill = extract.table[extract.table["year"].isin(years_to_fill(extract.table, official))]
        spending = pd.concat([official, fill], ignore_index=True)
    index = build_council_index(register)
    schemes = prepare_schemes(read_scheme_register(data_dir / "schemes" / "schemes.csv"), index)
    return Dataset(
        spending=spending,
        reads=reads,
        register=register,
        index=index,
        schemes=schemes,
        lga_timeline=read_lga_timeline(data_dir / "schemes" / "lga_timeline.csv"),
        published_baselines=read_published_baselines(data_dir / "baselines" / "national_spending.csv"),
        national=national_totals(spending),
        extract=extract,
        reconciliation=reconciliation,
    )


def resolve_extract(read: ExtractRead, register: pd.DataFrame, official: pd.DataFrame) -> ExtractRead:
    """The extract's rows with council ids through the directory (by ONS code, each year's code),
    and E-code, class and region from the register, as the workbooks' rows have them."""
    table = read.table
    ids = council_ids_for_codes(table["ons_code"], register, official)
    by_id = register.set_index("council_id")
    resolved = table.assign(
        council_id=ids,
        ecode=ids.map(by_id["ecode"]).replace("", None),
        region=ids.map(by_id["region"]).replace("", None),
    )
    resolved["class"] = ids.map(by_id["class"]).fillna(table["class"])
    return dataclasses.replace(read, table=resolved)
