"""The canonical fields an uploaded table can have, as code: label, what the values are, and
the header words that suggest them. `suggest_mapping` proposes a field for every column with
a confidence 0..1; the user can correct any of it, and a mapping can be saved and reapplied.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

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
    weak: tuple[str, ...] = ()  # headers that usually mean this field, but another field first if both appear


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
            "collaboration",
            "description of scheme",
            "name of shared service",
            "shared service name",
            "name of scheme",
            "partnership name",
            "project name",
            "title",
            "case study",
        ),
        required=True,
        weak=("shared service",),
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
            "councils taking part",
            "authorities involved",
            "participating authorities",
            "partner organisations",
            "partner councils involved",
            "who",
            "who is involved",
            "who is taking part",
            "councils sharing",
            "lead and partner councils",
        ),
    ),
    Field(
        "service_area",
        "Service area",
        "text",
        (
            "service area",
            "service",
            "services",
            "function",
            "functions",
            "area",
            "service type",
            "shared services",
            "services shared",
            "what is shared",
            "service shared",
            "type of service",
        ),
        weak=("shared service",),
    ),
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
            "annual saving",
            "savings £",
            "£",
            "savings to date",
            "efficiency",
            "efficiencies",
            "cashable savings",
            "financial savings",
            "saving achieved",
            "savings delivered",
            "amount",
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
        (
            "year reported",
            "year",
            "reported",
            "date reported",
            "financial year",
            "report year",
            "date",
            "year it was reported",
            "reporting year",
            "when reported",
            "fy",
        ),
    ),
    Field(
        "start_year",
        "Start year",
        "year",
        ("start year", "start", "year started", "began", "established", "commenced", "go live", "start date"),
    ),
    Field("status", "Status", "text", ("status", "stage", "current status", "progress", "state", "rag status")),
    Field(
        "source_url",
        "Source",
        "text",
        ("source", "source url", "url", "link", "reference", "evidence", "where from", "web link", "sources"),
    ),
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
    Field("stage", "Budget or outturn", "text", ("budget or outturn", "status", "stage", "type", "data type")),
    Field("measure", "Measure (long tables)", "text", ("measure", "line", "service line", "category", "item")),
    Field("value", "Value (long tables)", "money", ("value", "amount", "spend", "expenditure", "£")),
    *(Field(k, label, "money", (label.lower(),)) for k, (label, _) in MEASURES.items()),
)

FIELDS_BY_KIND = {"schemes": SCHEME_FIELDS, "spending": SPENDING_FIELDS}


# Words that describe a saving's basis or unit, not the field: "Annual saving (£)" is a saving.
_QUALIFIERS = re.compile(
    r"\b(annual|annually|per annum|per year|a year|pa|to date|total|cumulative|target|projected|expected|"
    r"estimated|in|achieved|delivered)\b"
)


def _clean(header: object) -> str:
    text = normalise_header(re.sub(r"\(s\)", "s", str(header or ""), flags=re.I))  # "Service(s)" -> "services"
    return re.sub(r"\b(gbp|000s?|k|m|thousands?|millions?|pounds)\b", " ", text).strip()


def _confidence(header: object, field: Field) -> float:
    return _text_confidence(str(header or ""), field)


@lru_cache(maxsize=65_536)  # candidate header rows repeat their cells across one- and two-row variants
def _text_confidence(header: str, field: Field) -> float:
    clean = _clean(header)
    if not clean:
        return 0.0
    core = re.sub(r"\s+", " ", _QUALIFIERS.sub(" ", clean)).strip()
    if field.kind == "money" and core and core != clean:  # "Annual saving in pounds" is read as "saving"
        return max(_match(clean, field), 0.95 * _match(core, field))
    return _match(clean, field)


# Weak synonyms: "Shared service" is the service (0.9) unless a "Service" column is there too, when it
# names the scheme (0.85): the most confident field is assigned first.
_WEAK = {"service_area": 0.9, "scheme_name": 0.85}


@cache
def _names(field: Field) -> tuple[tuple[str, ...], frozenset[str], re.Pattern | None]:
    """A field's names and weak names as normalised headers, and one pattern for any of its longer names
    as a whole word (made once per field, not once per header)."""
    names = tuple(normalise_header(n) for n in (field.key.replace("_", " "), field.label.lower(), *field.synonyms))
    long = [rf"\b{re.escape(n)}\b" for n in names if len(n) > 3]
    return names, frozenset(normalise_header(n) for n in field.weak), re.compile("|".join(long)) if long else None


def _match(clean: str, field: Field) -> float:
    if field.kind == "money" and field.key in MEASURES:
        return 1.0 if measure_for_header(clean) == field.key else 0.0
    names, weak, words = _names(field)
    if clean in names:
        return 1.0
    if clean in weak:
        return _WEAK.get(field.key, 0.85)
    best = max(fuzz.token_set_ratio(clean, n) for n in names if n) / 100
    contains = words is not None and words.search(clean) is not None
    return max(0.75 if contains else 0.0, best * 0.85 if best >= 0.8 else 0.0)


def suggest_mapping(headers: Sequence[object], kind: str) -> pd.DataFrame:
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


def is_plausible(fields: set[str], kind: str) -> bool:
    """Whether a header's mapping looks like that kind of table: a scheme register has savings and
    something naming the scheme (a name or its partners); a spending table has councils and figures."""
    if kind == "schemes":
        return "savings_gbp" in fields and bool(fields & {"scheme_name", "partners"})
    return bool(fields & {"council", "council_code"}) and bool(fields & (set(MEASURES) | {"value"}))


def missing_fields(fields: set[str], kind: str) -> str | None:
    """What a hand-made mapping lacks before the file can be read, in plain words, or None."""
    if kind == "schemes" and not fields & {"scheme_name", "partners", "service_area"}:
        return "The mapping has no column naming the schemes: choose the scheme name, partners or service column."
    if kind == "spending" and not fields & {"council", "council_code"}:
        return "The mapping has no council column: choose which column names the councils."
    return None


def mapping_score(mapping: pd.DataFrame, kind: str) -> float:
    """How well a mapping fits a kind of table: summed confidence, required fields doubled."""
    required = {f.key for f in FIELDS_BY_KIND[kind] if f.required}
    return float(sum(c * (2 if f in required else 1) for f, c in zip(mapping["field"], mapping["confidence"])))


def mapping_to_json(mapping: pd.DataFrame, kind: str, header_row: int | None = None) -> str:
    """A mapping to download and reapply to next year's file (matched by header text); with the
    header row when the user chose it by hand."""
    pairs = {str(h): f for h, f in zip(mapping["header"], mapping["field"]) if f != IGNORE}
    saved: dict = {"kind": kind, "columns": pairs}
    if header_row is not None:
        saved["header_row"] = int(header_row)
    return json.dumps(saved, indent=2)


def saved_header_row(text: str | bytes) -> int | None:
    """The header row a saved mapping names (1-based), or None."""
    try:
        row = json.loads(text).get("header_row")
    except (ValueError, AttributeError, TypeError):
        return None
    return row if isinstance(row, int) and not isinstance(row, bool) and row >= 1 else None


# Fields renamed since a mapping may have been saved: (kind, old key) -> new key.
RENAMED_FIELDS = {("spending", "status"): "stage"}


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
    columns = {h: RENAMED_FIELDS.get((kind, f), f) for h, f in columns.items()}
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
