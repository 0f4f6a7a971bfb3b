"""Everything the app runs on, loaded from a data folder into one immutable bundle."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.councils.directory import attach_council_ids, build_register, read_register_sources
from analysis.councils.names import CouncilIndex, build_council_index
from analysis.schemes.register import prepare_schemes, read_scheme_register
from analysis.spending.baselines import national_totals, read_lga_timeline, read_published_baselines
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


def load_dataset(data_dir: Path = DATA_DIR) -> Dataset:
    """Read every bundled file. About a second; the UI caches the result."""
    files = sorted(p for p in (data_dir / "spending").iterdir() if p.suffix.lower() in SPENDING_SUFFIXES)
    with ThreadPoolExecutor(max_workers=2) as pool:  # calamine parses outside the GIL: two cores, two files
        reads = tuple(pool.map(lambda p: read_spending_workbook(p, p.name), files))
    spending = pd.concat([r.table for r in reads], ignore_index=True)
    register = build_register(read_register_sources(data_dir / "register"), spending)
    spending = attach_council_ids(spending, register)
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
    )
