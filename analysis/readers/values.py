"""Values as people write them: money ('£1.2m', '(300)', '£450k'), units in headers ('£000'),
years ('2016/17', 'FY17') and the words that say what a figure is ('p.a.', 'to date', 'target').

Each parser returns None for a blank and raises ValueError with a plain reason otherwise.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from functools import lru_cache

from analysis.readers.cells import MISSING_MARKERS
from analysis.vocabulary import BASES

_UNIT_WORDS = {
    "k": 1e3,
    "thousand": 1e3,
    "000": 1e3,
    "000s": 1e3,
    "'000": 1e3,
    "thousands": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "million": 1e6,
    "millions": 1e6,
    "bn": 1e9,
    "b": 1e9,
    "billion": 1e9,
}
_MONEY = re.compile(
    r"^(?P<neg>-)?\(?\s*(?P<neg2>-)?\s*(?:£|gbp)?\s*(?P<neg3>-)?\s*"
    r"(?P<num>\d{1,3}(?: \d{3})+(?:\.\d+)?|\d[\d,]*(?:\.\d+)?|\.\d+)\s*"
    r"(?P<unit>k|m|mn|bn|b|thousand|million|billion)?\s*\)?$"
)
_UNIT_IN_TEXT = re.compile(
    r"£\s*(?P<a>000s?|'000|k|m|mn|bn|thousands?|millions?|billions?)\b|"
    r"\((?P<b>000s?|'000|thousands?|millions?)\)|"
    r"\b(?P<c>thousands?|millions?|billions?)\s+(?:of\s+)?(?:pounds|£)|"
    r"(?:pounds|£)\s+(?P<d>thousands?|millions?|billions?)",
    re.IGNORECASE,
)


_SPACES = re.compile(r"\s+")
_HEDGE = re.compile(r"^(about|around|approx\.?|approximately|c\.|circa|nearly|almost|over|more than|up to|some)\s+")
_PER_YEAR = re.compile(r"\s*(p\.?\s?a\.?|per (annum|year)|a year|pa|annually|each year|yearly)$")
# Words people write after an amount that say what it is, not how much: the basis is read from them
# separately (parse_basis), so the amount is read without them. "£1m to date", "£17m in ten years", "£3m+".
_TAIL = re.compile(
    r"\s*(\+|\((?:est\.?|estimated|target|projected|forecast|provisional|approx\.?|gross|net|unaudited|"
    r"cumulative|annual|recurring|one[- ]off)\)|to date|so far|in total|total|cumulative(?:ly)?|recurring|"
    r"ongoing|one[- ]off|gross|net|target|projected|expected|estimated|forecast|savings?|"
    r"(?:over|in|across) (?:the )?(?:first |next |last )?(?:\w+|\d+) years?|since (?:19|20)\d\d|"
    r"by (?:19|20)\d\d(?:\s*[/-]\s*\d\d)?|pounds|gbp|sterling)$"
)


def unit_in_text(text: object) -> float | None:
    """The multiplier a header or title states: '£000' or '£ thousand' -> 1000, '£m' -> 1e6."""
    m = _UNIT_IN_TEXT.search(str(text or ""))
    if not m:
        return None
    word = next(g for g in m.groups() if g).lower()
    return _UNIT_WORDS.get(word, _UNIT_WORDS.get(word.rstrip("s")))


def parse_money(cell: object, multiplier: float = 1.0) -> float | None:
    """Pounds from a cell: '£1.2m' -> 1_200_000; '1,200' with multiplier 1000 -> 1_200_000;
    '(300)' -> -300. A unit written in the cell wins over the column's multiplier."""
    if cell is None or isinstance(cell, bool):
        return None
    if isinstance(cell, int | float):
        if math.isnan(cell) or math.isinf(cell):
            return None
        return float(cell) * multiplier
    raw = str(cell).strip()
    if raw.isdigit():  # the usual CSV cell: plain digits
        return float(raw) * multiplier
    if not raw:
        return None
    text = _SPACES.sub(" ", raw.lower()).replace("\u00a3", "£")
    text = _HEDGE.sub("", text)
    while True:  # "£1m a year to date (est)": strip the words after the amount, one at a time
        shorter = _TAIL.sub("", _PER_YEAR.sub("", text)).strip()
        if shorter == text or not shorter:
            break
        text = shorter
    if text in MISSING_MARKERS:
        return None
    m = _MONEY.match(text)
    if not m:
        raise ValueError(f"'{str(cell)[:40]}' is not an amount of money")
    value = float(m.group("num").replace(",", "").replace(" ", ""))
    if m.group("unit"):
        value *= _UNIT_WORDS[m.group("unit")]
    else:
        value *= multiplier
    negative = bool(m.group("neg") or m.group("neg2") or m.group("neg3")) or (
        text.startswith("(") and text.endswith(")")
    )
    return -value if negative else value


_YEAR_PATTERNS = (
    (re.compile(r"^(?:fy\s*)?((?:19|20)\d\d)\s*[-/]\s*(\d{2}|\d{4})$"), lambda m: int(m.group(1))),
    (re.compile(r"^((?:19|20)\d\d)(?:\.0)?$"), lambda m: int(m.group(1))),
    (re.compile(r"^fy\s*'?(\d{2})$"), lambda m: 2000 + int(m.group(1)) - 1),  # FY17 = 2016-17
    (re.compile(r"^(\d{2})\s*[-/]\s*(\d{2})$"), lambda m: 2000 + int(m.group(1))),  # 16/17
    (re.compile(r"^fy\s*((?:19|20)\d\d)$"), lambda m: int(m.group(1)) - 1),  # FY2017 = 2016-17
    (re.compile(r"^(?:[a-z]+\s+)?((?:19|20)\d\d)$"), lambda m: int(m.group(1))),  # "April 2016"
)


def parse_year(cell: object) -> int | None:
    """The (start) year a cell names: 2016, '2016/17', '2016-17', 'FY17' (2016-17) -> 2016."""
    if cell is None or isinstance(cell, bool):
        return None
    if isinstance(cell, dt.date | dt.datetime):
        return cell.year
    if isinstance(cell, int | float):
        if isinstance(cell, float) and (math.isnan(cell) or not cell.is_integer()):
            if math.isnan(cell):
                return None
            raise ValueError(f"'{cell}' is not a year")
        if 1990 <= int(cell) <= 2100:
            return int(cell)
        raise ValueError(f"'{cell}' is not a year between 1990 and 2100")
    text = str(cell).strip().lower()
    if len(text) == 4 and text.isdigit() and 1990 <= int(text) <= 2100:
        return int(text)
    if text in MISSING_MARKERS:
        return None
    for pattern, year in _YEAR_PATTERNS:
        m = pattern.match(text)
        if m:
            value = year(m)
            if 1990 <= value <= 2100:
                return value
    raise ValueError(f"'{str(cell)[:40]}' is not a year (try 2016, 2016/17 or FY17)")


_PROJECTED = re.compile(
    r"\b(target|projected|projection|forecast|expected|estimated?|est\b|planned|"
    r"anticipated|potential|could|will|proposed|aim)",
    re.IGNORECASE,
)
_CUMULATIVE = re.compile(
    r"\b(cumulative|to date|since|so far|in total|total|over \w+ years?|to 20\d\d|by 20\d\d)", re.IGNORECASE
)
_ANNUAL = re.compile(
    r"(\bp\.?\s?a\b\.?|per annum|per year|a year|each year|annual|yearly|recurring|ongoing)", re.IGNORECASE
)
_ONE_OFF = re.compile(r"\b(one[- ]off|one[- ]time|single|non[- ]recurring)\b", re.IGNORECASE)


def parse_basis(*texts: object) -> str | None:
    """The canonical basis from free words ('£1m p.a.', 'to date', 'target by 2020'), or None.

    Returns annual | cumulative | one-off | projected-annual | projected-cumulative.
    """
    return _basis_of(" ".join(str(t) for t in texts if t is not None and str(t).strip()))


@lru_cache(maxsize=8192)
def _basis_of(text: str) -> str | None:
    """parse_basis on joined text; memoised because registers repeat the same few words."""
    if not text.strip():
        return None
    canon = text.strip().lower()
    if canon in BASES:
        return canon
    if _ONE_OFF.search(text):
        return "one-off"
    projected = bool(_PROJECTED.search(text))
    if _ANNUAL.search(text):
        kind = "annual"
    elif _CUMULATIVE.search(text):
        kind = "cumulative"
    else:
        return "projected-annual" if projected else None
    return f"projected-{kind}" if projected else kind
