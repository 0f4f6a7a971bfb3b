"""The project's vocabulary: spending measures and their header patterns, council classes, financial years."""

from __future__ import annotations

import re
from typing import Literal, get_args

# key -> (label, header pattern on a normalised header). Order is display order.
# Patterns are anchored so that e.g. "Total service expenditure on non-IAS19 ..." (a later
# memorandum column that reuses the words) is never taken for the real total.
_T = r"(total )?"
MEASURES: dict[str, tuple[str, str]] = {
    "education": ("Education services", rf"^{_T}education services$"),
    "highways_transport": ("Highways and transport", rf"^{_T}highways and transport( services)?$"),
    "social_care": ("Social care (children and adults; 2010-11 only)", r"^social care$"),
    "children_social_care": ("Children's social care", rf"^{_T}childrens? social care$"),
    "adult_social_care": ("Adult social care", rf"^{_T}adult social care$"),
    "public_health": ("Public health", rf"^{_T}public health$"),
    "housing_gfra": ("Housing (GFRA only)", rf"^{_T}housing services gfra only$"),
    "cultural": ("Cultural and related", rf"^{_T}cultural and related services$"),
    "environmental_regulatory": (
        "Environmental and regulatory",
        rf"^{_T}environmental and regulatory services$",
    ),
    "planning_development": ("Planning and development", rf"^{_T}planning and development services$"),
    "police": ("Police", rf"^{_T}police services$"),
    "fire_rescue": ("Fire and rescue", rf"^{_T}fire and rescue services$"),
    "central_services": ("Central services", rf"^{_T}central services$"),
    "other_services": ("Other services", rf"^{_T}other services$"),
    "total_service_expenditure": ("Total service expenditure", r"^total service expenditure$"),
    "net_current_expenditure": ("Net current expenditure", r"^net current expenditure$"),
    "revenue_expenditure": ("Revenue expenditure", r"^revenue expenditure$"),
    "net_revenue_expenditure": ("Net revenue expenditure", r"^net revenue expenditure$"),
    "council_tax_requirement": ("Council tax requirement", r"^council tax requirement$"),
}

# Service lines, then the totals a share can be taken of (MEASURES lists them in this order; a test checks it).
ServiceMeasure = Literal[
    "education",
    "highways_transport",
    "social_care",
    "children_social_care",
    "adult_social_care",
    "public_health",
    "housing_gfra",
    "cultural",
    "environmental_regulatory",
    "planning_development",
    "police",
    "fire_rescue",
    "central_services",
    "other_services",
]
TotalMeasure = Literal[
    "total_service_expenditure",
    "net_current_expenditure",
    "revenue_expenditure",
    "net_revenue_expenditure",
    "council_tax_requirement",
]
Measure = ServiceMeasure | TotalMeasure
SERVICE_MEASURES: tuple[str, ...] = get_args(ServiceMeasure)
TOTAL_MEASURES: tuple[str, ...] = get_args(TotalMeasure)
DEFAULT_MEASURE = "revenue_expenditure"

_COMPILED = {key: re.compile(pattern) for key, (_, pattern) in MEASURES.items()}


def measure_label(key: str) -> str:
    """Human label of a measure key, e.g. 'Revenue expenditure'."""
    return MEASURES[key][0]


def normalise_header(text: object) -> str:
    """Lower case, no footnote marks, no '(total of lines ...)' tails, single spaces."""
    s = str(text or "").replace("\n", " ").replace("\u2019", "'").lower()
    s = re.sub(r"\((total of|lines?) [^)]*\)?", " ", s)  # "(TOTAL OF LINES 190 TO 6..."
    s = re.sub(r"\(\d+\)|\[[^\]]*\]", " ", s)  # footnote marks "(4)", "[note 1]"
    s = s.replace("'", "")
    s = re.sub(r"[^a-z0-9]+", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def measure_for_header(text: object) -> str | None:
    """The measure key a column header stands for, or None."""
    return measure_for_normalised(normalise_header(text))


def measure_for_normalised(h: str) -> str | None:
    """As measure_for_header, for a header already through normalise_header."""
    for key, pattern in _COMPILED.items():
        if pattern.match(h):
            return key
    return None


# Council classes as the department's returns code them.
CLASS_LABELS = {
    "L": "London borough",
    "MD": "Metropolitan district",
    "UA": "Unitary authority",
    "SC": "Shire county",
    "SD": "Shire district",
    "O": "Other authority (police, fire, transport, waste, parks, GLA)",
}


def year_start(year: str) -> int:
    """2016 for '2016-17'."""
    return int(year[:4])


def year_label(fy_start: int) -> str:
    """'2016-17' for 2016: the one way a financial year is written."""
    return f"{fy_start}-{(fy_start + 1) % 100:02d}"


# What a reported savings figure is: the words a register's basis column may hold, once normalised.
Basis = Literal["annual", "cumulative", "one-off", "projected-annual", "projected-cumulative"]
BASES: tuple[Basis, ...] = get_args(Basis)
# How a scheme's saving is split among its partners.
Method = Literal["budget", "equal", "explicit"]
METHODS: tuple[Method, ...] = get_args(Method)
# Uploaded schemes are added to the bundled register, or replace it.
Mode = Literal["add", "replace"]
MODES: tuple[Mode, ...] = get_args(Mode)
# What became of one row of an uploaded sheet (the row report's `outcome`); the order is worst first.
RowOutcome = Literal["rejected", "used with warning", "used", "skipped"]
ROW_OUTCOMES: tuple[RowOutcome, ...] = get_args(RowOutcome)
# What matching one name against the council directory found (CouncilMatch.result).
MatchResult = Literal["matched", "ambiguous", "unmatched"]
MATCH_RESULTS: tuple[MatchResult, ...] = get_args(MatchResult)
# Whether spending figures are what a council planned (the budget return) or what it spent (the outturn).
Stage = Literal["budget", "outturn"]
