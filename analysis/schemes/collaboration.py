"""Describing a scheme the way the collaboration literature does (INLOGOV for the DCN, 2015).

Direction comes from the partners' classes; form and place on the informal-to-integrated
continuum come from the scheme's own wording, so both are labelled as derived.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

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


_ANY_FORM = "|".join(f"(?:{pattern})" for _, _, pattern in _FORMS)


def _matches(texts: pa.Array, pattern: str) -> np.ndarray:
    return pc.fill_null(pc.match_substring_regex(texts, pattern), False).to_numpy(zero_copy_only=False)


def _first_form(texts: Sequence[str]) -> np.ndarray:
    """Index into _FORMS of the first form whose pattern the lowered text contains (len(_FORMS): none).

    Plain-ASCII texts are searched together by Arrow's regular expressions, which read these patterns
    as Python's `re` does on ASCII text; any other text is searched by `re` itself, once per distinct."""
    found = np.full(len(texts), len(_FORMS), dtype=np.intp)
    if not len(texts):
        return found
    array = pa.array(texts, type=pa.large_string())
    ascii_ = pc.fill_null(pc.string_is_ascii(array), False).to_numpy(zero_copy_only=False)
    lowered = pc.ascii_lower(array)
    # one pass for "any form at all", then each form in order over the texts not yet placed
    remaining = np.flatnonzero(_matches(lowered, _ANY_FORM) & ascii_)
    for k, (_, _, pattern) in enumerate(_FORMS):
        if not len(remaining):
            break
        hit = _matches(lowered.take(pa.array(remaining)), pattern)
        found[remaining[hit]] = k
        remaining = remaining[~hit]
    others: dict[str, int] = {}
    for i in np.flatnonzero(~ascii_).tolist():
        text = texts[i]
        if text not in others:
            lowered_text = text.lower()
            others[text] = next(
                (k for k, (_, _, p) in enumerate(_COMPILED_FORMS) if p.search(lowered_text)), len(_FORMS)
            )
        found[i] = others[text]
    return found


FORM_LABELS: tuple[tuple[str, str], ...] = (*((f, level) for f, level, _ in _FORMS), ("not stated", ""))


def _distinct(texts: Sequence[object] | pd.Series) -> tuple[np.ndarray, list[str]]:
    """(codes, distinct texts); a missing text is ''. A text column goes to Arrow as it is."""
    if isinstance(texts, pd.Series) and isinstance(texts.dtype, pd.StringDtype):
        array = pa.chunked_array(pa.array(texts)).combine_chunks().cast(pa.large_string())
    else:
        array = pa.array([None if t is None else str(t) for t in texts], type=pa.large_string())
    encoded = pc.fill_null(array, "").dictionary_encode()
    return encoded.indices.to_numpy(zero_copy_only=False), encoded.dictionary.to_pylist()


def collaboration_form_codes(names: Sequence[object] | pd.Series, notes: Sequence[object] | pd.Series) -> np.ndarray:
    """`collaboration_form(name, notes)` of every scheme, column-wise, as indices into FORM_LABELS."""
    name_codes, distinct_names = _distinct(names)
    note_codes, distinct_notes = _distinct(notes)
    by_name = _first_form(distinct_names)[name_codes]  # registers repeat their notes, often their names
    by_notes = _first_form(distinct_notes)[note_codes]
    # a name that says nothing (empty, or no form in it) leaves it to the notes, as the texts are read in turn
    return np.where(by_name < len(_FORMS), by_name, by_notes)


def collaboration_forms(names: Sequence[object], notes: Sequence[object]) -> tuple[list[str], list[str]]:
    """`collaboration_form(name, notes)` of every scheme, column-wise: (forms, levels)."""
    pick = collaboration_form_codes(names, notes).tolist()
    return [FORM_LABELS[k][0] for k in pick], [FORM_LABELS[k][1] for k in pick]
