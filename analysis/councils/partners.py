"""Splitting partner lists as people write them: 'Adur, Worthing and Arun', 'Harrow / Barnet',
'Brighton & Hove; Lewes', without breaking 'Hammersmith and Fulham' or 'Brighton & Hove'.
"""

from __future__ import annotations

import re
from functools import cache

from analysis.councils.names import CouncilIndex, match_council

_STRONG = re.compile(r"\s*[;,/\n|+]\s*")
_JOINER = re.compile(r"\s+(?:and|&)\s+|\s*&\s*", re.IGNORECASE)


def _is_council(text: str, index: CouncilIndex) -> bool:
    """A name that is (or closely spells) a council; ambiguous exact names count too."""
    m = match_council(text, index)
    return m.result == "matched" or (m.result == "ambiguous" and m.method != "fuzzy")


def _segment(words: list[str], joiners: list[str], index: CouncilIndex) -> list[str] | None:
    """Fewest (but at least two) council names the pieces joined by 'and'/'&' group into, or None."""
    n = len(words)

    @cache
    def best(start: int) -> tuple[str, ...] | None:
        if start == n:
            return ()
        found = None
        for end in range(n if start else n - 1, start, -1):  # longest first keeps 'Hammersmith and Fulham' whole
            name = words[start]
            for k in range(start + 1, end):
                name += joiners[k - 1] + words[k]
            if _is_council(name, index):
                rest = best(end)
                if rest is not None and (found is None or 1 + len(rest) < len(found)):
                    found = (name, *rest)
        return found

    result = best(0)
    return list(result) if result is not None else None


def split_partner_list(text: object, index: CouncilIndex) -> tuple[str, ...]:
    """Partner names in the order written; unknown names are kept whole, never dropped."""
    if text is None or not str(text).strip():
        return ()
    out: list[str] = []
    for piece in _STRONG.split(str(text).strip()):
        piece = re.sub(r"^(and|&)\s+", "", piece.strip(), flags=re.IGNORECASE).strip()
        if not piece:
            continue
        if not _JOINER.search(piece):
            out.append(piece)
            continue
        # Two or more real councils beat one alias ('Adur & Worthing' is also a name of Worthing's).
        parts = _JOINER.split(piece)
        joiners = [m.group(0) for m in _JOINER.finditer(piece)]
        grouped = _segment([p.strip() for p in parts], joiners, index)
        out.extend(grouped if grouped else [piece])
    return tuple(p for p in out if p)
