"""Register rows a proposal may duplicate: the same partners and service, or a close name. Pure."""

from __future__ import annotations

import re

import pandas as pd
from rapidfuzz import fuzz

NAME_THRESHOLD = 70  # token-set similarity 0..100 above which two scheme names read as the same scheme
DUPLICATE_COLUMNS = ["scheme_id", "scheme_name", "partners", "service_area", "savings_gbp", "basis", "score", "why"]


def _name(text: object) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\(.*?\)|[^\w\s]", " ", str(text).lower())).strip()


def likely_duplicates(
    name: str, partner_ids: tuple[str, ...], service_area: str, schemes: pd.DataFrame, limit: int = 5
) -> pd.DataFrame:
    """Up to `limit` rows of `schemes` that may be the proposed scheme, best first, each with its reasons.

    A row qualifies with a shared partner and the same service area, or with a similar name (rapidfuzz
    token-set ratio ≥ NAME_THRESHOLD). Score: name similarity + 20 for every partner in common (capped at 3)
    + 15 for the same service + 25 when the partners are exactly the same."""
    wanted, area = set(partner_ids), str(service_area).strip().lower()
    rows = []
    for sid, sname, ids, partners, sarea, savings, basis in zip(
        *(
            schemes[c].tolist()
            for c in ("scheme_id", "scheme_name", "partner_ids", "partners", "service_area", "savings_gbp", "basis")
        )
    ):
        shared = len(wanted & set(ids))
        similarity = fuzz.token_set_ratio(_name(name), _name(sname)) if _name(name) and _name(sname) else 0.0
        same_area = bool(area) and str(sarea).strip().lower() == area
        same_partners = bool(wanted) and wanted == set(ids)
        if not ((shared and same_area) or similarity >= NAME_THRESHOLD or same_partners):
            continue
        why = []
        if same_partners:
            why.append("same partners")
        elif shared:
            why.append(f"{shared} partner{'s' if shared > 1 else ''} in common")
        if same_area:
            why.append("same service")
        if similarity >= NAME_THRESHOLD:
            why.append(f"similar name ({similarity:.0f}/100)")
        score = similarity + 20 * min(shared, 3) + 15 * same_area + 25 * same_partners
        rows.append((sid, sname, "; ".join(partners), sarea, savings, basis, round(score, 1), ", ".join(why)))
    out = pd.DataFrame(rows, columns=DUPLICATE_COLUMNS)
    return out.sort_values(["score", "scheme_id"], ascending=[False, True]).head(limit).reset_index(drop=True)
