"""The canonical fields an uploaded table can have, as code: label, what the values are, and
the header words that suggest them. `suggest_mapping` proposes a field for every column with
a confidence 0..1; the user can correct any of it, and a mapping can be saved and reapplied.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import pandas as pd
from rapidfuzz import fuzz

from analysis.errors import InputProblem
from analysis.vocabulary import MEASURES, measure_for_header, normalise_header

IGNORE = "(ignore)"


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: str  # text | money | year | basis | partners | shares | code | measure | number
    synonyms: tuple[str, ...]
    required: bool = False


SCHEME_FIELDS: tuple[Field, ...] = (
    Field(
        "scheme_name",
        "Scheme name",
        "text",
        (
            "scheme",
            "scheme name",
            "name",
            "project",
            "partnership",
            "arrangement",
            "initiative",
            "shared service",
            "collaboration",
            "description of scheme",
        ),
        required=True,
    ),
    Field(
        "partners",
        "Partner councils",
        "partners",
        (
            "partners",
            "partner councils",
            "councils",
            "authorities",
            "partner authorities",
            "members",
            "councils involved",
            "participating councils",
            "partner",
        ),
    ),
    Field("service_area", "Service area", "text", ("service area", "service", "function", "area", "service type")),
    Field(
        "savings_gbp",
        "Savings (£)",
        "money",
        (
            "savings",
            "saving",
            "amount saved",
            "savings achieved",
            "value of savings",
            "efficiency savings",
            "total savings",
            "annual savings",
            "savings £",
            "£",
        ),
        required=True,
    ),
    Field(
        "basis",
        "Basis (annual, cumulative, one-off, projected)",
        "basis",
        ("basis", "savings basis", "type of saving", "annual or cumulative", "nature of saving", "saving type"),
    ),
    Field("period", "Period the figure covers", "text", ("period", "savings period", "timeframe", "time period")),
    Field(
        "year_reported",
        "Year reported",
        "year",
        ("year reported", "year", "reported", "date reported", "financial year", "report year", "date"),
    ),
    Field(
        "start_year",
        "Start year",
        "year",
        ("start year", "start", "year started", "began", "established", "commenced", "go live", "start date"),
    ),
    Field("status", "Status", "text", ("status", "stage", "current status")),
    Field("source_url", "Source", "text", ("source", "source url", "url", "link", "reference", "evidence")),
    Field(
        "implementation_cost_gbp",
        "Implementation cost (£)",
        "money",
        (
            "implementation cost",
            "set up cost",
            "setup cost",
            "one off cost",
            "investment",
            "cost",
            "costs of implementation",
        ),
    ),
    Field(
        "external_funding_gbp",
        "External funding (£)",
        "money",
        ("external funding", "grant", "funding", "government funding", "transformation challenge award"),
    ),
    Field(
        "partner_shares",
        "Per-partner shares",
        "shares",
        ("partner shares", "shares", "split", "apportionment", "share of savings", "percentage split"),
    ),
    Field("notes", "Notes", "text", ("notes", "note", "comments", "comment", "description")),
)

SPENDING_FIELDS: tuple[Field, ...] = (
    Field(
        "council",
        "Council name",
        "text",
        ("council", "local authority", "authority", "council name", "la name", "authority name", "organisation"),
        required=True,
    ),
    Field(
        "council_code",
        "Council code (ONS or E-code)",
        "code",
        ("ons code", "gss code", "e code", "ecode", "la code", "code", "ons"),
    ),
    Field("year", "Financial year", "year", ("year", "financial year", "fy", "period")),
    Field("status", "Budget or outturn", "text", ("budget or outturn", "status", "type", "data type")),
    Field("measure", "Measure (long tables)", "text", ("measure", "line", "service line", "category", "item")),
    Field("value", "Value (long tables)", "money", ("value", "amount", "spend", "expenditure", "£")),
    *(Field(k, label, "money", (label.lower(),)) for k, (label, _) in MEASURES.items()),
)

FIELDS_BY_KIND = {"schemes": SCHEME_FIELDS, "spending": SPENDING_FIELDS}


def _clean(header: object) -> str:
    text = normalise_header(header)
    return re.sub(r"\b(gbp|000s?|k|m|thousands?|millions?|pounds)\b", " ", text).strip()


def _confidence(header: object, field: Field) -> float:
    clean = _clean(header)
    if not clean:
        return 0.0
    if field.kind == "money" and field.key in MEASURES:
        return 1.0 if measure_for_header(clean) == field.key else 0.0
    names = (field.key.replace("_", " "), field.label.lower(), *field.synonyms)
    names = tuple(normalise_header(n) for n in names)
    if clean in names:
        return 1.0
    best = max(fuzz.token_set_ratio(clean, n) for n in names if n) / 100
    contains = any(re.search(rf"\b{re.escape(n)}\b", clean) for n in names if len(n) > 3)
    return max(0.75 if contains else 0.0, best * 0.85 if best >= 0.8 else 0.0)


def suggest_mapping(headers: list[object], kind: str) -> pd.DataFrame:
    """One row per column: column (0-based), header, field key (or IGNORE), confidence 0..1.

    Fields are assigned greedily, most confident first; each field to at most one column.
    """
    fields = FIELDS_BY_KIND[kind]
    scores = [(_confidence(h, f), j, f.key) for j, h in enumerate(headers) for f in fields]
    chosen: dict[int, tuple[str, float]] = {}
    used: set[str] = set()
    for score, j, key in sorted(scores, key=lambda t: (-t[0], t[1])):
        if score < 0.6 or j in chosen or key in used:
            continue
        chosen[j] = (key, score)
        used.add(key)
    return pd.DataFrame(
        [
            {
                "column": j,
                "header": str(h),
                "field": chosen.get(j, (IGNORE, 0.0))[0],
                "confidence": round(chosen.get(j, (IGNORE, 0.0))[1], 2),
            }
            for j, h in enumerate(headers)
        ]
    )


def mapping_score(mapping: pd.DataFrame, kind: str) -> float:
    """How well a mapping fits a kind of table: summed confidence, required fields doubled."""
    required = {f.key for f in FIELDS_BY_KIND[kind] if f.required}
    return float(sum(c * (2 if f in required else 1) for f, c in zip(mapping["field"], mapping["confidence"])))


def mapping_to_json(mapping: pd.DataFrame, kind: str) -> str:
    """A mapping to download and reapply to next year's file (matched by header text)."""
    pairs = {str(h): f for h, f in zip(mapping["header"], mapping["field"]) if f != IGNORE}
    return json.dumps({"kind": kind, "columns": pairs}, indent=2)


def mapping_from_json(text: str | bytes, headers: list[object]) -> tuple[str, pd.DataFrame]:
    """Reapply a saved mapping to a table's headers; unknown headers are ignored."""
    try:
        saved = json.loads(text)
        kind, columns = saved["kind"], saved["columns"]
        if kind not in FIELDS_BY_KIND or not isinstance(columns, dict):
            raise ValueError
    except (ValueError, KeyError, TypeError) as exc:
        raise InputProblem("That mapping file is not one this app saved (expected a JSON mapping).") from exc
    valid = {f.key for f in FIELDS_BY_KIND[kind]}
    rows = [
        {
            "column": j,
            "header": str(h),
            "field": columns.get(str(h), IGNORE) if columns.get(str(h)) in valid else IGNORE,
            "confidence": 1.0 if columns.get(str(h)) in valid else 0.0,
        }
        for j, h in enumerate(headers)
    ]
    return kind, pd.DataFrame(rows)
