"""A third party's extract of the department's revenue outturn multi-year data set, read into
the same tidy table as the RS workbooks.

The extract (`council_spending.json`, years ending March 2018 to March 2024, £ thousand) holds
total service expenditure and thirteen service lines per authority, keyed by ONS code only. It
also holds rows that are not authorities: the England total and class or group subtotals under
pseudo-codes ("E09", "EOTH", "P", "GLA", ...). Those are kept apart, never counted. It has no
revenue expenditure, net current or net revenue expenditure.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from analysis.spending.returns import GBP_PER_THOUSAND, SPENDING_COLUMNS
from analysis.vocabulary import year_label

EXTRACT_FOLDER = "multi_year_extract"
EXTRACT_FILE = "council_spending.json"
EXTRACT_LABEL = "Revenue outturn multi-year data set (third-party extract)"

# extract field -> measure key (vocabulary.MEASURES); order is the extract's
FIELDS: dict[str, str] = {
    "Education": "education",
    "Highways_Transport": "highways_transport",
    "Children_Social_Care": "children_social_care",
    "Adult_Social_Care": "adult_social_care",
    "Public_Health": "public_health",
    "Housing": "housing_gfra",
    "Culture": "cultural",
    "Environment": "environmental_regulatory",
    "Planning": "planning_development",
    "Police": "police",
    "Fire_Rescue": "fire_rescue",
    "Central_Services": "central_services",
    "Other": "other_services",
    "Total": "total_service_expenditure",
}
EXTRACT_MEASURES: tuple[str, ...] = tuple(FIELDS.values())

# An authority has a 9-character GSS code (E06 unitary ... E50 waste) or, with no ONS code, the
# department's own E-code (Lee Valley Regional Park, E6803). E92 is the country.
_AUTHORITY_CODE = re.compile(r"^E\d{8}$|^E\d{4}$")
COUNTRY_CODE = "E92000001"
_CLASS_BY_PREFIX = {"E06": "UA", "E07": "SD", "E08": "MD", "E09": "L", "E10": "SC"}

RowKind = Literal["authority", "country total", "subtotal"]


@dataclass(frozen=True)
class ExtractRead:
    """The extract's authority rows as tidy spending rows, and what was left out."""

    table: pd.DataFrame  # SPENDING_COLUMNS, one row per authority, year and measure
    aggregates: pd.DataFrame  # year, code, name, kind, total_service_expenditure_gbp: never counted
    source_file: str
    records: int


def row_kind(code: str) -> RowKind:
    """What one extract row is, from its code alone."""
    if code == COUNTRY_CODE:
        return "country total"
    return "authority" if _AUTHORITY_CODE.match(code) else "subtotal"


def year_from_ending(year_ending: int) -> str:
    """'2017-18' for 201803 (the year ending March 2018)."""
    end = int(year_ending) // 100
    return year_label(end - 1)


def class_from_code(code: str) -> str:
    """The department's class letter implied by an ONS code prefix ('O' for other bodies)."""
    return _CLASS_BY_PREFIX.get(code[:3], "O")


def read_extract(path: Path, source_file: str = f"{EXTRACT_FOLDER}/{EXTRACT_FILE}") -> ExtractRead:
    """Read the JSON extract: authority rows in pounds (missing stays NaN), aggregates apart."""
    records = json.loads(path.read_text(encoding="utf-8"))
    raw = pd.DataFrame.from_records(records)
    codes = raw["ONS_code"].astype(str).str.strip()
    kinds = codes.map(row_kind)
    years = raw["year_ending"].map(year_from_ending)
    values = raw[list(FIELDS)].apply(pd.to_numeric, errors="coerce") * GBP_PER_THOUSAND

    is_auth = (kinds == "authority").to_numpy()
    auth_codes = codes[is_auth].to_numpy()
    n, m = int(is_auth.sum()), len(FIELDS)
    table = pd.DataFrame(
        {
            "year": np.repeat(years[is_auth].to_numpy(), m),
            "stage": "outturn",
            "ecode": None,
            "ons_code": np.repeat(auth_codes, m),
            "name": np.repeat(raw["LA_name"][is_auth].astype(str).str.strip().to_numpy(), m),
            "class": np.repeat(np.array([class_from_code(c) for c in auth_codes], dtype=object), m),
            "region": None,
            "measure": np.tile(np.array(EXTRACT_MEASURES, dtype=object), n),
            "value_gbp": values[is_auth].to_numpy(dtype="float64").reshape(-1),
            "source_file": source_file,
        }
    )[SPENDING_COLUMNS]
    aggregates = pd.DataFrame(
        {
            "year": years[~is_auth],
            "code": codes[~is_auth],
            "name": raw["LA_name"][~is_auth],
            "kind": kinds[~is_auth],
            "total_service_expenditure_gbp": values["Total"][~is_auth],
        }
    ).reset_index(drop=True)
    return ExtractRead(table=table, aggregates=aggregates, source_file=source_file, records=len(raw))


def years_to_fill(extract: pd.DataFrame, official: pd.DataFrame) -> list[str]:
    """Extract years with no official outturn workbook: the official workbook always wins."""
    have = set(official.loc[official["stage"] == "outturn", "year"])
    return sorted(set(extract["year"]) - have)


def authority_counts(table: pd.DataFrame) -> dict[str, int]:
    """Authorities per year (rows that are councils or other bodies, never aggregates)."""
    return {str(y): int(n) for y, n in table.groupby("year")["ons_code"].nunique().items()}


def is_extract_source(source_file: object) -> bool:
    """True for rows read from the multi-year extract (their `source_file` names its folder)."""
    return str(source_file).startswith(f"{EXTRACT_FOLDER}/")


EXTRACT_SOURCE = "MHCLG revenue outturn multi-year data set (third-party extract, see Methodology), OGL v3"
WORKBOOK_SOURCE = "DCLG/MHCLG Revenue Outturn Summary (RS), OGL v3"


def spending_source(source_files: pd.Series | list[str]) -> str:
    """The source line for figures read from these files: the workbooks, the extract, or both."""
    kinds = {is_extract_source(f) for f in source_files}
    if kinds == {True}:
        return EXTRACT_SOURCE
    if kinds == {True, False}:
        return f"{WORKBOOK_SOURCE}; 2018-19 to 2022-23: {EXTRACT_SOURCE}"
    return WORKBOOK_SOURCE
