"""Register versions: version 1 is the bundled seed file; each approved change makes the next version.

A register is kept as written (every cell text, the CSV's columns) plus `scheme_id`, so that a version
can be downloaded as it stands and read like the seed (analysis/schemes/register.py). Pure functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from analysis.councils.names import CouncilIndex
from analysis.schemes.register import prepare_schemes, scheme_register_from_raw

# The columns of data/schemes/schemes.csv, in its order: what a proposal fills in.
REGISTER_COLUMNS: tuple[str, ...] = (
    "scheme_name",
    "partner_councils",
    "service_area",
    "savings_gbp",
    "savings_basis",
    "savings_period",
    "year_reported",
    "start_year",
    "status",
    "source_url",
    "source_quote",
    "notes",
    "external_funding_gbp",
    "listed_in",
)
SEED_VERSION = 1
Action = Literal["add", "change", "remove"]


@dataclass(frozen=True)
class Change:
    """One approved change: `version` is the register version it makes."""

    version: int
    scheme_id: str
    action: Action
    after: Mapping[str, str] | None  # the row as written after the change; None when removed


@dataclass(frozen=True)
class RegisterDiff:
    added: pd.DataFrame  # rows of the newer version only
    changed: pd.DataFrame  # scheme_id, scheme_name, column, before, after: one line per changed cell
    removed: pd.DataFrame  # rows of the older version only

    @property
    def empty(self) -> bool:
        return self.added.empty and self.changed.empty and self.removed.empty


def clean_row(row: Mapping[str, object]) -> dict[str, str]:
    """A register row as written: every column present, every cell one line of text."""
    out = {}
    for c in REGISTER_COLUMNS:
        value = row.get(c, "")
        text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
        out[c] = " ".join(text.split())
    return out


def raw_at(seed: pd.DataFrame, changes: Iterable[Change], version: int) -> pd.DataFrame:
    """The register as written at `version`: the seed with every change up to it applied in order."""
    rows: dict[str, dict[str, object]] = {
        sid: {**{c: r[c] for c in REGISTER_COLUMNS}, "scheme_id": sid, "source_row": src}  # the seed as written
        for sid, src, r in zip(seed["scheme_id"], seed["source_row"], seed.to_dict("records"))
    }
    for change in sorted(changes, key=lambda c: c.version):
        if change.version > version:
            break
        if change.action == "remove":
            rows.pop(change.scheme_id, None)
            continue
        source_row = rows.get(change.scheme_id, {}).get("source_row", pd.NA)
        rows[change.scheme_id] = {
            **clean_row(change.after or {}),
            "scheme_id": change.scheme_id,
            "source_row": source_row,
        }
    frame = pd.DataFrame(list(rows.values()), columns=[*REGISTER_COLUMNS, "scheme_id", "source_row"])
    if any(c.version <= version for c in changes):
        frame["source_row"] = frame["source_row"].astype("Int64")
    return frame


def schemes_at(raw: pd.DataFrame, index: CouncilIndex) -> pd.DataFrame:
    """The canonical, matched scheme table of a register version (as the seed is read)."""
    return prepare_schemes(scheme_register_from_raw(raw), index)


def for_download(raw: pd.DataFrame) -> pd.DataFrame:
    """A version as the seed file's columns, with each row's id first."""
    return raw[["scheme_id", *REGISTER_COLUMNS]].reset_index(drop=True)


def diff_versions(old: pd.DataFrame, new: pd.DataFrame) -> RegisterDiff:
    """Rows added, changed (cell by cell) and removed between two versions, matched by scheme_id."""
    before = old.set_index("scheme_id")
    after = new.set_index("scheme_id")
    added = for_download(new[~new["scheme_id"].isin(before.index)])
    removed = for_download(old[~old["scheme_id"].isin(after.index)])
    changed = []
    for sid in [s for s in new["scheme_id"] if s in before.index]:
        for c in REGISTER_COLUMNS:
            b, a = str(before.at[sid, c]), str(after.at[sid, c])
            if b != a:
                changed.append(
                    {
                        "scheme_id": sid,
                        "scheme_name": after.at[sid, "scheme_name"],
                        "column": c,
                        "before": b,
                        "after": a,
                    }
                )
    columns = ["scheme_id", "scheme_name", "column", "before", "after"]
    return RegisterDiff(added, pd.DataFrame(changed, columns=columns), removed)
