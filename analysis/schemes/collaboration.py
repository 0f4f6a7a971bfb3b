"""Describing a scheme the way the collaboration literature does (INLOGOV for the DCN, 2015).

Direction comes from the partners' classes; form and place on the informal-to-integrated
continuum come from the scheme's own wording, so both are labelled as derived.
"""

from __future__ import annotations

import re

LOWER_TIER = {"SD"}
UPPER_OR_SINGLE_TIER = {"SC", "UA", "MD", "L"}

# (form, continuum level, pattern on name + service area + notes), first match wins
_FORMS: tuple[tuple[str, str, str], ...] = (
    ("company", "integration", r"\b(ltd|limited|company|teckal|plc|trading company)\b"),
    (
        "shared workforce",
        "integration",
        r"shared workforce|single officer|one officer team|shared staffing|single workforce|merged",
    ),
    (
        "joint management team",
        "coordination/federation",
        r"joint (senior )?management|shared management|(joint|shared) chief executive|management team",
    ),
    ("joint contract or procurement", "coordination/federation", r"contract|procurement|framework"),
    ("shared service", "coordination/federation", r"shared service|shared .* service|joint service"),
    ("board or network", "network", r"\bboard\b|network|forum"),
    ("partnership", "cooperation/partnership", r"partnership|alliance|joint working|collaborat"),
)
_COMPILED_FORMS = tuple((form, level, re.compile(pattern)) for form, level, pattern in _FORMS)
CONTINUUM = ("network", "cooperation/partnership", "coordination/federation", "integration")


def collaboration_direction(partner_classes: list[str]) -> str:
    """'vertical' (a district with an upper or single-tier council), 'horizontal', 'single council'
    or 'unknown' (no matched partners)."""
    classes = [c for c in partner_classes if c]
    if not classes:
        return "unknown"
    if len(classes) == 1:
        return "single council"
    has_lower = any(c in LOWER_TIER for c in classes)
    has_upper = any(c in UPPER_OR_SINGLE_TIER for c in classes)
    return "vertical" if has_lower and has_upper else "horizontal"


def collaboration_form(*texts: str) -> tuple[str, str]:
    """(form, continuum level) from the scheme's wording, the first text (its name) first;
    ('not stated', '') if nothing fits."""
    for text in texts:
        lowered = text.lower() if text else ""
        if not lowered:
            continue
        for form, level, pattern in _COMPILED_FORMS:
            if pattern.search(lowered):
                return form, level
    return "not stated", ""
