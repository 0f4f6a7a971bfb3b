"""The scheme register: reading it, matching partners to councils, linking second figures.

A scheme with no savings figure is kept: it measures evidence coverage.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
from rapidfuzz import fuzz

from analysis.councils.names import CouncilIndex, CouncilMatch, match_council
from analysis.schemes.collaboration import FORM_LABELS, collaboration_direction, collaboration_form_codes
from analysis.schemes.schema import TEXT, conform

SECONDARY_MARK = re.compile(r"^\s*\[secondary figure", re.IGNORECASE)


def split_partners(text: object) -> tuple[str, ...]:
    """Partner names from a ';'-separated cell."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ()
    return tuple(p.strip() for p in str(text).split(";") if p.strip())


def _int_or_na(value: Any) -> object:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return pd.NA


def _money_or_nan(value: object) -> float:
    try:
        return float(str(value).replace(",", "")) if str(value).strip() else float("nan")
    except ValueError:
        return float("nan")


def read_raw_register(path: Path) -> pd.DataFrame:
    """The register CSV as written (every cell text), with each row's id and spreadsheet row."""
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    return raw.assign(scheme_id=[f"S{i + 1:03d}" for i in range(len(raw))], source_row=range(2, len(raw) + 2))


def read_scheme_register(path: Path) -> pd.DataFrame:
    """The bundled register CSV as canonical columns (no matching yet)."""
    return scheme_register_from_raw(read_raw_register(path))


def scheme_register_from_raw(raw: pd.DataFrame) -> pd.DataFrame:
    """Canonical columns from register rows as written (the CSV's columns, plus scheme_id and source_row).
    The live register (the bundled file plus approved changes) is read through here too."""
    raw = raw.reset_index(drop=True)
    out = pd.DataFrame(
        {
            "scheme_id": raw["scheme_id"],
            # spreadsheet row of the bundled file (header is row 1); NA if added
            "source_row": raw["source_row"].astype("Int64"),
            "scheme_name": raw["scheme_name"].str.strip(),
            "partners": raw["partner_councils"].map(split_partners),
            "service_area": raw["service_area"],
            "savings_gbp": raw["savings_gbp"].map(_money_or_nan).astype("float64"),
            "basis": raw["savings_basis"].str.strip().str.lower(),
            "period": raw["savings_period"],
            "year_reported": raw["year_reported"].map(_int_or_na).astype("Int64"),
            "start_year": raw["start_year"].map(_int_or_na).astype("Int64"),
            "status": raw["status"].replace("", "unknown"),
            "source_url": raw["source_url"],
            "source_quote": raw["source_quote"],
            "notes": raw["notes"],
            "external_funding_gbp": raw["external_funding_gbp"].map(_money_or_nan).astype("float64"),
            "implementation_cost_gbp": float("nan"),
            "listed_in": raw["listed_in"],
        }
    )
    out["is_secondary"] = out["notes"].str.match(SECONDARY_MARK)
    out["has_figure"] = out["savings_gbp"].notna()
    out["origin"] = "bundled register"
    return out


def match_partners(schemes: pd.DataFrame, index: CouncilIndex) -> pd.DataFrame:
    """Adds partner_ids, partner_names, partner_classes and unmatched_partners (with suggestions)."""
    ids, names, classes, unmatched = [], [], [], []
    seen: dict[tuple[str, int | None], CouncilMatch] = {}  # registers repeat names: match each (name, year) once
    for partners, year in zip(schemes["partners"], schemes["year_reported"]):
        y = None if pd.isna(year) else int(year)
        got: list[str] = []
        missing: list[str] = []
        for p in partners:
            m = seen.get((p, y)) or seen.setdefault((p, y), match_council(p, index, y))
            if m.result == "matched" and m.council_id is not None:
                got.append(m.council_id)
            else:
                hint = f" (did you mean: {', '.join(m.suggestions)}?)" if m.suggestions else ""
                missing.append(f"{p}: {m.result}{hint}")
        got = list(dict.fromkeys(got))
        ids.append(tuple(got))
        names.append(tuple(index.info[c]["name"] for c in got))
        classes.append(tuple(index.info[c]["class"] for c in got))
        unmatched.append(tuple(missing))
    return schemes.assign(partner_ids=ids, partner_names=names, partner_classes=classes, unmatched_partners=unmatched)


def _base_name(name: str) -> str:
    return re.sub(r"\(.*?\)", " ", name).strip().lower()


def link_secondary_figures(schemes: pd.DataFrame) -> pd.DataFrame:
    """For each secondary figure, the primary row of the same scheme (same partners, similar name)."""
    primary_of = pd.Series(pd.NA, index=schemes.index, dtype="object")
    secondary = schemes[schemes["is_secondary"].astype(bool)]
    if secondary.empty:
        return schemes.assign(primary_id=primary_of)
    primaries = list(
        zip(
            *(
                schemes.loc[~schemes["is_secondary"].astype(bool), c].tolist()
                for c in ("scheme_id", "scheme_name", "partner_ids")
            )
        )
    )
    for k, name, ids in zip(secondary.index, secondary["scheme_name"], secondary["partner_ids"]):
        best, best_score = pd.NA, 0.0
        for pid, pname, pids in primaries:
            shared = len(set(pids) & set(ids))
            if not shared:
                continue
            similarity = max(
                fuzz.token_set_ratio(_base_name(pname), _base_name(name)),
                fuzz.token_set_ratio(pname.lower(), _base_name(name)),
            )
            if similarity + 10 * shared > best_score:
                best, best_score = pid, similarity + 10 * shared
        primary_of[k] = best
    return schemes.assign(primary_id=primary_of)


def _text(values: list[str]) -> pd.api.extensions.ExtensionArray:
    """A text column made by Arrow (pandas' own conversion of a long list is ten times slower)."""
    return pd.array(pa.array(values, pa.large_string()), dtype=TEXT)


def _labels(codes: np.ndarray, labels: list[str]) -> pd.api.extensions.ExtensionArray:
    """labels[codes] as a text column, made by Arrow without a Python string per row."""
    dictionary = pa.DictionaryArray.from_arrays(pa.array(codes, pa.int32()), pa.array(labels, pa.large_string()))
    return pd.array(dictionary.cast(pa.large_string()), dtype=TEXT)


def describe_collaborations(schemes: pd.DataFrame) -> pd.DataFrame:
    """Adds n_partners, direction (vertical/horizontal), form and continuum level (derived)."""
    forms = collaboration_form_codes(schemes["scheme_name"], schemes["notes"])
    class_codes, distinct_classes = pd.factorize(schemes["partner_classes"])
    directions = [collaboration_direction(list(c)) for c in distinct_classes]
    return schemes.assign(
        n_partners=np.fromiter(map(len, schemes["partners"]), dtype=np.int64, count=len(schemes)),
        direction=_labels(class_codes, directions) if len(schemes) else _text([]),
        form=_labels(forms, [f for f, _ in FORM_LABELS]),
        continuum=_labels(forms, [level for _, level in FORM_LABELS]),
    )


def prepare_schemes(schemes: pd.DataFrame, index: CouncilIndex) -> pd.DataFrame:
    """Matching, secondary-figure links and collaboration descriptions, in that order: the scheme
    table as analysis/schemes/schema.py declares it."""
    return conform(describe_collaborations(link_secondary_figures(match_partners(schemes, index))))


def filter_schemes(
    schemes: pd.DataFrame,
    service_areas: list[str] | None = None,
    statuses: list[str] | None = None,
    bases: list[str] | None = None,
    years: tuple[int, int] | None = None,
    partner_id: str | None = None,
    with_figure_only: bool = False,
) -> pd.DataFrame:
    """Rows matching every filter given; None or empty means 'any'. Unknown years pass a year filter."""
    keep = pd.Series(True, index=schemes.index)
    if service_areas:
        keep &= schemes["service_area"].isin(service_areas)
    if statuses:
        keep &= schemes["status"].isin(statuses)
    if bases:
        keep &= schemes["basis"].replace("", "no figure").isin(bases)
    if years:
        y = schemes["year_reported"]
        keep &= y.isna() | ((y >= years[0]) & (y <= years[1]))
    if partner_id:
        keep &= schemes["partner_ids"].map(lambda ids: partner_id in ids)
    if with_figure_only:
        keep &= schemes["has_figure"]
    return schemes[keep.astype(bool)]
